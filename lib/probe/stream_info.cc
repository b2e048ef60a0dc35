#include "probe/stream_info.h"

#include "probe/problems.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/rational.h>
}

namespace custodia::probe_internal {

namespace {
std::string TypeName(AVMediaType type) {
  const char* name = av_get_media_type_string(type);
  return name ? name : "unknown";
}

std::string CodecName(AVCodecID id) {
  if (id == AV_CODEC_ID_NONE) return "";
  return avcodec_get_name(id);
}

bool Valid(AVRational r) { return r.num > 0 && r.den > 0; }

// "num/den" in lowest terms: the average frame rate if libav knows it,
// else the base (r_frame_rate) one.
std::string FrameRate(const AVStream* st) {
  AVRational r = Valid(st->avg_frame_rate) ? st->avg_frame_rate : st->r_frame_rate;
  if (!Valid(r)) return "";
  int num = 0, den = 0;
  av_reduce(&num, &den, r.num, r.den, INT32_MAX);
  return std::to_string(num) + "/" + std::to_string(den);
}

// "stereo", "5.1(side)"; "" when the file gives only a channel count.
std::string ChannelLayout(const AVChannelLayout& layout) {
  if (layout.order == AV_CHANNEL_ORDER_UNSPEC || layout.nb_channels <= 0) return "";
  char buf[128] = {};
  if (av_channel_layout_describe(&layout, buf, sizeof buf) < 0) return "";
  return buf;
}
// libav could not tell (a cut MPEG-TS, an unknown codec): say so, since a
// 0 in the manifest would otherwise read like a fact.
void NoteMissing(const StreamInfo& info, std::vector<std::string>& problems) {
  std::string stream =
      "stream " + std::to_string(info.index) + " (" + info.type + (info.codec.empty() ? "" : ", " + info.codec) + "): ";
  if (info.codec.empty()) AddProblem(problems, stream + "codec unknown");
  if (info.type == "video" && (info.width <= 0 || info.height <= 0))
    AddProblem(problems, stream + "frame size unknown");
  if (info.type == "audio" && info.sample_rate <= 0) AddProblem(problems, stream + "sample rate unknown");
  if (info.type == "audio" && info.channels <= 0) AddProblem(problems, stream + "channel count unknown");
}
}  // namespace

int64_t ToMs(int64_t value, AVRational time_base) {
  if (value == AV_NOPTS_VALUE || value < 0 || !Valid(time_base)) return -1;
  int64_t ms = av_rescale_q(value, time_base, AVRational{1, 1000});
  return ms < 0 ? -1 : ms;  // av_rescale_q gives INT64_MIN on overflow
}

StreamInfo DescribeStream(const AVStream* st, std::vector<std::string>& problems, TagBudget& budget) {
  const AVCodecParameters* par = st->codecpar;
  StreamInfo info;
  info.index = st->index;
  info.type = TypeName(par->codec_type);
  info.codec = CodecName(par->codec_id);
  if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
    info.width = par->width;
    info.height = par->height;
    info.frame_rate = FrameRate(st);
  } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
    info.sample_rate = par->sample_rate;
    info.channels = par->ch_layout.nb_channels;
    info.channel_layout = ChannelLayout(par->ch_layout);
  }
  NoteMissing(info, problems);
  info.duration_ms = ToMs(st->duration, st->time_base);
  CopyTags(st->metadata, "stream " + std::to_string(st->index), info.tags, problems, budget);
  return info;
}

}  // namespace custodia::probe_internal
