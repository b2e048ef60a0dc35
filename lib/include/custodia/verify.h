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

// Is this exact file in the vault? (verify-file) Files are found by SHA-256,
// so a clip copied out of an export bundle (clips/<time>_<device>_<id>.<ext>)
// is found like any other copy; its bundle name is also read, to say when a
// file named after a clip no longer has that clip's bytes.
struct FileMatch {
  std::string path;
  std::string sha256;
  uint64_t size = 0;
  bool found = false;
  bool is_sidecar = false;
  std::optional<ClipRecord> clip;            // the clip (or the clip of the sidecar)
  std::vector<LinkRecord> attentions;        // linked attentions
  std::vector<AttentionState> attention_records;  // their current records (those still in the index)
  // Named like a clip in an export bundle: the clip(s) its name's id prefix
  // matches in the vault. When the file is not found, or is another clip,
  // its bytes are not the clip its name says (altered, damaged or renamed).
  std::optional<std::string> bundle_name_id;
  std::vector<std::string> named_clips;
  bool name_mismatch() const;
  Json ToJson() const;
};
// The id in a bundle clip name ("20260115T140000Z_CAM-01_3f2a9c01.mp4" ->
// "3f2a9c01"), if the name has that shape.
std::optional<std::string> BundleNameId(std::string_view file_name);
Result<std::vector<FileMatch>> MatchFiles(Station& station, const std::vector<std::string>& paths);

}  // namespace custodia

#endif  // CUSTODIA_VERIFY_H_
