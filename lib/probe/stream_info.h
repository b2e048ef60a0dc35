// One libav stream as a StreamInfo: codec, geometry, rates, duration, tags.
#ifndef CUSTODIA_PROBE_STREAM_INFO_H_
#define CUSTODIA_PROBE_STREAM_INFO_H_

#include <string>
#include <vector>

#include "custodia/probe.h"
#include "probe/av_support.h"
#include "probe/tags.h"

namespace custodia::probe_internal {

// At most this many streams are described; a hostile MPEG-TS can declare hundreds.
inline constexpr unsigned kMaxStreams = 32;

StreamInfo DescribeStream(const AVStream* st, std::vector<std::string>& problems, TagBudget& budget);

// Milliseconds for `value` in `time_base`, rounded to nearest; -1 if unknown.
int64_t ToMs(int64_t value, AVRational time_base);

}  // namespace custodia::probe_internal

#endif  // CUSTODIA_PROBE_STREAM_INFO_H_
