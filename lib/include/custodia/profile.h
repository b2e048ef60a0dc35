// Device profiles (SPEC §8): how to read a camera's storage. Which files are
// media and sidecars, and what the folder and file names say about the
// officer, the device and the recording start. doc/formats/profiles.md.
//   generic   any media file; nothing from names
//   axis      <UserID>_<BWCSerial>_<TriggerOnTime>/<StartTime>_<RecordingID>.mkv|mp4
//             (the Axis body worn content destination layout, times in UTC)
//   user      VAULT/profiles/<name>.json (PCRE2 patterns with named groups
//             officer, device, start; media and sidecar extensions; clock),
//             schema schemas/device-profile.schema.json
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
  std::string name;  // [A-Za-z0-9._-]{1,64}; a user profile's is its file's stem
  std::string description;
  std::vector<std::string> media_extensions;    // lowercase, with the dot: ".mp4"
  std::vector<std::string> sidecar_extensions;  // lowercase, with the dot: ".json"
  std::string clock = "utc";                    // utc | local (the vault's zone)
  // PCRE2 patterns tried in order against the path relative to the source
  // root ('/'-separated); named groups officer, device, start.
  std::vector<std::string> patterns;
  // How the `start` group is written, tried in order: %Y %m %d %H %M %S,
  // %f (optional fraction digits), %s (Unix seconds, always UTC), %% and
  // literal characters, e.g. "%Y%m%d_%H%M%S".
  std::vector<std::string> start_formats;
  bool builtin = false;
  std::string source;  // "builtin" or the file it was read from

  Json ToJson() const;
  // Checks every field (types, extensions, clock, that patterns compile, that
  // a pattern with a start group has a start_format). `where` names the file.
  static Result<DeviceProfile> FromJson(const Json& j, std::string_view where);
};

struct PathFacts {
  std::string officer;  // "" unknown
  std::string device;   // "" unknown
  std::optional<TimeMs> start;
  std::string start_text;  // the start group as written in the name
  std::string pattern;     // the pattern that matched ("" none)
};

class ProfileMatcher {
 public:
  static Result<std::shared_ptr<const ProfileMatcher>> Compile(const DeviceProfile& p, const TimeZone& vault_tz);
  ~ProfileMatcher();
  ProfileMatcher(const ProfileMatcher&) = delete;
  ProfileMatcher& operator=(const ProfileMatcher&) = delete;
  const DeviceProfile& profile() const { return profile_; }
  const TimeZone& clock_zone() const { return tz_; }
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

// Reads a profile's start text with one format (see start_formats); nullopt
// if the text does not have that shape or is not a valid time in `tz`.
std::optional<TimeMs> ParseProfileTime(std::string_view format, std::string_view text, const TimeZone& tz);

std::vector<DeviceProfile> BuiltinProfiles();
// Built-in profiles, then every VAULT/profiles/*.json (sorted by name). A
// damaged file is an error naming it (kInvalid); with `damaged`, it is
// reported there instead and the others are still listed.
Result<std::vector<DeviceProfile>> ListProfiles(Env* env, const std::string& profiles_dir,
                                                std::vector<Status>* damaged = nullptr);
// A built-in profile, or VAULT/profiles/<name>.json; other profile files are
// not read, so one damaged file does not stop offloads that use another
// profile. Unknown: kInvalid listing the valid names.
Result<DeviceProfile> FindProfile(Env* env, const std::string& profiles_dir, std::string_view name);

// What an offload with this profile would make of each file under `source`
// (a directory or one file), without reading file contents: the same walk
// as offload (dotfiles and `._*` left out, symlinks never followed, a sidecar
// belongs to the media file with the same stem in the same directory).
struct ProfilePreviewFile {
  std::string path;      // relative to the source ('/'-separated)
  std::string kind;      // media | sidecar | skipped
  std::string clip;      // sidecar: the media file it belongs to (relative path)
  PathFacts facts;       // media: what the names say
  std::string note;      // skipped: why; media: when no pattern matched
  std::string error;     // media: the name matched but its time does not parse
};
Result<std::vector<ProfilePreviewFile>> PreviewSource(Env* env, const std::string& source,
                                                      const ProfileMatcher& matcher);

}  // namespace custodia

#endif  // CUSTODIA_PROFILE_H_
