#include "custodia/link.h"

#include <algorithm>
#include <set>

namespace custodia {

namespace {
std::string RuleText(int64_t margin_ms) {
  int64_t m = margin_ms / 60000;
  return "officer+overlap margin=" + (margin_ms % 60000 == 0 ? std::to_string(m) + "m" : std::to_string(margin_ms) + "ms");
}
}  // namespace

bool AutoLinkMatches(const ClipRecord& clip, const Attention& att, int64_t margin_ms) {
  if (clip.officer.empty()) return false;
  if (std::find(att.officers.begin(), att.officers.end(), clip.officer) == att.officers.end()) return false;
  TimeMs lo = att.opened_at - margin_ms, hi = att.closed_at + margin_ms;
  TimeMs end = std::max(clip.end, clip.start);
  // Closed intervals [start, end] and [lo, hi] overlap.
  return clip.start <= hi && end >= lo;
}

Result<std::vector<CustodyEntry>> PlanAutoLinks(CommitContext& ctx, const AutoLinkOptions& opts) {
  Index* index = ctx.index;
  std::set<std::pair<std::string, std::string>> pairs;  // (clip, attention)
  ASSIGN_OR_RETURN(IndexMeta meta, index->Meta());

  auto consider_clip = [&](const ClipRecord& clip) -> Status {
    if (clip.officer.empty()) return Status::Ok();
    TimeMs end = std::max(clip.end, clip.start);
    Status inner;
    RETURN_IF_ERROR(index->ScanAttentions(
        AttDim::kOfficer, clip.officer, clip.start - opts.margin_ms - meta.max_attention_ms - 1,
        end + opts.margin_ms + 1, [&](const std::string& id, TimeMs) {
          auto att = index->GetAttention(id);
          if (!att.ok()) {
            inner = att.status();
            return false;
          }
          if (*att && AutoLinkMatches(clip, (*att)->record, opts.margin_ms)) pairs.insert({clip.sha256, id});
          return true;
        }));
    return inner;
  };

  if (opts.all) {
    Status inner;
    RETURN_IF_ERROR(index->ForEachClip([&](const ClipRecord& c) {
      inner = consider_clip(c);
      return inner.ok();
    }));
    RETURN_IF_ERROR(inner);
  }
  for (const auto& sha : opts.clips) {
    ASSIGN_OR_RETURN(auto clip, index->GetClip(sha));
    if (clip) RETURN_IF_ERROR(consider_clip(*clip));
  }
  for (const auto& id : opts.attentions) {
    ASSIGN_OR_RETURN(auto att, index->GetAttention(id));
    if (!att) continue;
    const Attention& a = att->record;
    for (const auto& officer : a.officers) {
      Status inner;
      RETURN_IF_ERROR(index->ScanClips("officer", officer, a.opened_at - opts.margin_ms,
                                       a.closed_at + opts.margin_ms + 1,
                                       [&](const std::string& sha, TimeMs, TimeMs) {
                                         auto clip = index->GetClip(sha);
                                         if (!clip.ok()) {
                                           inner = clip.status();
                                           return false;
                                         }
                                         if (*clip && AutoLinkMatches(**clip, a, opts.margin_ms)) {
                                           pairs.insert({sha, a.id});
                                         }
                                         return true;
                                       }));
      RETURN_IF_ERROR(inner);
    }
  }

  std::vector<CustodyEntry> out;
  for (const auto& [sha, id] : pairs) {
    ASSIGN_OR_RETURN(auto existing, index->GetLink(sha, id));
    if (existing) continue;
    ASSIGN_OR_RETURN(auto block, index->GetLinkBlock(sha, id));
    if (block) continue;  // a person unlinked it: never undone automatically
    CustodyEntry e = ctx.station->NewEntry("link");
    e.clips = {sha};
    e.attentions = {id};
    e.reason = "automatic: the clip's officer is on the attention and the recording overlaps it (" +
               RuleText(opts.margin_ms) + ")";
    e.details = Json{{"method", "auto"}, {"rule", RuleText(opts.margin_ms)}, {"margin_ms", opts.margin_ms}};
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace custodia
