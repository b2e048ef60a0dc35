#include "probe/creation_time.h"

#include <string>

namespace custodia::probe_internal {

namespace {
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Index where the UTC offset starts (after "YYYY-MM-DD?HH:MM:SS[.fff…]"),
// or npos if the text is not shaped like that.
size_t OffsetStart(std::string_view s) {
  if (s.size() < 19) return std::string_view::npos;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  return i;
}
}  // namespace

Result<TimeMs> ParseCreationTime(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  size_t at = OffsetStart(s);
  if (at == std::string_view::npos) {
    return Status::Invalid("not an ISO 8601 date and time (expected e.g. 2026-01-15T14:00:00Z)");
  }
  std::string_view offset = s.substr(at);
  if (offset.empty()) {
    return Status::Invalid("it has no UTC offset, so the camera's time zone is unknown here");
  }
  // ISO 8601 also allows +HHMM and +HH; RFC 3339 wants +HH:MM.
  std::string normalized(s.substr(0, at));
  if ((offset[0] == '+' || offset[0] == '-') && offset.size() == 5 && IsDigit(offset[1]) && IsDigit(offset[2]) &&
      IsDigit(offset[3]) && IsDigit(offset[4])) {
    normalized += std::string(offset.substr(0, 3)) + ":" + std::string(offset.substr(3));
  } else if ((offset[0] == '+' || offset[0] == '-') && offset.size() == 3 && IsDigit(offset[1]) && IsDigit(offset[2])) {
    normalized += std::string(offset) + ":00";
  } else {
    normalized += offset;
  }
  auto t = ParseRfc3339(normalized);
  if (!t.ok()) return Status::Invalid("not an ISO 8601 date and time (expected e.g. 2026-01-15T14:00:00Z)");
  return t;
}

}  // namespace custodia::probe_internal
