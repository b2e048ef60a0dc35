// Links between clips and attentions (SPEC §6). Auto-link: a clip links to
// an attention when the clip's officer is among the attention's officers and
// the recording overlaps [opened_at - margin, closed_at + margin]. Auto-link
// only adds links, never re-adds one a person removed (manual unlink), and
// records how each link was made.
#ifndef CUSTODIA_LINK_H_
#define CUSTODIA_LINK_H_

#include <optional>
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

// What a plan skipped, for the user.
struct AutoLinkStats {
  uint64_t matches = 0;   // pairs the rule matches
  uint64_t existing = 0;  // ... already linked
  uint64_t blocked = 0;   // ... unlinked by a person (never re-added)
};

// Under the lock: the `link` entries auto-link would add now (not committed).
// With many attentions and fewer clips (an import of a big file) the clips
// drive the search; the result is the same.
Result<std::vector<CustodyEntry>> PlanAutoLinks(CommitContext& ctx, const AutoLinkOptions& opts,
                                                AutoLinkStats* stats = nullptr);

// Under the lock: `unlink` entries (method "auto") for automatic links in the
// scope of `opts` (its clips, its attentions, or all) that the rule, with the
// margin the link was made with, no longer matches: the clip's officer was
// amended or the attention was revised. Manual links are never touched. `why`
// goes into each entry's reason.
Result<std::vector<CustodyEntry>> PlanStaleAutoUnlinks(CommitContext& ctx, const AutoLinkOptions& opts,
                                                       const std::string& why);

// The margin of an automatic link's rule text ("officer+overlap margin=10m").
std::optional<int64_t> RuleMarginMs(const std::string& rule);

// True if the clip (officer, [start, end]) matches the attention by the rule.
bool AutoLinkMatches(const ClipRecord& clip, const Attention& att, int64_t margin_ms);

}  // namespace custodia

#endif  // CUSTODIA_LINK_H_
