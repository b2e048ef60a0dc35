// A body-worn camera's storage in the Axis layout, made from the cached
// ffmpeg fixture clip by remuxing (-c copy: fast), each clip with its own
// bytes and without a creation_time, so the recording start can only come
// from the names. Shared by tests/dock and tests/profile.
#ifndef CUSTODIA_TESTS_DOCK_CAMERA_FIXTURE_H_
#define CUSTODIA_TESTS_DOCK_CAMERA_FIXTURE_H_

#include <stdexcept>
#include <string>
#include <vector>

#include "testutil.h"

namespace custodia::testing {

// A clip at `path` (the extension picks mp4 or mkv) with unique bytes.
inline void MakeUniqueClip(const std::string& path, const std::string& tag) {
  RunResult r = RunProcess({"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i",
                            FixtureClip("mp4_notime"), "-map_metadata", "-1", "-c", "copy", "-metadata",
                            "comment=custodia camera clip " + tag, path});
  if (r.exit_code != 0) throw std::runtime_error("ffmpeg remux failed: " + r.Describe());
}

struct ExpectedClip {
  std::string rel_path, officer, device, start;
};

struct AxisCamera {
  std::vector<ExpectedClip> clips;  // media files and what their names say
  std::vector<std::string> sidecars;  // relative paths
  std::vector<std::string> others;    // relative paths offload lists as skipped
};

// Two recordings of two officers (both time spellings), a per-clip .key
// sidecar and a GNSS trail (its stem is not a clip's: skipped, never wiped).
inline AxisCamera MakeAxisCamera(const std::string& root) {
  AxisCamera cam;
  const std::string r1 = "SZ-1042_ACCC8E012345_20260115_140000";
  const std::string r2 = "SZ-2077_ACCC8E067890_20260116T083000";
  MakeDirs(root + "/" + r1);
  MakeDirs(root + "/" + r2);
  cam.clips = {
      {r1 + "/20260115_140005_1001.mp4", "SZ-1042", "ACCC8E012345", "2026-01-15T14:00:05.000Z"},
      {r1 + "/20260115_141010_1002.mkv", "SZ-1042", "ACCC8E012345", "2026-01-15T14:10:10.000Z"},
      {r2 + "/20260116T083001_2001.mp4", "SZ-2077", "ACCC8E067890", "2026-01-16T08:30:01.000Z"},
  };
  for (const auto& c : cam.clips) MakeUniqueClip(root + "/" + c.rel_path, root + "/" + c.rel_path);
  cam.sidecars = {r1 + "/20260115_140005_1001.key"};
  WriteFile(root + "/" + cam.sidecars[0], "{\"EncryptedKey\":\"test\"}\n");
  cam.others = {r1 + "/20260115_140005_1001_ACCC8E012345_gpstrail.json"};
  WriteFile(root + "/" + cam.others[0], "{\"CoordinateEntries\":[]}\n");
  return cam;
}

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_DOCK_CAMERA_FIXTURE_H_
