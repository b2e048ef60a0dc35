// FindAttentions: `custodia attentions` (SPEC §7): attentions match on
// opened_at in [from, to) and on every dimension given.
#include <algorithm>

#include "custodia/query.h"

namespace custodia {

namespace {

struct Scan {
  std::optional<AttDim> dim;  // nullopt: by time
  std::string value;
};

// The dimension index with the fewest attentions among those the query
// names (the counters give the sizes).
Result<Scan> ChooseScan(Index& index, const AttentionQuery& q) {
  std::vector<Scan> candidates;
  if (!q.officer.empty()) candidates.push_back({AttDim::kOfficer, q.officer});
  if (!q.module.empty() && !q.category.empty()) {
    candidates.push_back({AttDim::kModuleCategory, q.module + '\x1f' + q.category});
  } else {
    if (!q.category.empty()) candidates.push_back({AttDim::kCategory, q.category});
    if (!q.module.empty()) candidates.push_back({AttDim::kModule, q.module});
  }
  if (q.zone) candidates.push_back({AttDim::kZone, std::to_string(*q.zone)});
  if (candidates.empty()) return Scan{};
  if (candidates.size() == 1) return candidates[0];
  Scan best;
  int64_t best_count = -1;
  for (const auto& c : candidates) {
    ASSIGN_OR_RETURN(auto counts, index.CountsByDay(*c.dim, INT64_MIN, INT64_MAX));
    auto it = counts.find(c.value);
    int64_t n = it == counts.end() ? 0 : it->second;
    if (best_count < 0 || n < best_count) {
      best = c;
      best_count = n;
    }
  }
  return best;
}

bool Matches(const Attention& a, const AttentionQuery& q) {
  if (!q.module.empty() && a.module != q.module) return false;
  if (q.zone && a.zone != *q.zone) return false;
  if (!q.category.empty() && a.category != q.category) return false;
  if (!q.officer.empty() && std::find(a.officers.begin(), a.officers.end(), q.officer) == a.officers.end()) {
    return false;
  }
  return a.opened_at >= q.from && a.opened_at < q.to;
}

}  // namespace

Result<std::vector<AttentionRow>> FindAttentions(Index& index, const AttentionQuery& q) {
  ASSIGN_OR_RETURN(Scan scan, ChooseScan(index, q));
  std::vector<AttentionRow> out;
  // Matching records in (opened_at, id) order, their link counts read a
  // chunk at a time (so --limit reads little).
  constexpr size_t kChunk = 8192;
  std::vector<AttentionRow> chunk;
  bool full = false;
  auto flush = [&]() -> Status {
    std::vector<std::string> ids;
    ids.reserve(chunk.size());
    for (const auto& r : chunk) ids.push_back(r.state.record.id);
    ASSIGN_OR_RETURN(auto counts, index.AttentionLinkCounts(ids));
    for (size_t i = 0; i < chunk.size() && !full; ++i) {
      chunk[i].clips = counts[i];
      if (q.clips != AttentionQuery::Clips::kAny &&
          (counts[i] > 0) != (q.clips == AttentionQuery::Clips::kWith)) {
        continue;
      }
      out.push_back(std::move(chunk[i]));
      full = q.limit && out.size() >= q.limit;
    }
    chunk.clear();
    return Status::Ok();
  };
  Status err;
  RETURN_IF_ERROR(index.ScanAttentionStates(scan.dim, scan.value, q.from, q.to, [&](AttentionState&& st) {
    if (!Matches(st.record, q)) return true;
    chunk.push_back(AttentionRow{});
    chunk.back().state = std::move(st);
    if (chunk.size() < kChunk) return true;
    err = flush();
    return err.ok() && !full;
  }));
  RETURN_IF_ERROR(err);
  if (!full && !chunk.empty()) RETURN_IF_ERROR(flush());
  return out;
}

}  // namespace custodia
