// Walking a camera's storage: which files are clips, which are their
// sidecars, which are skipped (SPEC §3/§8). Symlinks are never followed.
#ifndef CUSTODIA_OFFLOAD_SCAN_H_
#define CUSTODIA_OFFLOAD_SCAN_H_

#include <string>
#include <vector>

#include "custodia/env.h"
#include "custodia/profile.h"
#include "custodia/status.h"

namespace custodia {

struct SourceFile {
  std::string path;      // absolute
  std::string rel_path;  // relative to the source root ('/'-separated)
  std::string root;      // the source root it was found under
  FileInfo info;
};

struct ClipItem {
  SourceFile media;
  std::vector<SourceFile> sidecars;
};

struct ScanResult {
  std::vector<ClipItem> clips;
  std::vector<SourceFile> skipped;            // other files (listed, never wiped)
  std::vector<std::pair<SourceFile, std::string>> unreadable;  // files we could not stat/list, and why
};

// Sources must exist (a missing one is kInvalid, checked before any work).
Result<ScanResult> ScanSources(Env* env, const std::vector<std::string>& sources, const ProfileMatcher& profile);

}  // namespace custodia

#endif  // CUSTODIA_OFFLOAD_SCAN_H_
