#include "attention/import_time.h"

#include "attention/text.h"

namespace custodia::attention_internal {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// D/M/YYYY, DD-MM-YYYY, DD.MM.YY ...: the date first, day before month.
// Returns the length of the date part, 0 if s does not start like that.
size_t DayFirstDateLength(std::string_view s) {
  size_t i = 0;
  auto digits = [&](size_t min, size_t max) {
    size_t b = i;
    while (i < s.size() && IsDigit(s[i]) && i - b < max) ++i;
    return i - b >= min;
  };
  if (!digits(1, 2) || i >= s.size() || (s[i] != '/' && s[i] != '-' && s[i] != '.')) return 0;
  char sep = s[i++];
  if (!digits(1, 2) || i >= s.size() || s[i] != sep) return 0;
  ++i;
  if (!digits(2, 4)) return 0;
  return i;
}

std::string Accepted(const TimeZone& tz, BareDate bare_date) {
  return std::string("write YYYY-MM-DD HH:MM[:SS]") + (bare_date == BareDate::kLocalMidnight ? " or YYYY-MM-DD" : "") +
         " (local time, " + tz.name() + ") or RFC 3339 with an offset (2026-01-31T22:15:00-05:00)";
}

}  // namespace

Result<TimeMs> ParseImportTime(std::string_view text, const TimeZone& tz, BareDate bare_date) {
  auto t = ParseTimeArg(text, tz);
  if (t.ok()) {
    if (text.size() == 10 && bare_date == BareDate::kReject) {
      return Status::Invalid(Quote(text) + " has no time of day; write " + std::string(text) + " HH:MM (local time, " +
                             tz.name() + ") or with an offset (" + std::string(text) + "T22:15:00-05:00)");
    }
    return t;
  }
  if (!t.status().message().starts_with("cannot read the time")) {
    // A real local time that the zone skips or repeats (DST).
    return Status::Invalid(t.status().message() + "; " + t.status().hint());
  }
  size_t n = DayFirstDateLength(text);
  if (n) {
    return Status::Invalid(Quote(text) + " is written day-first (DD/MM/YYYY), which is ambiguous and not accepted; " +
                           Accepted(tz, bare_date));
  }
  return Status::Invalid("cannot read the time " + Quote(text) + "; " + Accepted(tz, bare_date));
}

}  // namespace custodia::attention_internal
