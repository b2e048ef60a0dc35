// The probe as canonical-JSON-safe values (SPEC §3): integers and strings
// only; frame rates as "num/den". Field by field in doc/formats/probe.md.
#include "custodia/probe.h"

namespace custodia {

Json StreamInfo::ToJson() const {
  Json j = {{"index", index}, {"type", type}, {"codec", codec}, {"duration_ms", duration_ms}, {"tags", tags}};
  if (type == "video") {
    j["width"] = width;
    j["height"] = height;
    j["frame_rate"] = frame_rate;
  } else if (type == "audio") {
    j["sample_rate"] = sample_rate;
    j["channels"] = channels;
    j["channel_layout"] = channel_layout;
  }
  return j;
}

Json ProbeResult::ToJson() const {
  Json s = Json::array();
  for (const auto& stream : streams) s.push_back(stream.ToJson());
  return {{"container", container}, {"duration_ms", duration_ms},
          {"problems", problems},   {"status", status},
          {"streams", s},           {"tags", tags}};
}

}  // namespace custodia
