// Probing clips (SPEC §3): libavformat for container, duration, streams and
// tags; our own walk of MP4/MOV boxes and MKV EBML elements to tell a
// truncated file from an otherwise unreadable one. Container tags are claims,
// not facts: we report them, we never trust them for integrity.
// Knows nothing of the vault. Thread-safe.
#ifndef CUSTODIA_PROBE_H_
#define CUSTODIA_PROBE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/json.h"
#include "custodia/time.h"

namespace custodia {

struct StreamInfo {
  int index = 0;
  std::string type;   // video | audio | subtitle | data | attachment | unknown
  std::string codec;  // libav codec name ("h264", "aac", …), "" if unknown
  int width = 0, height = 0;      // video
  std::string frame_rate;         // video, "num/den" ("30000/1001"), "" if unknown
  int sample_rate = 0;            // audio
  int channels = 0;               // audio (from ch_layout)
  std::string channel_layout;     // audio ("stereo"), "" if unknown
  int64_t duration_ms = -1;       // -1 if unknown
  std::map<std::string, std::string> tags;

  Json ToJson() const;  // integers and strings only (canonical JSON safe)
};

struct ProbeResult {
  std::string status = "unreadable";  // ok | truncated | unreadable
  std::vector<std::string> problems;  // why, when status != ok (may note minor issues when ok)
  std::string container;              // libav format name ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm")
  int64_t duration_ms = -1;           // -1 if unknown
  int64_t bit_rate = 0;
  std::vector<StreamInfo> streams;
  std::optional<TimeMs> creation_time;  // from the container's creation_time tag, if parseable
  std::map<std::string, std::string> tags;  // container-level tags (UTF-8 validated)

  // {"container","duration_ms","problems":[…],"status","streams":[…],"tags":{…}}
  // (creation_time as canonical UTC string in tags is left as found; the
  // parsed value goes to the manifest's recorded.start by the caller).
  Json ToJson() const;
};

// Structural check of MP4/MOV (ISO BMFF boxes) and Matroska/WebM (EBML).
struct StructureCheck {
  bool recognized = false;  // the file looked like MP4/MOV or MKV
  bool truncated = false;   // an element runs past the end of file, or mdat without moov
  // Damaged in another way: an element smaller than its own header, a child
  // running past the end of its parent, an invalid EBML number. The walk
  // stops there, so the rest of the file is unchecked; ProbeClip reports such
  // a file as unreadable (doc/formats/probe.md).
  bool corrupt = false;
  std::vector<std::string> problems;  // e.g. "box 'mdat' at offset 48 declares 1048576 bytes, only 5000 remain"
};
// Reads only element headers (pread at offsets), never the media data: a
// 4 GB clip costs a handful of small reads. Bounded in depth and element count.
StructureCheck CheckStructure(const std::string& path);
// The same walk over bytes already in memory (fuzzing, tests).
StructureCheck CheckStructureInMemory(std::string_view bytes);

// Full probe: CheckStructure + libavformat. Never throws; every failure is
// described in problems. Routes av_log into nothing (quiet) unless
// CUSTODIA_AV_LOG is set.
ProbeResult ProbeClip(const std::string& path);

}  // namespace custodia

#endif  // CUSTODIA_PROBE_H_
