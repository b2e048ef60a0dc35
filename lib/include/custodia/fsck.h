// custodia fsck: finds what a crash, a full disk or a careless hand left in a
// vault, and with --repair completes it or moves it to quarantine/. Never
// deletes a complete object; never touches a line of the custody log.
#ifndef CUSTODIA_FSCK_H_
#define CUSTODIA_FSCK_H_

#include <functional>
#include <string>
#include <vector>

#include "custodia/station.h"

namespace custodia {

struct FsckProblem {
  std::string kind;     // layout | key | log | index | orphan-object | missing-object | ...
  std::string path;     // the file concerned ("" if none)
  std::string clip;     // the clip concerned ("" if none)
  std::string message;  // what is wrong and what to do
  std::string repair;   // what --repair did ("" if nothing)
  bool repaired = false;
  Json ToJson() const;
};

struct FsckReport {
  uint64_t objects = 0, clips = 0, manifests = 0;
  std::vector<FsckProblem> problems;
  size_t unrepaired() const;
  Json ToJson() const;
};

struct FsckOptions {
  bool repair = false;
  std::function<void(const std::string& phase, uint64_t done, uint64_t total)> progress;
};

// Checks the vault; logs one `fsck` entry (when the vault can be written).
Result<FsckReport> Fsck(Station& station, const FsckOptions& opts);

}  // namespace custodia

#endif  // CUSTODIA_FSCK_H_
