// Matching a path against a profile's PCRE2 patterns (std::regex has no
// named groups) and reading the start time the name carries.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "custodia/profile.h"
#include "profile/pattern.h"

namespace custodia {

namespace {

struct CodeFree {
  void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct MatchDataFree {
  void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};
using CodePtr = std::unique_ptr<pcre2_code, CodeFree>;
using MatchDataPtr = std::unique_ptr<pcre2_match_data, MatchDataFree>;

// Invalid UTF-8 in a file name (a camera's FAT is not always UTF-8) only
// fails to match; it is never an error.
Result<CodePtr> CompilePattern(const std::string& pattern, std::string_view where) {
  int err = 0;
  PCRE2_SIZE off = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, nullptr);
  if (!code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof msg);
    return Status::Invalid(std::string(where) + ": pattern \"" + pattern + "\" does not compile (at character " +
                               std::to_string(off) + "): " + reinterpret_cast<char*>(msg),
                           "patterns are PCRE2 regular expressions, e.g. "
                           "\"^(?<officer>[^/]+)/(?<start>[0-9]{8}_[0-9]{6})\\\\.mp4$\"");
  }
  return CodePtr(code);
}

bool HasGroup(pcre2_code* code, const char* name) {
  return pcre2_substring_number_from_name(code, reinterpret_cast<PCRE2_SPTR>(name)) >= 0;
}

bool ValidCivil(const CivilTime& c) {
  static const unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > kDays[c.month - 1]) return false;
  bool leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0;
  if (c.month == 2 && c.day == 29 && !leap) return false;
  return c.hour < 24 && c.minute < 60 && c.second < 60;
}

}  // namespace

Result<bool> CheckPattern(const std::string& pattern, std::string_view where) {
  ASSIGN_OR_RETURN(CodePtr code, CompilePattern(pattern, where));
  bool start = HasGroup(code.get(), "start");
  if (!start && !HasGroup(code.get(), "officer") && !HasGroup(code.get(), "device")) {
    return Status::Invalid(std::string(where) + ": pattern \"" + pattern +
                               "\" has none of the named groups officer, device, start",
                           "name what the pattern captures: (?<officer>…), (?<device>…), (?<start>…)");
  }
  return start;
}

Status CheckStartFormat(const std::string& format, std::string_view where) {
  std::string seen;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    char spec = i + 1 < format.size() ? format[i + 1] : '\0';
    if (std::string_view("YmdHMSfs%").find(spec) == std::string_view::npos || spec == '\0') {
      return Status::Invalid(std::string(where) + ": start_format \"" + format + "\" has an unknown directive %" +
                                 (spec ? std::string(1, spec) : std::string()),
                             "use %Y %m %d %H %M %S, %f (fraction of a second), %s (Unix seconds) and %%");
    }
    seen.push_back(spec);
    ++i;
  }
  bool epoch = seen.find('s') != std::string::npos;
  for (char need : std::string_view("YmdHM")) {
    if (!epoch && seen.find(need) == std::string::npos) {
      return Status::Invalid(std::string(where) + ": start_format \"" + format + "\" has no %" + need,
                             "a start time needs %Y %m %d %H %M (and usually %S), or %s for Unix seconds");
    }
  }
  return Status::Ok();
}

std::optional<TimeMs> ParseProfileTime(std::string_view fmt, std::string_view text, const TimeZone& tz) {
  CivilTime c;
  std::optional<int64_t> epoch;
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
      if (t >= text.size() || text[t] != fmt[f]) return std::nullopt;
      ++t;
      continue;
    }
    int v = 0;
    switch (fmt[++f]) {
      case 'Y': if (!digits(4, v)) return std::nullopt; c.year = v; break;
      case 'm': if (!digits(2, v)) return std::nullopt; c.month = unsigned(v); break;
      case 'd': if (!digits(2, v)) return std::nullopt; c.day = unsigned(v); break;
      case 'H': if (!digits(2, v)) return std::nullopt; c.hour = v; break;
      case 'M': if (!digits(2, v)) return std::nullopt; c.minute = v; break;
      case 'S': if (!digits(2, v)) return std::nullopt; c.second = v; break;
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
      case 's': {
        int64_t s = 0;
        size_t n = 0;
        while (t < text.size() && std::isdigit(static_cast<unsigned char>(text[t])) && n < 12) {
          s = s * 10 + (text[t] - '0');
          ++n;
          ++t;
        }
        if (n == 0) return std::nullopt;
        epoch = s;
        break;
      }
      case '%': if (t >= text.size() || text[t] != '%') return std::nullopt; ++t; break;
      default: return std::nullopt;
    }
  }
  if (t != text.size()) return std::nullopt;
  if (epoch) return *epoch * 1000 + c.millis;  // Unix seconds are UTC whatever the clock
  if (!ValidCivil(c)) return std::nullopt;
  auto r = tz.FromLocal(c);
  if (!r.ok()) return std::nullopt;  // e.g. a local time in a DST gap or overlap
  return *r;
}

