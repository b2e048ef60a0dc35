// ProbeClip (SPEC §3): our structural walk, then libavformat in the manner
// of FFmpeg's doc/examples/show_metadata.c (open_input, find_stream_info,
// read the tags), then media.status from both.
#include <string>

#include "custodia/probe.h"
#include "probe/av_input.h"
#include "probe/creation_time.h"
#include "probe/problems.h"
#include "probe/stream_info.h"
#include "probe/tags.h"

namespace custodia {

namespace {
using namespace probe_internal;

// Fills container, duration, streams and tags. Returns false if libav
// could not open or probe the clip (why is in the problems).
bool ReadWithLibav(const std::string& path, ProbeResult& result) {
  auto opened = AvInput::Open(path);
  if (!opened.ok()) {
    AddProblem(result.problems, opened.status().message());
    return false;
  }
  AvInput& in = **opened;
  Status info = in.FindStreamInfo();
  for (const auto& url : in.refused()) {
    AddProblem(result.problems, "the clip refers to another file or URL \"" + url + "\"; it was not opened");
  }
  const AVFormatContext* ctx = in.format();
  result.container = ctx->iformat && ctx->iformat->name ? ctx->iformat->name : "";
  result.duration_ms = ToMs(ctx->duration, AVRational{1, AV_TIME_BASE});
  result.bit_rate = ctx->bit_rate > 0 ? ctx->bit_rate : 0;
  TagBudget budget;
  CopyTags(ctx->metadata, "container", result.tags, result.problems, budget);
  for (unsigned i = 0; i < ctx->nb_streams && i < kMaxStreams; ++i) {
    result.streams.push_back(DescribeStream(ctx->streams[i], result.problems, budget));
  }
  if (ctx->nb_streams > kMaxStreams) {
    AddProblem(result.problems, "the clip has " + std::to_string(ctx->nb_streams) + " streams; only the first " +
                                    std::to_string(kMaxStreams) + " are described");
  }
  if (ctx->nb_streams == 0) {
    AddProblem(result.problems, "libavformat found no streams in the file");
    return false;
  }
  if (!info.ok()) {
    AddProblem(result.problems, info.message());
    return false;
  }
  return true;
}

// From the container's creation_time tag, else the first video stream's.
void TakeCreationTime(ProbeResult& result) {
  const std::string* value = nullptr;
  std::string where = "container";
  if (auto it = result.tags.find("creation_time"); it != result.tags.end()) {
    value = &it->second;
  } else {
    for (const auto& s : result.streams) {
      if (s.type != "video") continue;
      if (auto it = s.tags.find("creation_time"); it != s.tags.end()) {
        value = &it->second;
        where = "stream " + std::to_string(s.index);
      }
      break;
    }
  }
  if (!value) return;
  auto t = ParseCreationTime(*value);
  if (t.ok()) {
    result.creation_time = *t;
  } else {
    AddProblem(result.problems, where + " creation_time \"" + std::string(Utf8Prefix(*value, 100)) +
                                    "\" was not used: " + t.status().message());
  }
}
}  // namespace

ProbeResult ProbeClip(const std::string& path) {
  ProbeResult result;
  StructureCheck structure = CheckStructure(path);
  for (auto& p : structure.problems) AddProblem(result.problems, std::move(p));
  bool read = ReadWithLibav(path, result);
  TakeCreationTime(result);
  if (structure.truncated) {
    result.status = "truncated";
  } else if (!read || structure.corrupt) {
    result.status = "unreadable";
    if (read) {
      AddProblem(result.problems,
                 "libavformat could read the streams, but the file's structure is damaged "
                 "(see above)");
    }
  } else {
    result.status = "ok";
  }
  return result;
}

}  // namespace custodia
