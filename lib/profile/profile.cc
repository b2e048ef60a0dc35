#define PCRE2_CODE_UNIT_WIDTH 8
#include "custodia/profile.h"

#include <pcre2.h>

#include <algorithm>
#include <cctype>

namespace custodia {

namespace {

const std::vector<std::string> kMedia = {".mp4", ".mov", ".mkv", ".avi", ".ts", ".m4v"};
const std::vector<std::string> kSidecar = {".json", ".gps", ".vtt", ".srt", ".txt", ".xml"};

std::string LowerExt(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  std::string ext(name.substr(dot));
  for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

Result<std::vector<std::string>> ExtList(const Json& j, const char* key, std::string_view where,
                                         const std::vector<std::string>& dflt) {
  auto it = j.find(key);
  if (it == j.end()) return dflt;
  if (!it->is_array()) return Status::Invalid(std::string(where) + ": \"" + key + "\" must be an array of extensions");
  std::vector<std::string> out;
  for (const auto& e : *it) {
    if (!e.is_string() || e.get<std::string>().empty()) {
      return Status::Invalid(std::string(where) + ": \"" + key + "\" must hold extensions like \".mp4\"");
    }
    std::string ext = e.get<std::string>();
    if (ext[0] != '.') ext = "." + ext;
    for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(ext);
  }
  return out;
}

// Reads `text` with a strftime-like format (%Y %m %d %H %M %S %f, literal
// characters otherwise). %f: optional fraction digits (after a '.' if one is
// written in the format).
bool ParseStart(std::string_view fmt, std::string_view text, CivilTime& c) {
  size_t t = 0;
  auto digits = [&](size_t n, int& out) {
    if (t + n > text.size()) return false;
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
      char ch = text[t + i];
      if (ch < '0' || ch > '9') return false;
      v = v * 10 + (ch - '0');
    }
    out = v;
    t += n;
    return true;
  };
  for (size_t f = 0; f < fmt.size(); ++f) {
    if (fmt[f] != '%' || f + 1 == fmt.size()) {
      if (t >= text.size() || text[t] != fmt[f]) return false;
      ++t;
      continue;
    }
    char spec = fmt[++f];
    int v = 0;
    switch (spec) {
      case 'Y': if (!digits(4, v)) return false; c.year = v; break;
      case 'm': if (!digits(2, v)) return false; c.month = unsigned(v); break;
      case 'd': if (!digits(2, v)) return false; c.day = unsigned(v); break;
      case 'H': if (!digits(2, v)) return false; c.hour = v; break;
      case 'M': if (!digits(2, v)) return false; c.minute = v; break;
      case 'S': if (!digits(2, v)) return false; c.second = v; break;
      case 'f': {
        int ms = 0, n = 0;
        while (t < text.size() && std::isdigit(static_cast<unsigned char>(text[t]))) {
          if (n < 3) ms = ms * 10 + (text[t] - '0');
          ++n;
          ++t;
        }
        for (; n < 3; ++n) ms *= 10;
        c.millis = ms;
        break;
      }
      case '%': if (t >= text.size() || text[t] != '%') return false; ++t; break;
      default: return false;
    }
  }
  return t == text.size() && c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= 31 && c.hour < 24 &&
         c.minute < 60 && c.second < 61;
}

}  // namespace

Json DeviceProfile::ToJson() const {
  return Json{{"name", name},
              {"description", description},
              {"media_extensions", media_extensions},
              {"sidecar_extensions", sidecar_extensions},
              {"clock", clock},
              {"patterns", patterns},
              {"start_format", start_format},
              {"builtin", builtin},
              {"source", source}};
}

Result<DeviceProfile> DeviceProfile::FromJson(const Json& j, std::string_view where) {
  if (!j.is_object()) return Status::Invalid(std::string(where) + ": a profile is a JSON object");
  for (const auto& [k, v] : j.items()) {
    static const std::vector<std::string> known = {"name", "description", "media_extensions", "sidecar_extensions",
                                                   "clock", "patterns", "start_format"};
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      return Status::Invalid(std::string(where) + ": unknown field \"" + k + "\"",
                             "allowed: name, description, media_extensions, sidecar_extensions, clock, patterns, "
                             "start_format");
    }
    (void)v;
  }
  DeviceProfile p;
  ASSIGN_OR_RETURN(p.name, GetString(j, "name", where));
  p.description = j.value("description", "");
  ASSIGN_OR_RETURN(p.media_extensions, ExtList(j, "media_extensions", where, kMedia));
  ASSIGN_OR_RETURN(p.sidecar_extensions, ExtList(j, "sidecar_extensions", where, kSidecar));
  p.clock = j.value("clock", "utc");
  if (p.clock != "utc" && p.clock != "local") {
    return Status::Invalid(std::string(where) + ": \"clock\" must be \"utc\" or \"local\"");
  }
  if (auto it = j.find("patterns"); it != j.end()) {
    if (!it->is_array()) return Status::Invalid(std::string(where) + ": \"patterns\" must be an array of strings");
    for (const auto& e : *it) {
      if (!e.is_string()) return Status::Invalid(std::string(where) + ": \"patterns\" must be an array of strings");
      p.patterns.push_back(e.get<std::string>());
    }
  }
  p.start_format = j.value("start_format", "");
  p.source = std::string(where);
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

