// Checks of a profile's patterns and start formats, shared by reading a
// profile (profile.cc) and matching names (matcher.cc).
#ifndef CUSTODIA_PROFILE_PATTERN_H_
#define CUSTODIA_PROFILE_PATTERN_H_

#include <string>
#include <string_view>

#include "custodia/status.h"

namespace custodia {

// The pattern compiles (PCRE2, UTF) and names at least one of the groups
// officer, device, start. Returns whether it has a start group.
Result<bool> CheckPattern(const std::string& pattern, std::string_view where);

// Only %Y %m %d %H %M %S %f %s %% and literal characters; %Y %m %d %H %M
// all present unless the format is Unix seconds (%s).
Status CheckStartFormat(const std::string& format, std::string_view where);

}  // namespace custodia

#endif  // CUSTODIA_PROFILE_PATTERN_H_
