// Checking clips in the vault (`custodia verify`, `verify-file`): every
// problem is reported (restic's check --read-data), each naming the clip.
#ifndef CUSTODIA_VERIFY_H_
#define CUSTODIA_VERIFY_H_

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "custodia/index.h"
#include "custodia/station.h"

namespace custodia {

struct ClipProblem {
  std::string clip;  // sha256 hex
  std::string what;  // "object: SHA-256 does not match (read 1234 bytes)"
};

struct VerifyOptions {
  std::vector<std::string> clips;  // full ids (already resolved)
  bool all = false;
  bool read_data = false;
  int64_t older_than_ms = -1;      // only clips not verified (read-data) within this
  size_t sample = 0;               // a random sample of this many clips
  int jobs = 2;
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(uint64_t bytes_done, uint64_t bytes_total, const std::string& clip)> progress;
};

struct VerifyReport {
  std::string scope;  // all | list | older-than | sample
  uint64_t checked = 0, ok = 0, failed = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  std::vector<ClipProblem> problems;
  std::vector<std::string> failed_clips;
  bool interrupted = false;
  Json ToJson() const;
};

// Checks the selected clips and logs one `verify` entry with the outcome.
// Without read_data: files present, sizes, manifest signature and content,
// signature files parse. With read_data: also every byte of every object and
// sidecar is read back (around the page cache) and hashed; the clip
// signature is verified against the data.
Result<VerifyReport> VerifyClips(Station& station, const VerifyOptions& opts);

// Checks one clip; appends its problems. Thread-safe.
void CheckClip(Station& station, const ClipRecord& clip, bool read_data, std::vector<ClipProblem>* problems,
               uint64_t* bytes_read);

// Is this exact file in the vault? (verify-file)
struct FileMatch {
  std::string path;
  std::string sha256;
  uint64_t size = 0;
  bool found = false;
  bool is_sidecar = false;
  std::optional<ClipRecord> clip;            // the clip (or the clip of the sidecar)
  std::vector<LinkRecord> attentions;        // linked attentions
  Json ToJson() const;
};
Result<std::vector<FileMatch>> MatchFiles(Station& station, const std::vector<std::string>& paths);

}  // namespace custodia

#endif  // CUSTODIA_VERIFY_H_
