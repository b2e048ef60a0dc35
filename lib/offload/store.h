// Writing one clip's files into the vault: the object (write-once, 0444,
// named by its SHA-256), the clip signature and the signed manifest.
#ifndef CUSTODIA_OFFLOAD_STORE_H_
#define CUSTODIA_OFFLOAD_STORE_H_

#include <string>

#include "custodia/hash.h"
#include "custodia/json.h"
#include "custodia/station.h"
#include "custodia/status.h"

namespace custodia {

// Moves a fully written, fsynced temporary file into objects/ under its hash.
// If the object is already there the temporary file is dropped. Checks the
// placed object's size.
Status PlaceObject(Station& station, const std::string& tmp_path, const std::string& sha_hex, uint64_t size);

// The manifest of a clip: reuses a valid signed one already in the vault (a
// re-run after a crash finishes the job), else writes `fresh` and its
// signature. Returns the manifest in force and its SHA-256 (of the file bytes).
struct StoredManifest {
  Json manifest;
  std::string sha256;
  bool reused = false;
};
Result<StoredManifest> StoreManifest(Station& station, const std::string& clip_sha, const Json& fresh);

// The clip signature (minisign, prehashed) with the trusted comment of SPEC §4
// built from the manifest; an existing valid one is kept.
Status StoreClipSignature(Station& station, const Json& manifest, const Blake2bDigest& prehash);

}  // namespace custodia

#endif  // CUSTODIA_OFFLOAD_STORE_H_
