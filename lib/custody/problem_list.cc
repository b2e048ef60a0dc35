#include "custody/problem_list.h"

#include <algorithm>

namespace custodia::custody_internal {

void ProblemList::AddRun(const std::string& kind, uint64_t seq, Describe describe) {
  auto it = runs_.find(kind);
  if (it != runs_.end()) {
    if (it->second.last == seq) return;
    if (it->second.last + 1 == seq) {
      it->second.last = seq;
      return;
    }
    Close(it->second);
    runs_.erase(it);
  }
  runs_.emplace(kind, Run{seq, seq, std::move(describe)});
}

void ProblemList::Add(std::optional<uint64_t> seq, std::string message) {
  if (listed_.size() >= max_listed_) {
    ++unlisted_;
    return;
  }
  listed_.push_back({seq, std::move(message)});
}

void ProblemList::Close(const Run& run) { Add(run.first, run.describe(run.first, run.last)); }

std::vector<LogProblem> ProblemList::Finish() {
  for (const auto& [kind, run] : runs_) Close(run);
  runs_.clear();
  std::stable_sort(listed_.begin(), listed_.end(), [](const LogProblem& a, const LogProblem& b) {
    return a.seq.value_or(UINT64_MAX) < b.seq.value_or(UINT64_MAX);
  });
  std::vector<LogProblem> out = std::move(listed_);
  listed_.clear();
  if (unlisted_ > 0) {
    out.push_back({std::nullopt, "... and " + std::to_string(unlisted_) + " more problems not listed"});
    unlisted_ = 0;
  }
  return out;
}

}  // namespace custodia::custody_internal
