#include "custodia/link.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

namespace custodia {

namespace {

// Above this many attentions, an import's auto-link walks the clips instead
// when the vault has fewer clips than that.
constexpr size_t kClipDrivenThreshold = 1000;

std::string RuleText(int64_t margin_ms) {
  int64_t m = margin_ms / 60000;
  return "officer+overlap margin=" + (margin_ms % 60000 == 0 ? std::to_string(m) + "m" : std::to_string(margin_ms) + "ms");
}

using Pair = std::pair<std::string, std::string>;  // (clip, attention)

// Every (clip, attention) pair the rule matches within the scope of `opts`.
class MatchFinder {
 public:
  MatchFinder(Index* index, const AutoLinkOptions& opts) : index_(index), opts_(opts) {}

  Result<std::set<Pair>> Find() {
    ASSIGN_OR_RETURN(meta_, index_->Meta());
    bool clip_driven = opts_.all;
    if (!clip_driven && opts_.attentions.size() > kClipDrivenThreshold) {
      ASSIGN_OR_RETURN(uint64_t clips, index_->ClipCount());
      if (clips < opts_.attentions.size()) {
        clip_driven = true;
        wanted_.emplace();
        if (clips > 0) {
          for (const auto& id : opts_.attentions) wanted_->insert(id);
        }
      }
    }
    if (clip_driven) {
      Status inner;
      RETURN_IF_ERROR(index_->ForEachClip([&](const ClipRecord& c) {
        inner = ConsiderClip(c);
        return inner.ok();
      }));
      RETURN_IF_ERROR(inner);
    }
    for (const auto& sha : opts_.clips) {
      ASSIGN_OR_RETURN(auto clip, index_->GetClip(sha));
      if (clip) RETURN_IF_ERROR(ConsiderClip(*clip));
    }
    if (!clip_driven) {
      for (const auto& id : opts_.attentions) RETURN_IF_ERROR(ConsiderAttention(id));
    }
    return std::move(pairs_);
  }

 private:
  Status ConsiderClip(const ClipRecord& clip) {
    if (clip.officer.empty()) return Status::Ok();
    TimeMs end = std::max(clip.end, clip.start);
    Status inner;
    RETURN_IF_ERROR(index_->ScanAttentions(
        AttDim::kOfficer, clip.officer, clip.start - opts_.margin_ms - meta_.max_attention_ms - 1,
        end + opts_.margin_ms + 1, [&](const std::string& id, TimeMs) {
          if (wanted_ && !wanted_->count(id)) return true;
          auto att = index_->GetAttention(id);
          if (!att.ok()) {
            inner = att.status();
            return false;
          }
          if (*att && AutoLinkMatches(clip, (*att)->record, opts_.margin_ms)) pairs_.insert({clip.sha256, id});
          return true;
        }));
    return inner;
  }

  Status ConsiderAttention(const std::string& id) {
    ASSIGN_OR_RETURN(auto att, index_->GetAttention(id));
    if (!att) return Status::Ok();
    const Attention& a = att->record;
    for (const auto& officer : a.officers) {
      Status inner;
      RETURN_IF_ERROR(index_->ScanClips("officer", officer, a.opened_at - opts_.margin_ms,
                                        a.closed_at + opts_.margin_ms + 1,
                                        [&](const std::string& sha, TimeMs, TimeMs) {
                                          auto clip = index_->GetClip(sha);
                                          if (!clip.ok()) {
                                            inner = clip.status();
                                            return false;
                                          }
                                          if (*clip && AutoLinkMatches(**clip, a, opts_.margin_ms)) {
                                            pairs_.insert({sha, a.id});
                                          }
                                          return true;
                                        }));
      RETURN_IF_ERROR(inner);
    }
    return Status::Ok();
  }

