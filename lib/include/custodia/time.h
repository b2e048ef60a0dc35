// Time: milliseconds since the Unix epoch (UTC) everywhere inside custodia.
// Canonical text form (SPEC §3): YYYY-MM-DDTHH:MM:SS.mmmZ.
// Time zones come from the IANA database (howardhinnant-date + tzdata).
#ifndef CUSTODIA_TIME_H_
#define CUSTODIA_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "custodia/status.h"

namespace date {
class time_zone;
}

namespace custodia {

using TimeMs = int64_t;

TimeMs NowMs();

// 2026-01-02T03:04:05.678Z
std::string FormatUtc(TimeMs t);
// Only the canonical form above.
Result<TimeMs> ParseUtc(std::string_view s);
// RFC 3339 with an offset or Z: 2026-01-02T03:04:05[.f…](Z|±HH:MM). A space
// instead of T is accepted. Fractions beyond milliseconds are truncated.
Result<TimeMs> ParseRfc3339(std::string_view s);

struct CivilTime {
  int year = 1970;
  unsigned month = 1, day = 1;
  int hour = 0, minute = 0, second = 0, millis = 0;
};

class TimeZone {
 public:
  // "America/Lima", "UTC". Fails with a clear message for unknown names.
  static Result<TimeZone> Load(std::string_view name);
  static TimeZone Utc();

  const std::string& name() const { return name_; }
  // Local civil time -> UTC. A time in a DST gap or overlap is an error.
  Result<TimeMs> FromLocal(const CivilTime& c) const;
  CivilTime ToLocal(TimeMs t) const;
  int OffsetSeconds(TimeMs t) const;

  std::string FormatTable(TimeMs t) const;    // "2026-01-02 03:04:05" local
  std::string FormatRfc3339(TimeMs t) const;  // "2026-01-02T03:04:05.678-05:00"
  // Start of the local day / month containing t, as UTC ms.
  TimeMs StartOfDay(TimeMs t) const;
  TimeMs StartOfMonth(TimeMs t) const;
  std::string MonthKey(TimeMs t) const;       // "2026-01"

 private:
  TimeZone(std::string name, const date::time_zone* z) : name_(std::move(name)), zone_(z) {}
  std::string name_;
  const date::time_zone* zone_;  // owned by the tz database (process lifetime)
};

// A time given by a user (CLI --from/--to, import files):
//   RFC 3339 with offset or Z; or local YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS],
//   YYYY-MM-DDTHH:MM[:SS[.mmm]] in `tz`. A bare date is local midnight.
//   DD/MM/YYYY and other forms are rejected with a message that shows the
//   accepted forms.
Result<TimeMs> ParseTimeArg(std::string_view s, const TimeZone& tz);

// "90s", "10m", "2h", "30d", "500ms" -> milliseconds. A bare number is an error.
Result<int64_t> ParseDurationMs(std::string_view s);

}  // namespace custodia

#endif  // CUSTODIA_TIME_H_
