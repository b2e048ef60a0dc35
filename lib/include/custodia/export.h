// `custodia export`: an auditor's bundle of clips, their signed manifests, the
// attention records, the custody entries about them with inclusion proofs
// against a signed checkpoint, and instructions to check all of it with
// minisign, sha256sum and python3 (SPEC §9, doc/formats/bundle.md).
//
// Order: the export is logged first (its reason, its subjects), through
// Station::Commit, which signs a checkpoint covering it; the bundle is then
// built against that checkpoint in a temporary directory beside the target
// and renamed into place at the very end, so an interrupted export never
// leaves a directory that looks like a complete bundle.
#ifndef CUSTODIA_EXPORT_H_
#define CUSTODIA_EXPORT_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "custodia/station.h"
#include "custodia/status.h"

namespace custodia {

struct ExportOptions {
  std::optional<std::string> attention;  // --attention ID (exact id)
  std::vector<std::string> clips;        // --clip ID… (full ids, already resolved)
  std::string out;                       // --out DIR: must not exist or be an empty directory
  std::string reason;                    // --reason (mandatory)
  const std::atomic<bool>* cancel = nullptr;
  // bytes copied so far, of the total, and the bundle file being written.
  std::function<void(uint64_t done, uint64_t total, const std::string& file)> progress;
};

struct ExportReport {
  std::string out;  // the bundle directory
  uint64_t export_seq = 0;
  uint64_t tree_size = 0;  // the checkpoint the bundle is built against
  std::vector<std::string> clips, attentions;
  uint64_t sidecars = 0, entries = 0, files = 0, bytes = 0;
  std::vector<std::string> key_ids;  // every key the station had (keys/ of the bundle)
  Json ToJson() const;
};

// Fails before logging anything (kInvalid/kNotFound: exit 2) on a missing
// reason, a non-empty or unusable DIR, an unknown clip or attention, or
// nothing to export; kIntegrity if a clip's stored files are damaged. A
// failure after the export was logged removes the partial bundle and logs a
// second `export` entry with outcome "failed".
Result<ExportReport> ExportBundle(Station& station, const ExportOptions& opts);

}  // namespace custodia

#endif  // CUSTODIA_EXPORT_H_
