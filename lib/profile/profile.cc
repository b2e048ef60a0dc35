// Device profiles: the built-in ones, reading and checking user profiles
// (VAULT/profiles/<name>.json), listing and finding them.
#include "custodia/profile.h"

#include <algorithm>
#include <cctype>

#include "profile/pattern.h"

namespace custodia {

namespace {

const std::vector<std::string> kMedia = {".mp4", ".mov", ".mkv", ".avi", ".ts", ".m4v"};
const std::vector<std::string> kSidecar = {".json", ".gps", ".vtt", ".srt", ".txt", ".xml"};
const std::vector<std::string> kFieldNames = {"$schema", "name",     "description", "media_extensions",
                                              "sidecar_extensions", "clock", "patterns",    "start_format"};
const char kFields[] = "$schema, name, description, media_extensions, sidecar_extensions, clock, patterns, start_format";

bool IsValidProfileName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

std::string Lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Stem(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  return std::string(dot == std::string_view::npos ? file_name : file_name.substr(0, dot));
}

Result<std::vector<std::string>> ExtList(const Json& j, const char* key, std::string_view where,
                                         const std::vector<std::string>& dflt) {
  auto it = j.find(key);
  if (it == j.end()) return dflt;
  std::string bad = std::string(where) + ": \"" + key + "\" must be an array of extensions like \".mp4\"";
  if (!it->is_array()) return Status::Invalid(bad);
  std::vector<std::string> out;
  for (const auto& e : *it) {
    if (!e.is_string()) return Status::Invalid(bad);
    std::string ext = e.get<std::string>();
    if (!ext.empty() && ext[0] != '.') ext = "." + ext;
    if (ext.size() < 2 || ext.find('/') != std::string::npos || ext.find('.', 1) != std::string::npos) {
      return Status::Invalid(bad, "\"" + e.get<std::string>() + "\" is not a file extension");
    }
    out.push_back(Lower(ext));
  }
  return out;
}

Result<std::vector<std::string>> StringOrList(const Json& j, const char* key, std::string_view where) {
  auto it = j.find(key);
  if (it == j.end()) return std::vector<std::string>{};
  std::string bad = std::string(where) + ": \"" + key + "\" must be a string or an array of strings";
  if (it->is_string()) return std::vector<std::string>{it->get<std::string>()};
  if (!it->is_array()) return Status::Invalid(bad);
  std::vector<std::string> out;
  for (const auto& e : *it) {
    if (!e.is_string()) return Status::Invalid(bad);
    out.push_back(e.get<std::string>());
  }
  return out;
}

Result<DeviceProfile> ReadProfileFile(Env* env, const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(env, path, 1 << 20));
  auto j = ParseJson(text, path);
  if (!j.ok()) {
    return Status::Invalid(j.status().message(), "fix the JSON (see doc/formats/profiles.md and "
                                                 "schemas/device-profile.schema.json)");
  }
  ASSIGN_OR_RETURN(DeviceProfile p, DeviceProfile::FromJson(*j, path));
  std::string stem = Stem(BaseName(path));
  if (!j->contains("name")) p.name = stem;
  if (p.name != stem) {
    return Status::Invalid(path + ": \"name\" is \"" + p.name + "\" but the file is " + stem + ".json",
                           "a profile's name is its file name: rename the file or fix \"name\"");
  }
  for (const auto& b : BuiltinProfiles()) {
    if (b.name == p.name) {
      return Status::Invalid(path + ": \"" + p.name + "\" is a built-in profile's name",
                             "give the file another name (the built-in profiles are generic and axis)");
    }
  }
  return p;
}

bool IsProfileFile(const DirEntry& e) {
  return e.type == EntryType::kRegular && e.name.size() > 5 && e.name[0] != '.' &&
         Lower(e.name.substr(e.name.size() - 5)) == ".json";
}

}  // namespace

Json DeviceProfile::ToJson() const {
  return Json{{"name", name},
              {"description", description},
              {"media_extensions", media_extensions},
              {"sidecar_extensions", sidecar_extensions},
              {"clock", clock},
              {"patterns", patterns},
              {"start_format", start_formats},
              {"builtin", builtin},
              {"source", source}};
}

