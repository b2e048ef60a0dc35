#include "custodia/time.h"

#include <chrono>
#include <cstdio>

#include <date/date.h>
#include <date/tz.h>

namespace custodia {

namespace {
using std::chrono::milliseconds;
using SysMs = date::sys_time<milliseconds>;
using LocalMs = date::local_time<milliseconds>;

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Parses "YYYY-MM-DD" at the start of s. Validates the calendar date.
bool ParseDate(std::string_view s, CivilTime& c) {
  int y, m, d;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, m) || s[7] != '-' ||
      !Digits(s, 8, 2, d)) {
    return false;
  }
  date::year_month_day ymd{date::year{y}, date::month{unsigned(m)}, date::day{unsigned(d)}};
  if (!ymd.ok()) return false;
  c.year = y;
  c.month = unsigned(m);
  c.day = unsigned(d);
  return true;
}

// Parses "HH:MM[:SS[.fff…]]" at s[pos]; returns the index after it, or npos.
size_t ParseClock(std::string_view s, size_t pos, CivilTime& c, bool seconds_required) {
  int h, mi, sec = 0;
  if (!Digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' || !Digits(s, pos + 3, 2, mi)) {
    return std::string_view::npos;
  }
  pos += 5;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, sec)) return std::string_view::npos;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      size_t start = ++pos;
      int ms = 0, ndig = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (ndig < 3) ms = ms * 10 + (s[pos] - '0');
        ++ndig;
        ++pos;
      }
      if (pos == start) return std::string_view::npos;
      for (; ndig < 3; ++ndig) ms *= 10;
      c.millis = ms;
    }
  } else if (seconds_required) {
    return std::string_view::npos;
  }
  if (h > 23 || mi > 59 || sec > 60) return std::string_view::npos;  // 60: leap second, clamped below
  c.hour = h;
  c.minute = mi;
  c.second = sec == 60 ? 59 : sec;
  return pos;
}

TimeMs CivilToUtcMs(const CivilTime& c) {
  auto days = date::sys_days{date::year{c.year} / date::month{c.month} / date::day{c.day}};
  return (days.time_since_epoch().count() * 86400LL + c.hour * 3600LL + c.minute * 60LL + c.second) * 1000LL +
         c.millis;
}

// Offset "Z" or "±HH:MM" at s[pos] that must end the string.
bool ParseOffset(std::string_view s, size_t pos, int& offset_s) {
  if (pos >= s.size()) return false;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    offset_s = 0;
    return true;
  }
  int h, m;
  if ((s[pos] != '+' && s[pos] != '-') || pos + 6 != s.size() || !Digits(s, pos + 1, 2, h) || s[pos + 3] != ':' ||
      !Digits(s, pos + 4, 2, m) || h > 23 || m > 59) {
    return false;
  }
  offset_s = (h * 3600 + m * 60) * (s[pos] == '-' ? -1 : 1);
  return true;
}

std::string Two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}
}  // namespace

TimeMs NowMs() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string FormatUtc(TimeMs t) {
  auto tp = SysMs{milliseconds{t}};
  auto day = date::floor<date::days>(tp);
  date::year_month_day ymd{day};
  date::hh_mm_ss<milliseconds> hms{tp - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                int(hms.seconds().count()), int(hms.subseconds().count()));
  return buf;
}

Result<TimeMs> ParseUtc(std::string_view s) {
  CivilTime c;
  if (s.size() != 24 || !ParseDate(s, c) || s[10] != 'T' || s[19] != '.' || s[23] != 'Z' ||
      ParseClock(s, 11, c, true) != 23) {
    return Status::Invalid("not a canonical UTC time (YYYY-MM-DDTHH:MM:SS.mmmZ): \"" + std::string(s) + "\"");
  }
  return CivilToUtcMs(c);
}

Result<TimeMs> ParseRfc3339(std::string_view s) {
  CivilTime c;
  int off = 0;
  size_t pos;
  if (s.size() < 20 || !ParseDate(s, c) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      (pos = ParseClock(s, 11, c, true)) == std::string_view::npos || !ParseOffset(s, pos, off)) {
    return Status::Invalid("not an RFC 3339 time with offset (e.g. 2026-01-31T22:15:00-05:00): \"" +
                           std::string(s) + "\"");
  }
  return CivilToUtcMs(c) - off * 1000LL;
}

Result<TimeZone> TimeZone::Load(std::string_view name) {
  try {
    const date::time_zone* z = date::locate_zone(std::string(name));
    return TimeZone(std::string(name), z);
  } catch (const std::exception& e) {
    return Status::Invalid("unknown time zone \"" + std::string(name) + "\"",
                           "use an IANA name such as America/Lima (see /usr/share/zoneinfo; package tzdata)");
  }
}

TimeZone TimeZone::Utc() {
  auto r = Load("UTC");
  if (r.ok()) return r.value();
  return TimeZone("UTC", nullptr);
}

