// Links between clips and attentions (SPEC §6). Auto-link: a clip links to
// an attention when the clip's officer is among the attention's officers and
// the recording overlaps [opened_at - margin, closed_at + margin]. Auto-link
// only adds links, never re-adds one a person removed (manual unlink), and
// records how each link was made.
#ifndef CUSTODIA_LINK_H_
#define CUSTODIA_LINK_H_

#include <string>
#include <vector>

#include "custodia/custody.h"
#include "custodia/station.h"

namespace custodia {

constexpr int64_t kDefaultLinkMarginMs = 10 * 60 * 1000;

struct AutoLinkOptions {
  int64_t margin_ms = kDefaultLinkMarginMs;
  std::vector<std::string> clips;       // consider these clips...
  std::vector<std::string> attentions;  // ...and these attentions
  bool all = false;                     // every clip (link auto)
};

// Under the lock: the `link` entries auto-link would add now (not committed).
Result<std::vector<CustodyEntry>> PlanAutoLinks(CommitContext& ctx, const AutoLinkOptions& opts);

// True if the clip (officer, [start, end]) matches the attention by the rule.
bool AutoLinkMatches(const ClipRecord& clip, const Attention& att, int64_t margin_ms);

}  // namespace custodia

#endif  // CUSTODIA_LINK_H_