Result<DeviceProfile> DeviceProfile::FromJson(const Json& j, std::string_view where) {
  std::string w(where);
  if (!j.is_object()) return Status::Invalid(w + ": a device profile is a JSON object", std::string("fields: ") + kFields);
  for (const auto& [k, v] : j.items()) {
    (void)v;
    if (std::find(kFieldNames.begin(), kFieldNames.end(), k) == kFieldNames.end()) {
      return Status::Invalid(w + ": unknown field \"" + k + "\"", std::string("the fields are: ") + kFields);
    }
  }
  DeviceProfile p;
  if (auto it = j.find("name"); it != j.end()) {
    if (!it->is_string() || !IsValidProfileName(it->get<std::string>())) {
      return Status::Invalid(w + ": \"name\" must match [A-Za-z0-9._-]{1,64}");
    }
    p.name = it->get<std::string>();
  }
  if (auto it = j.find("description"); it != j.end()) {
    if (!it->is_string()) return Status::Invalid(w + ": \"description\" must be a string");
    p.description = it->get<std::string>();
  }
  ASSIGN_OR_RETURN(p.media_extensions, ExtList(j, "media_extensions", where, kMedia));
  ASSIGN_OR_RETURN(p.sidecar_extensions, ExtList(j, "sidecar_extensions", where, kSidecar));
  if (p.media_extensions.empty()) return Status::Invalid(w + ": \"media_extensions\" is empty: nothing would be offloaded");
  if (auto it = j.find("clock"); it != j.end()) {
    if (!it->is_string() || (*it != "utc" && *it != "local")) {
      return Status::Invalid(w + ": \"clock\" must be \"utc\" or \"local\"",
                             "local means the vault's time zone (VAULT.json \"timezone\")");
    }
    p.clock = it->get<std::string>();
  }
  ASSIGN_OR_RETURN(p.patterns, StringOrList(j, "patterns", where));
  ASSIGN_OR_RETURN(p.start_formats, StringOrList(j, "start_format", where));
  for (const auto& f : p.start_formats) RETURN_IF_ERROR(CheckStartFormat(f, where));
  for (const auto& pat : p.patterns) {
    ASSIGN_OR_RETURN(bool has_start, CheckPattern(pat, where));
    if (has_start && p.start_formats.empty()) {
      return Status::Invalid(w + ": pattern \"" + pat + "\" has a start group but there is no \"start_format\"",
                             "add \"start_format\", e.g. \"%Y%m%d_%H%M%S\"");
    }
  }
  p.source = w;
  return p;
}

std::vector<DeviceProfile> BuiltinProfiles() {
  DeviceProfile generic;
  generic.name = "generic";
  generic.description = "any media file; officer, device and start come from flags, the roster or the clip";
  generic.media_extensions = kMedia;
  generic.sidecar_extensions = kSidecar;
  generic.builtin = true;
  generic.source = "builtin";

  // The layout of the Axis body worn content destination API (recording
  // folder <UserID>_<BWCSerialNumber>_<date>_<time>, clips
  // <date>_<time>_<RecordingID>.mkv|mp4, times in UTC; per-clip .key files
  // when end-to-end encryption is on). See doc/formats/profiles.md.
  DeviceProfile axis;
  axis.name = "axis";
  axis.description =
      "Axis body worn: <UserID>_<BWCSerial>_<TriggerOnTime>/<StartTime>_<RecordingID>.mkv|mp4, "
      "times YYYYMMDD_HHMMSS (or YYYYMMDDTHHMMSS, Unix seconds) in UTC";
  axis.media_extensions = {".mkv", ".mp4"};
  axis.sidecar_extensions = kSidecar;
  axis.sidecar_extensions.push_back(".key");
  axis.clock = "utc";
  axis.patterns = {
      R"((?:^|/)(?<officer>[^/]+)_(?<device>[A-Za-z0-9-]+)_(?<trigger>[0-9]{8}[_T]?[0-9]{6}Z?|[0-9]{10})/)"
      R"((?<start>[0-9]{8}[_T]?[0-9]{6}|[0-9]{10})Z?_(?<recording>[^/]+)\.(?i:mkv|mp4)$)"};
  axis.start_formats = {"%Y%m%d_%H%M%S", "%Y%m%dT%H%M%S", "%Y%m%d%H%M%S", "%s"};
  axis.builtin = true;
  axis.source = "builtin";
  return {generic, axis};
}

Result<std::vector<DeviceProfile>> ListProfiles(Env* env, const std::string& profiles_dir,
                                                std::vector<Status>* damaged) {
  std::vector<DeviceProfile> out = BuiltinProfiles();
  if (!env->Exists(profiles_dir)) return out;
  auto entries = env->ListDir(profiles_dir);
  if (!entries.ok()) return entries.status().Prefixed("device profiles");
  for (const auto& e : *entries) {
    if (!IsProfileFile(e)) continue;
    auto p = ReadProfileFile(env, JoinPath(profiles_dir, e.name));
    if (p.ok()) {
      out.push_back(std::move(p).value());
    } else if (damaged) {
      damaged->push_back(p.status());
    } else {
      return p.status();
    }
  }
  return out;
}

Result<DeviceProfile> FindProfile(Env* env, const std::string& profiles_dir, std::string_view name) {
  std::string names;
  for (auto& p : BuiltinProfiles()) {
    if (p.name == name) return p;
    names += (names.empty() ? "" : ", ") + p.name;
  }
  std::string path = JoinPath(profiles_dir, std::string(name) + ".json");
  if (IsValidProfileName(name) && env->Exists(path)) return ReadProfileFile(env, path);
  auto entries = env->ListDir(profiles_dir);
  if (entries.ok()) {
    for (const auto& e : *entries) {
      if (IsProfileFile(e)) names += ", " + Stem(e.name);
    }
  }
  return Status::Invalid("unknown device profile \"" + std::string(name) + "\"",
                         "use one of: " + names + " (custodia profiles list; user profiles are " +
                             JoinPath(profiles_dir, "<name>.json") + ")");
}

}  // namespace custodia