Result<std::shared_ptr<const ProfileMatcher>> ProfileMatcher::Compile(const DeviceProfile& p,
                                                                     const TimeZone& vault_tz) {
  std::shared_ptr<ProfileMatcher> m(new ProfileMatcher());
  m->profile_ = p;
  m->tz_ = p.clock == "local" ? vault_tz : TimeZone::Utc();
  std::string where = "profile " + p.name + " (" + p.source + ")";
  for (const auto& f : p.start_formats) RETURN_IF_ERROR(CheckStartFormat(f, where));
  for (const auto& pat : p.patterns) {
    ASSIGN_OR_RETURN(CodePtr code, CompilePattern(pat, where));
    if (HasGroup(code.get(), "start") && p.start_formats.empty()) {
      return Status::Invalid(where + ": a pattern has a start group but there is no start_format");
    }
    m->codes_.push_back(code.release());
  }
  return std::shared_ptr<const ProfileMatcher>(std::move(m));
}

ProfileMatcher::~ProfileMatcher() {
  for (void* c : codes_) pcre2_code_free(static_cast<pcre2_code*>(c));
}

namespace {
std::string LowerExt(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  std::string ext(name.substr(dot));
  for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}
}  // namespace

bool ProfileMatcher::IsMedia(std::string_view name) const {
  std::string ext = LowerExt(name);
  const auto& v = profile_.media_extensions;
  return !ext.empty() && std::find(v.begin(), v.end(), ext) != v.end();
}

bool ProfileMatcher::IsSidecar(std::string_view name) const {
  std::string ext = LowerExt(name);
  const auto& v = profile_.sidecar_extensions;
  return !ext.empty() && std::find(v.begin(), v.end(), ext) != v.end();
}

Result<PathFacts> ProfileMatcher::Extract(std::string_view rel_path) const {
  PathFacts facts;
  for (size_t i = 0; i < codes_.size(); ++i) {
    auto* code = static_cast<pcre2_code*>(codes_[i]);
    MatchDataPtr md(pcre2_match_data_create_from_pattern(code, nullptr));
    if (!md) return Status::Io("out of memory matching " + std::string(rel_path));
    int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(rel_path.data()), rel_path.size(), 0, 0, md.get(),
                         nullptr);
    if (rc < 0) continue;
    auto group = [&](const char* name) -> std::string {
      PCRE2_UCHAR* buf = nullptr;
      PCRE2_SIZE len = 0;
      if (pcre2_substring_get_byname(md.get(), reinterpret_cast<PCRE2_SPTR>(name), &buf, &len) != 0) return "";
      std::string s(reinterpret_cast<char*>(buf), len);
      pcre2_substring_free(buf);
      return s;
    };
    facts.officer = group("officer");
    facts.device = group("device");
    facts.start_text = group("start");
    facts.pattern = profile_.patterns[i];
    if (!facts.start_text.empty()) {
      for (const auto& f : profile_.start_formats) {
        facts.start = ParseProfileTime(f, facts.start_text, tz_);
        if (facts.start) break;
      }
      if (!facts.start) {
        std::string formats;
        for (const auto& f : profile_.start_formats) formats += (formats.empty() ? "\"" : ", \"") + f + "\"";
        return Status::Invalid(std::string(rel_path) + ": the start time \"" + facts.start_text +
                                   "\" is not a valid " + (profile_.clock == "local" ? "local (" + tz_.name() + ")" : std::string("UTC")) +
                                   " time in the format " + formats + " of profile " + profile_.name,
                               "check the camera's clock and file names, or fix the profile's start_format");
      }
    }
    return facts;
  }
  return facts;
}

}  // namespace custodia
