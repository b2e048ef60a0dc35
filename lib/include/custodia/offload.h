// `custodia offload` (SPEC §8): copy every clip of a docked camera into the
// vault in one pass, hash, sign, probe, log, index, link; optionally wipe the
// camera's copy once ours is durable, read back, verified, signed, logged and
// indexed.
#ifndef CUSTODIA_OFFLOAD_H_
#define CUSTODIA_OFFLOAD_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "custodia/json.h"
#include "custodia/station.h"
#include "custodia/status.h"

namespace custodia {

struct OffloadOptions {
  std::vector<std::string> sources;  // directories (camera mounts) or files
  std::string device;                // --device: the camera's serial
  std::string officer;               // --officer
  std::string profile = "generic";   // --profile
  int jobs = 0;                      // --jobs; 0 = one per source filesystem (max 4)
  bool wipe = false;                 // --wipe
  bool auto_link = true;             // link to attentions after the offload
  int64_t link_margin_ms = 10 * 60 * 1000;
  const std::atomic<bool>* cancel = nullptr;  // set by SIGINT/SIGTERM
};

// One file of the source, as the receipt lists it.
struct OffloadFile {
  std::string path;        // absolute path on the source
  std::string kind;        // media | sidecar | other
  uint64_t size = 0;
  std::string sha256;      // "" if not hashed
  std::string outcome;     // ingested | duplicate | flagged | failed | skipped (+ wiped flag)
  bool wiped = false;
  std::string clip;        // for sidecars: the clip they belong to
  std::string media_status;  // ok | truncated | unreadable (media)
  std::string error;       // why it failed / was skipped
  std::optional<uint64_t> error_offset;

  Json ToJson() const;
};

struct OffloadSummary {
  std::string offload_id;
  uint64_t files = 0, ingested = 0, duplicates = 0, flagged = 0, failed = 0, skipped = 0, wiped = 0;
  uint64_t bytes = 0;   // bytes read from the source
  double seconds = 0;
  double mb_per_s = 0;
  uint64_t links = 0;   // automatic links made
  bool interrupted = false;
  std::string receipt;  // path of the signed receipt
  std::vector<OffloadFile> file_list;
  int exit_code = 0;    // SPEC §7: 0, 3 (partly done), 4 (nothing done, I/O), 10/11/1 (vault)
  Status error;         // the first error that stopped units from being committed

  Json ToJson() const;  // {"schema":"custodia.offload/1", counts…, "files":[…]}
};

// Progress events (rendered by the CLI as a bar, plain lines or NDJSON).
// Called from several threads, never concurrently (serialized).
class OffloadObserver {
 public:
  virtual ~OffloadObserver() = default;
  virtual void OnStart(const std::string& offload_id, uint64_t files, uint64_t bytes) = 0;
  virtual void OnFileStart(const std::string& path, uint64_t size) = 0;
  virtual void OnProgress(uint64_t bytes_done, uint64_t bytes_total, const std::string& current) = 0;
  virtual void OnFileDone(const OffloadFile& file) = 0;
  virtual void OnSummary(const OffloadSummary& summary) = 0;
};

// Runs the offload. A non-ok Result means nothing could start (bad source,
// unusable vault or key): exit 2/10/11. Otherwise the summary's exit_code
// says how it went.
Result<OffloadSummary> Offload(Station& station, const OffloadOptions& opts, OffloadObserver* observer);

}  // namespace custodia

#endif  // CUSTODIA_OFFLOAD_H_
