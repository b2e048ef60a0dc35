// Device profiles (SPEC §8): how to read a camera's storage. Which files are
// media and sidecars, and what the folder and file names say about the
// officer, the device and the recording start.
//   generic   any media file; nothing from names
//   axis      <UserID>_<BWCSerial>_<TriggerOnTime>/<StartTime>_<RecordingID>.mkv|mp4
//   user      VAULT/profiles/<name>.json (PCRE2 patterns with named groups
//             officer, device, start; media and sidecar extensions; clock)
#ifndef CUSTODIA_PROFILE_H_
#define CUSTODIA_PROFILE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/env.h"
#include "custodia/json.h"
#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia {

struct DeviceProfile {
  std::string name;
  std::string description;
  std::vector<std::string> media_extensions;    // lowercase, with the dot: ".mp4"
  std::vector<std::string> sidecar_extensions;  // lowercase, with the dot: ".json"
  std::string clock = "utc";                    // utc | local (the vault's zone)
  // PCRE2 patterns tried in order against the path relative to the source
  // root ('/'-separated); named groups officer, device, start.
  std::vector<std::string> patterns;
  // How the `start` group is written: strftime-like (%Y %m %d %H %M %S, and
  // %f for optional fractional seconds), e.g. "%Y%m%dT%H%M%S".
  std::string start_format;
  bool builtin = false;
  std::string source;  // "builtin" or the file it was read from

  Json ToJson() const;
  static Result<DeviceProfile> FromJson(const Json& j, std::string_view where);
};

struct PathFacts {
  std::string officer;  // "" unknown
  std::string device;   // "" unknown
  std::optional<TimeMs> start;
  std::string pattern;  // the pattern that matched ("" none)
};

class ProfileMatcher {
 public:
  static Result<std::shared_ptr<const ProfileMatcher>> Compile(const DeviceProfile& p, const TimeZone& vault_tz);
  ~ProfileMatcher();
  const DeviceProfile& profile() const { return profile_; }
  bool IsMedia(std::string_view file_name) const;
  bool IsSidecar(std::string_view file_name) const;
  // Facts from the relative path; a pattern that matches but whose start
  // cannot be read is an error naming the path.
  Result<PathFacts> Extract(std::string_view rel_path) const;

 private:
  ProfileMatcher() = default;
  DeviceProfile profile_;
  TimeZone tz_ = TimeZone::Utc();
  std::vector<void*> codes_;  // pcre2_code_8*
};

std::vector<DeviceProfile> BuiltinProfiles();
// Built-in profiles, then VAULT/profiles/*.json (a user profile may not reuse a
// built-in name).
Result<std::vector<DeviceProfile>> ListProfiles(Env* env, const std::string& profiles_dir);
Result<DeviceProfile> FindProfile(Env* env, const std::string& profiles_dir, std::string_view name);

}  // namespace custodia

#endif  // CUSTODIA_PROFILE_H_
