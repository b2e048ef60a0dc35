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

struct AttentionQuery {
  std::string module;             // exact stored name (see ResolveModule)
  std::optional<int64_t> zone;
  std::string category;           // category id (NormalizeCategory)
  std::string officer;
  TimeMs from = kTimeMin, to = kTimeMax;  // opened_at in [from, to)
  enum class Clips { kAny, kWith, kWithout } clips = Clips::kAny;
  size_t limit = 0;               // 0 = no limit
};

struct AttentionRow {
  AttentionState state;
  size_t clips = 0;  // linked clips
};

// Attentions matching every filter, ordered by opened_at then id. Scans the
// most selective dimension index (officer, module+category, category, module,
// zone) over the time range, and reads only the records that pass it.
Result<std::vector<AttentionRow>> FindAttentions(Index& index, const AttentionQuery& q);

// A module name as typed (any case, with or without accents) -> the name the
// vault stores. kInvalid listing the modules if none matches.
Result<std::string> ResolveModule(Index& index, std::string_view typed);

// Case- and accent-insensitive form of a name ("Jorge Chávez" -> "jorge chavez").
std::string FoldName(std::string_view s);

}  // namespace custodia

#endif  // CUSTODIA_QUERY_H_