  DeviceProfile axis;
  axis.name = "axis";
  axis.description =
      "Axis body worn cameras: <UserID>_<BWCSerial>_<TriggerOnTime>/<StartTime>_<RecordingID>.mkv|mp4, "
      "times as YYYYMMDDTHHMMSS[Z] in UTC";
  axis.media_extensions = {".mkv", ".mp4"};
  axis.sidecar_extensions = kSidecar;
  axis.clock = "utc";
  axis.patterns = {
      R"(^(?:.*/)?(?<officer>[A-Za-z0-9.-]+)_(?<device>[A-Za-z0-9.-]+)_(?<trigger>[0-9]{8}T?[0-9]{6}Z?)/)"
      R"((?<start>[0-9]{8}T[0-9]{6})Z?_(?<recording>[^/]+)\.(?i:mkv|mp4)$)"};
  axis.start_format = "%Y%m%dT%H%M%S";
  axis.builtin = true;
  axis.source = "builtin";
  return {generic, axis};
}

Result<std::vector<DeviceProfile>> ListProfiles(Env* env, const std::string& profiles_dir) {
  std::vector<DeviceProfile> out = BuiltinProfiles();
  auto entries = env->ListDir(profiles_dir);
  if (!entries.ok()) return out;  // no profiles directory: built-ins only
  for (const auto& e : *entries) {
    if (e.type != EntryType::kRegular || LowerExt(e.name) != ".json") continue;
    std::string path = JoinPath(profiles_dir, e.name);
    ASSIGN_OR_RETURN(std::string text, ReadFileToString(env, path, 1 << 20));
    ASSIGN_OR_RETURN(Json j, ParseJson(text, path));
    ASSIGN_OR_RETURN(DeviceProfile p, DeviceProfile::FromJson(j, path));
    for (const auto& b : out) {
      if (b.name == p.name) {
        return Status::Invalid(path + ": profile name \"" + p.name + "\" is already used by " + b.source,
                               "give the profile another name");
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<DeviceProfile> FindProfile(Env* env, const std::string& profiles_dir, std::string_view name) {
  ASSIGN_OR_RETURN(auto all, ListProfiles(env, profiles_dir));
  std::string names;
  for (auto& p : all) {
    if (p.name == name) return p;
    names += (names.empty() ? "" : ", ") + p.name;
  }
  return Status::Invalid("unknown device profile \"" + std::string(name) + "\"",
                         "use one of: " + names + " (custodia profiles list)");
}

Result<std::shared_ptr<const ProfileMatcher>> ProfileMatcher::Compile(const DeviceProfile& p,
                                                                     const TimeZone& vault_tz) {
  std::shared_ptr<ProfileMatcher> m(new ProfileMatcher());
  m->profile_ = p;
  m->tz_ = p.clock == "local" ? vault_tz : TimeZone::Utc();
  for (const auto& pat : p.patterns) {
    int err = 0;
    PCRE2_SIZE off = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat.data()), pat.size(), PCRE2_UTF, &err, &off,
                                     nullptr);
    if (!code) {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(err, msg, sizeof msg);
      return Status::Invalid("profile " + p.name + " (" + p.source + "): pattern \"" + pat + "\" does not compile at " +
                             std::to_string(off) + ": " + reinterpret_cast<char*>(msg));
    }
    m->codes_.push_back(code);
  }
  if (!p.patterns.empty() && p.start_format.empty()) {
    for (void* c : m->codes_) {
      if (pcre2_substring_number_from_name(static_cast<pcre2_code*>(c), reinterpret_cast<PCRE2_SPTR>("start")) >= 0) {
        return Status::Invalid("profile " + p.name + " (" + p.source + "): a pattern has a start group but there is no "
                               "start_format");
      }
    }
  }
  return std::shared_ptr<const ProfileMatcher>(std::move(m));
}

ProfileMatcher::~ProfileMatcher() {
  for (void* c : codes_) pcre2_code_free(static_cast<pcre2_code*>(c));
}

bool ProfileMatcher::IsMedia(std::string_view name) const {
  std::string ext = LowerExt(name);
  return std::find(profile_.media_extensions.begin(), profile_.media_extensions.end(), ext) !=
         profile_.media_extensions.end();
}

bool ProfileMatcher::IsSidecar(std::string_view name) const {
  std::string ext = LowerExt(name);
  return std::find(profile_.sidecar_extensions.begin(), profile_.sidecar_extensions.end(), ext) !=
         profile_.sidecar_extensions.end();
}

Result<PathFacts> ProfileMatcher::Extract(std::string_view rel_path) const {
  PathFacts facts;
  for (size_t i = 0; i < codes_.size(); ++i) {
    auto* code = static_cast<pcre2_code*>(codes_[i]);
    pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
    int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(rel_path.data()), rel_path.size(), 0, 0, md, nullptr);
    if (rc < 0) {
      pcre2_match_data_free(md);
      continue;
    }
    auto group = [&](const char* name) -> std::string {
      PCRE2_UCHAR* buf = nullptr;
      PCRE2_SIZE len = 0;
      if (pcre2_substring_get_byname(md, reinterpret_cast<PCRE2_SPTR>(name), &buf, &len) != 0) return "";
      std::string s(reinterpret_cast<char*>(buf), len);
      pcre2_substring_free(buf);
      return s;
    };
    facts.officer = group("officer");
    facts.device = group("device");
    std::string start = group("start");
    pcre2_match_data_free(md);
    facts.pattern = profile_.patterns[i];
    if (!start.empty()) {
      CivilTime c;
      if (!ParseStart(profile_.start_format, start, c)) {
        return Status::Invalid(std::string(rel_path) + ": the start time \"" + start + "\" does not match the format \"" +
                               profile_.start_format + "\" of profile " + profile_.name);
      }
      ASSIGN_OR_RETURN(facts.start, tz_.FromLocal(c));
    }
    return facts;
  }
  return facts;
}

}  // namespace custodia
