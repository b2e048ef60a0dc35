// Queries over the index (SPEC §7): clips, attentions, reports. Each query
// picks the most selective secondary index and filters the rest.
#ifndef CUSTODIA_QUERY_H_
#define CUSTODIA_QUERY_H_

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "custodia/index.h"
#include "custodia/status.h"

namespace custodia {

constexpr TimeMs kTimeMin = std::numeric_limits<TimeMs>::min() / 2;
constexpr TimeMs kTimeMax = std::numeric_limits<TimeMs>::max() / 2;

struct ClipQuery {
  std::string officer, device, status;
  TimeMs from = kTimeMin, to = kTimeMax;  // recording overlaps [from, to)
  std::string attention;                  // linked to this attention
  std::string module, category;           // linked to an attention of this module / category
  std::optional<int64_t> zone;            // linked to an attention in this zone
  bool unlinked = false;                  // linked to no attention
  size_t limit = 0;                       // 0 = no limit
};

// Clips matching every filter, ordered by recording start then id.
Result<std::vector<ClipRecord>> FindClips(Index& index, const ClipQuery& q);

}  // namespace custodia

#endif  // CUSTODIA_QUERY_H_
