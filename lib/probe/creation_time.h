// The creation_time tag as libav and cameras write it: ISO 8601 / RFC 3339,
// "2026-01-15T14:00:00.000000Z", "2026-01-15 09:00:00-0500", "...+05:30".
// A time without a UTC offset (AVI's IDIT, some cameras) is refused: the
// probe cannot know which zone the camera clock was in.
#ifndef CUSTODIA_PROBE_CREATION_TIME_H_
#define CUSTODIA_PROBE_CREATION_TIME_H_

#include <string_view>

#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia::probe_internal {

Result<TimeMs> ParseCreationTime(std::string_view text);

}  // namespace custodia::probe_internal

#endif  // CUSTODIA_PROBE_CREATION_TIME_H_
