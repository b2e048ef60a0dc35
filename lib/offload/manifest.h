// The clip manifest (SPEC §3, schemas/clip-manifest.schema.json): canonical
// JSON describing one clip, signed in minisign format beside it.
#ifndef CUSTODIA_OFFLOAD_MANIFEST_H_
#define CUSTODIA_OFFLOAD_MANIFEST_H_

#include <optional>
#include <string>
#include <vector>

#include "custodia/json.h"
#include "custodia/probe.h"
#include "custodia/status.h"
#include "custodia/time.h"
#include "custodia/vault.h"

namespace custodia {

struct SidecarFacts {
  std::string name;
  std::string sha256;
  uint64_t size = 0;
};

struct ManifestFacts {
  std::string sha256;
  uint64_t size = 0;
  std::string original_name, original_path;
  TimeMs original_mtime = 0;
  std::string device, officer, officer_source;
  std::optional<TimeMs> profile_start;  // from the device profile's file name pattern
  std::string profile;
  std::vector<SidecarFacts> sidecars;
  std::string station, offload_id;
  TimeMs ingested_at = 0;
};

// Decides recorded {start, end, source} (creation_time, else profile, else
// mtime as the end) and builds the manifest.
Json BuildManifest(const ManifestFacts& facts, const ProbeResult& probe);

// The custody `ingest` entry's details for a manifest (the fields the index
// needs, plus the manifest's own SHA-256 and the source identity).
Result<Json> IngestDetails(const Json& manifest, const std::string& manifest_sha256, uint64_t source_size,
                           int64_t source_mtime_ns);

// Facts for the clip signature's trusted comment, from a manifest.
Result<ClipFacts> ClipFactsOf(const Json& manifest);

}  // namespace custodia

#endif  // CUSTODIA_OFFLOAD_MANIFEST_H_