  Index* index_;
  const AutoLinkOptions& opts_;
  IndexMeta meta_;
  std::optional<std::unordered_set<std::string>> wanted_;
  std::set<Pair> pairs_;
};

}  // namespace

std::optional<int64_t> RuleMarginMs(const std::string& rule) {
  size_t at = rule.find("margin=");
  if (at == std::string::npos) return std::nullopt;
  auto ms = ParseDurationMs(std::string_view(rule).substr(at + 7));
  if (!ms.ok()) return std::nullopt;
  return *ms;
}

bool AutoLinkMatches(const ClipRecord& clip, const Attention& att, int64_t margin_ms) {
  if (clip.officer.empty()) return false;
  if (std::find(att.officers.begin(), att.officers.end(), clip.officer) == att.officers.end()) return false;
  TimeMs lo = att.opened_at - margin_ms, hi = att.closed_at + margin_ms;
  TimeMs end = std::max(clip.end, clip.start);
  // Closed intervals [start, end] and [lo, hi] overlap.
  return clip.start <= hi && end >= lo;
}

Result<std::vector<CustodyEntry>> PlanAutoLinks(CommitContext& ctx, const AutoLinkOptions& opts,
                                                AutoLinkStats* stats) {
  Index* index = ctx.index;
  MatchFinder finder(index, opts);
  ASSIGN_OR_RETURN(std::set<Pair> pairs, finder.Find());
  AutoLinkStats local;
  AutoLinkStats& st = stats ? *stats : local;
  st.matches += pairs.size();
  std::vector<CustodyEntry> out;
  for (const auto& [sha, id] : pairs) {
    ASSIGN_OR_RETURN(auto existing, index->GetLink(sha, id));
    if (existing) {
      ++st.existing;
      continue;
    }
    ASSIGN_OR_RETURN(auto block, index->GetLinkBlock(sha, id));
    if (block) {  // a person unlinked it: never undone automatically
      ++st.blocked;
      continue;
    }
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

Result<std::vector<CustodyEntry>> PlanStaleAutoUnlinks(CommitContext& ctx, const AutoLinkOptions& opts,
                                                       const std::string& why) {
  Index* index = ctx.index;
  std::set<Pair> seen;
  std::vector<CustodyEntry> out;
  auto check = [&](const LinkRecord& l) -> Status {
    if (l.method != "auto" || !seen.insert({l.clip, l.attention}).second) return Status::Ok();
    std::optional<int64_t> margin = RuleMarginMs(l.rule);
    if (!margin) return Status::Ok();  // a rule we cannot re-check is left alone
    ASSIGN_OR_RETURN(auto clip, index->GetClip(l.clip));
    ASSIGN_OR_RETURN(auto att, index->GetAttention(l.attention));
    if (!clip || !att || AutoLinkMatches(*clip, att->record, *margin)) return Status::Ok();
    CustodyEntry e = ctx.station->NewEntry("unlink");
    e.clips = {l.clip};
    e.attentions = {l.attention};
    e.reason = "automatic: the rule no longer matches (" + why + ")";
    e.details = Json{{"method", "auto"}, {"rule", l.rule}, {"link_seq", l.seq}};
    out.push_back(std::move(e));
    return Status::Ok();
  };
  auto of_clip = [&](const std::string& sha) -> Status {
    ASSIGN_OR_RETURN(auto links, index->LinksOfClip(sha));
    for (const auto& l : links) RETURN_IF_ERROR(check(l));
    return Status::Ok();
  };
  if (opts.all) {
    std::vector<std::string> clips;
    RETURN_IF_ERROR(index->ForEachClip([&](const ClipRecord& c) {
      clips.push_back(c.sha256);
      return true;
    }));
    for (const auto& sha : clips) RETURN_IF_ERROR(of_clip(sha));
  }
  for (const auto& sha : opts.clips) RETURN_IF_ERROR(of_clip(sha));
  for (const auto& id : opts.attentions) {
    ASSIGN_OR_RETURN(auto links, index->LinksOfAttention(id));
    for (const auto& l : links) RETURN_IF_ERROR(check(l));
  }
  return out;
}

}  // namespace custodia