Result<TimeMs> TimeZone::FromLocal(const CivilTime& c) const {
  TimeMs as_if_utc = CivilToUtcMs(c);
  if (!zone_) return as_if_utc;
  auto lt = LocalMs{milliseconds{as_if_utc}};
  auto info = zone_->get_info(date::floor<std::chrono::seconds>(lt));
  if (info.result == date::local_info::unique) return as_if_utc - info.first.offset.count() * 1000LL;
  // Only errors print the time (a million-row import converts two per row).
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute,
                c.second);
  if (info.result == date::local_info::nonexistent) {
    return Status::Invalid(std::string("local time ") + buf + " does not exist in " + name_ +
                               " (clocks jumped forward)",
                           "give the time with an explicit UTC offset");
  }
  if (info.result == date::local_info::ambiguous) {
    return Status::Invalid(std::string("local time ") + buf + " is ambiguous in " + name_ + " (clocks went back)",
                           "give the time with an explicit UTC offset");
  }
  return as_if_utc - info.first.offset.count() * 1000LL;
}

int TimeZone::OffsetSeconds(TimeMs t) const {
  if (!zone_) return 0;
  auto info = zone_->get_info(date::floor<std::chrono::seconds>(SysMs{milliseconds{t}}));
  return int(info.offset.count());
}

CivilTime TimeZone::ToLocal(TimeMs t) const {
  TimeMs local = t + OffsetSeconds(t) * 1000LL;
  auto tp = SysMs{milliseconds{local}};
  auto day = date::floor<date::days>(tp);
  date::year_month_day ymd{day};
  date::hh_mm_ss<milliseconds> hms{tp - day};
  CivilTime c;
  c.year = int(ymd.year());
  c.month = unsigned(ymd.month());
  c.day = unsigned(ymd.day());
  c.hour = int(hms.hours().count());
  c.minute = int(hms.minutes().count());
  c.second = int(hms.seconds().count());
  c.millis = int(hms.subseconds().count());
  return c;
}

std::string TimeZone::FormatTable(TimeMs t) const {
  CivilTime c = ToLocal(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute,
                c.second);
  return buf;
}

std::string TimeZone::FormatRfc3339(TimeMs t) const {
  CivilTime c = ToLocal(t);
  int off = OffsetSeconds(t);
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03d%c%s:%s", c.year, c.month, c.day, c.hour,
                c.minute, c.second, c.millis, sign, Two(off / 3600).c_str(), Two(off / 60 % 60).c_str());
  return buf;
}

TimeMs TimeZone::StartOfDay(TimeMs t) const {
  CivilTime c = ToLocal(t);
  c.hour = c.minute = c.second = c.millis = 0;
  auto r = FromLocal(c);
  if (r.ok()) return r.value();
  // Midnight does not exist (DST starting at 00:00): the day starts at the
  // first instant after the gap, i.e. the transition itself.
  auto info = zone_->get_info(date::floor<std::chrono::seconds>(SysMs{milliseconds{t}}));
  return std::chrono::duration_cast<milliseconds>(info.begin.time_since_epoch()).count();
}

TimeMs TimeZone::StartOfMonth(TimeMs t) const {
  CivilTime c = ToLocal(t);
  c.day = 1;
  c.hour = c.minute = c.second = c.millis = 0;
  auto r = FromLocal(c);
  if (r.ok()) return r.value();
  return StartOfDay(CivilToUtcMs(c) - OffsetSeconds(t) * 1000LL + 3 * 3600 * 1000LL);
}

std::string TimeZone::MonthKey(TimeMs t) const {
  CivilTime c = ToLocal(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", c.year, c.month);
  return buf;
}

Result<TimeMs> ParseTimeArg(std::string_view s, const TimeZone& tz) {
  auto bad = [&]() {
    return Status::Invalid("cannot read the time \"" + std::string(s) + "\"",
                           "use 2026-01-31, 2026-01-31 22:15, 2026-01-31T22:15:00 (local, " + tz.name() +
                               ") or 2026-01-31T22:15:00-05:00 / ...Z (RFC 3339); DD/MM/YYYY is not accepted");
  };
  CivilTime c;
  if (!ParseDate(s, c)) return bad();
  if (s.size() == 10) return tz.FromLocal(c);
  if (s[10] != 'T' && s[10] != ' ' && s[10] != 't') return bad();
  size_t pos = ParseClock(s, 11, c, false);
  if (pos == std::string_view::npos) return bad();
  if (pos == s.size()) return tz.FromLocal(c);
  int off;
  if (!ParseOffset(s, pos, off)) return bad();
  return CivilToUtcMs(c) - off * 1000LL;
}

Result<int64_t> ParseDurationMs(std::string_view s) {
  size_t i = 0;
  int64_t v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (v > 1'000'000'000'000LL) return Status::Invalid("duration too large: \"" + std::string(s) + "\"");
    v = v * 10 + (s[i++] - '0');
  }
  std::string_view unit = s.substr(i);
  int64_t mult = 0;
  if (unit == "ms") mult = 1;
  else if (unit == "s") mult = 1000;
  else if (unit == "m" || unit == "min") mult = 60'000;
  else if (unit == "h") mult = 3'600'000;
  else if (unit == "d") mult = 86'400'000;
  if (i == 0 || mult == 0) {
    return Status::Invalid("cannot read the duration \"" + std::string(s) + "\"",
                           "write a number and a unit: 90s, 10m, 2h, 30d");
  }
  return v * mult;
}

}  // namespace custodia
