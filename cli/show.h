// Gathering what `show` displays, for clips and attentions.
#ifndef CUSTODIA_CLI_SHOW_H_
#define CUSTODIA_CLI_SHOW_H_

#include <string>
#include <vector>

#include "context.h"
#include "custodia/index.h"
#include "custodia/station.h"

namespace custodia::cli {

struct ClipView {
  ClipRecord clip;
  Json manifest;
  std::string manifest_status;   // "signed by KEY, verified" or the problem
  std::string signature_status;  // clip signature
  bool problems = false;
  std::vector<LinkRecord> links;
  std::vector<CustodyEntry> custody;
  Json ToJson() const;
};

Result<ClipView> LoadClipView(Station& st, Index& index, const std::string& id, bool read_data);

// Prints an attention (record, revisions, linked clips); returns the exit code.
int ShowAttention(Context& ctx, Station& st, Index& index, const AttentionState& att);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_SHOW_H_
