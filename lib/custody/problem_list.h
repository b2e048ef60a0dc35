// Collects log verification problems. A problem that repeats on consecutive
// entries (every line after a deleted one is shifted, every offset after an
// edit of a different length is off) is reported once, with its range, so the
// report names every problem without drowning the first in a million copies.
#ifndef CUSTODIA_CUSTODY_PROBLEM_LIST_H_
#define CUSTODIA_CUSTODY_PROBLEM_LIST_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "custodia/custody.h"

namespace custodia::custody_internal {

class ProblemList {
 public:
  // Writes the message for a run of entries first..last.
  using Describe = std::function<std::string(uint64_t first, uint64_t last)>;

  explicit ProblemList(size_t max_listed = 1000) : max_listed_(max_listed) {}

  // A problem of kind `kind` at entry `seq`; extends the open run of that
  // kind if it ended at seq-1 (the first run's Describe is kept).
  void AddRun(const std::string& kind, uint64_t seq, Describe describe);
  void Add(std::optional<uint64_t> seq, std::string message);
  bool empty() const { return listed_.empty() && runs_.empty() && unlisted_ == 0; }

  // Closes open runs; problems sorted by entry (those without one last).
  std::vector<LogProblem> Finish();

 private:
  struct Run {
    uint64_t first, last;
    Describe describe;
  };
  void Close(const Run& run);

  size_t max_listed_;
  std::map<std::string, Run> runs_;
  std::vector<LogProblem> listed_;
  uint64_t unlisted_ = 0;
};

}  // namespace custodia::custody_internal

#endif  // CUSTODIA_CUSTODY_PROBLEM_LIST_H_
