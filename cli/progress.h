// Showing long work (SPEC §7): a bar on a TTY, plain lines otherwise, NDJSON
// events with --progress=ndjson (doc/formats/progress.md), or nothing.
#ifndef CUSTODIA_CLI_PROGRESS_H_
#define CUSTODIA_CLI_PROGRESS_H_

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "custodia/json.h"
#include "custodia/offload.h"

namespace custodia::cli {

// A progress line for any long job (bytes, rate, ETA, current item).
class ProgressBar {
 public:
  explicit ProgressBar(FILE* out, bool tty) : out_(out), tty_(tty), start_(std::chrono::steady_clock::now()) {}
  void Update(uint64_t done, uint64_t total, uint64_t items_done, uint64_t items_total, const std::string& current,
              bool force = false);
  void Finish();

 private:
  FILE* out_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_{};
  size_t last_len_ = 0;
};

// "auto" resolves to bar when stderr is a TTY, else plain.
std::string ResolveProgressMode(const std::string& mode);

std::unique_ptr<OffloadObserver> MakeOffloadObserver(const std::string& mode);

// One NDJSON event line on stdout, flushed.
void EmitEvent(const Json& event);

// The byte-progress callback of a long job that names its current item
// (verify, export): for "bar"/"plain" the bar, counting distinct items; for
// "ndjson" `progress` events; else none. `bar` must outlive the callback.
using ByteProgress = std::function<void(uint64_t done, uint64_t total, const std::string& current)>;
ByteProgress MakeByteProgress(const std::string& mode, ProgressBar& bar);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_PROGRESS_H_
