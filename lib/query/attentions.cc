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
  std::vector<std::pair<TimeMs, std::string>> ids;
  RETURN_IF_ERROR(index.ScanAttentions(scan.dim, scan.value, q.from, q.to, [&](const std::string& id, TimeMs opened) {
    ids.emplace_back(opened, id);
    return true;
  }));
  std::sort(ids.begin(), ids.end());
  std::vector<AttentionRow> out;
  // In chunks of the result order (so --limit reads little), each chunk's
  // records and link counts read in one batch.
  constexpr size_t kChunk = 8192;
  std::vector<std::string> chunk;
  for (size_t begin = 0; begin < ids.size(); begin += kChunk) {
    size_t n = std::min(kChunk, ids.size() - begin);
    chunk.clear();
    for (size_t i = 0; i < n; ++i) chunk.push_back(std::move(ids[begin + i].second));
    ASSIGN_OR_RETURN(auto states, index.GetAttentions(chunk));
    std::vector<size_t> counts(n, 0);
    ASSIGN_OR_RETURN(counts, index.AttentionLinkCounts(chunk));
    for (size_t i = 0; i < n; ++i) {
      auto& state = states[i];
      if (!state || !Matches(state->record, q)) continue;
      AttentionRow row;
      row.clips = counts[i];
      if (q.clips != AttentionQuery::Clips::kAny && (row.clips > 0) != (q.clips == AttentionQuery::Clips::kWith)) {
        continue;
      }
      row.state = std::move(*state);
      out.push_back(std::move(row));
      if (q.limit && out.size() >= q.limit) return out;
    }
  }
  return out;
}

}  // namespace custodia
