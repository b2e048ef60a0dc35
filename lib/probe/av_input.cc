#include "probe/av_input.h"

#include <algorithm>
#include <cerrno>
#include <string_view>

#include "probe/byte_source.h"
#include "probe/problems.h"

namespace custodia::probe_internal {

namespace {
constexpr int kAvioBufferSize = 32 * 1024;

// Options for each stream's decoder during avformat_find_stream_info; libav
// may replace the dictionaries it is given, so they are owned here as a whole.
class StreamOptions {
 public:
  explicit StreamOptions(unsigned n) : dicts_(n, nullptr) {
    // Single-threaded: several probes run at once on a small machine. (Not
    // skip_frame: without decoding, MPEG-TS loses its frame size and AAC its
    // channel layout.)
    for (auto& d : dicts_) av_dict_set(&d, "threads", "1", 0);
  }
  ~StreamOptions() {
    for (auto& d : dicts_) av_dict_free(&d);
  }
  StreamOptions(const StreamOptions&) = delete;
  StreamOptions& operator=(const StreamOptions&) = delete;
  AVDictionary** get() { return dicts_.empty() ? nullptr : dicts_.data(); }

 private:
  std::vector<AVDictionary*> dicts_;
};
// Demuxers whose input is a list of other files or URLs.
bool IsPlaylist(std::string_view name) {
  for (std::string_view p : {"concat", "hls", "dash", "imf"}) {
    if (name == p) return true;
  }
  return false;
}
}  // namespace

int AvInput::ReadPacket(void* opaque, uint8_t* buf, int n) {
  auto* io = static_cast<IoState*>(opaque);
  if (n <= 0) return 0;
  auto got = io->file->ReadAt(io->pos, buf, size_t(n));
  if (!got.ok()) {
    io->read_error = got.status().message();
    return AVERROR(EIO);
  }
  if (*got == 0) return AVERROR_EOF;
  io->pos += *got;
  return int(*got);
}

int64_t AvInput::Seek(void* opaque, int64_t offset, int whence) {
  auto* io = static_cast<IoState*>(opaque);
  int64_t base;
  switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
      return int64_t(io->size);
    case SEEK_SET:
      base = 0;
      break;
    case SEEK_CUR:
      base = int64_t(io->pos);
      break;
    case SEEK_END:
      base = int64_t(io->size);
      break;
    default:
      return AVERROR(EINVAL);
  }
  if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0) return AVERROR(EINVAL);
  io->pos = uint64_t(base + offset);
  return int64_t(io->pos);
}

int AvInput::RefuseNestedOpen(AVFormatContext* s, AVIOContext**, const char* url, int, AVDictionary**) {
  auto* io = static_cast<IoState*>(s->opaque);
  if (io && io->refused.size() < 8) io->refused.push_back(Printable(url ? url : "", 200));
  return AVERROR(EPERM);
}

std::string AvInput::ReadErrorSuffix() const { return io_.read_error.empty() ? "" : " (" + io_.read_error + ")"; }

Result<std::unique_ptr<AvInput>> AvInput::Open(const std::string& path) {
  RouteAvLog();
  std::unique_ptr<AvInput> in(new AvInput);
  ASSIGN_OR_RETURN(in->io_.file, OpenRegularFile(Env::Default(), path, &in->io_.size));

  AvBufferPtr buffer(static_cast<uint8_t*>(av_malloc(kAvioBufferSize)));
  if (!buffer) return Status::Io("out of memory opening " + path + " with libavformat");
  AVIOContext* avio =
      avio_alloc_context(buffer.get(), kAvioBufferSize, 0, &in->io_, &AvInput::ReadPacket, nullptr, &AvInput::Seek);
  if (!avio) return Status::Io("out of memory opening " + path + " with libavformat");
  buffer.release();  // owned by the AVIOContext now (and reallocated by it at will)
  in->avio_.reset(avio);

  // Detect the container first: a playlist is not a clip, and opening one
  // would make libav open the files it lists.
  const AVInputFormat* format = nullptr;
  int score = av_probe_input_buffer2(avio, &format, path.c_str(), nullptr, 0, 0);
  if (score < 0 || !format) {
    return Status::Invalid("libavformat cannot open it: " + AvError(score < 0 ? score : AVERROR_INVALIDDATA) +
                           in->ReadErrorSuffix());
  }
  if (IsPlaylist(format->name)) {
    return Status::Invalid("libavformat sees a '" + std::string(format->name) +
                           "' playlist, not a clip; refused (opening it would read the files it lists)");
  }

  AVFormatContext* ctx = avformat_alloc_context();
  if (!ctx) return Status::Io("out of memory opening " + path + " with libavformat");
  ctx->pb = avio;
  ctx->opaque = &in->io_;
  ctx->io_open = &AvInput::RefuseNestedOpen;
  // Demuxers that open files on their own (not through io_open) inherit
  // this list: no protocol at all. Our own file comes through ctx->pb.
  ctx->protocol_whitelist = av_strdup("none");
  if (!ctx->protocol_whitelist) {
    avformat_free_context(ctx);
    return Status::Io("out of memory opening " + path + " with libavformat");
  }
  // The name is only used in libav's messages; libav reads through ctx->pb.
  // On failure libav frees ctx.
  int err = avformat_open_input(&ctx, path.c_str(), format, nullptr);
  if (err < 0) {
    std::string refused;
    for (const auto& url : in->io_.refused) refused += "; it refers to \"" + url + "\", which was not opened";
    return Status::Invalid("libavformat cannot open it: " + AvError(err) + in->ReadErrorSuffix() + refused);
  }
  in->format_.reset(ctx);
  return in;
}

namespace {
// MP4/MOV and Matroska headers describe every stream completely (sample
// descriptions, track entries): when they do, avformat_find_stream_info would
// only decode a first frame to learn things we do not report, which costs
// 5-20 ms on a 1080p clip. Then the container's timings are derived the way
// libav's estimate_timings does for such files: from the streams.
bool HeaderIsComplete(const AVFormatContext* ctx) {
  std::string_view name = ctx->iformat && ctx->iformat->name ? ctx->iformat->name : "";
  if (name.rfind("mov,", 0) != 0 && name.rfind("matroska", 0) != 0) return false;
  if (ctx->nb_streams == 0) return false;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* st = ctx->streams[i];
    const AVCodecParameters* p = st->codecpar;
    if (p->codec_id == AV_CODEC_ID_NONE || st->time_base.den == 0) return false;
    if (st->duration == AV_NOPTS_VALUE && (ctx->duration == AV_NOPTS_VALUE || ctx->duration <= 0)) return false;
    if (p->codec_type == AVMEDIA_TYPE_VIDEO &&
        (p->width <= 0 || p->height <= 0 || st->avg_frame_rate.num <= 0 || st->avg_frame_rate.den <= 0)) {
      return false;
    }
    if (p->codec_type == AVMEDIA_TYPE_AUDIO &&
        (p->sample_rate <= 0 || p->ch_layout.nb_channels <= 0 ||
         (p->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC && p->ch_layout.nb_channels > 2))) {
      return false;
    }
  }
  return true;
}

void CompleteFromHeader(AVFormatContext* ctx, uint64_t file_size) {
  // A header gives the channel count, not always the layout: one or two
  // channels can only be mono or stereo (what the decoder would report).
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    AVCodecParameters* p = ctx->streams[i]->codecpar;
    if (p->codec_type == AVMEDIA_TYPE_AUDIO && p->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
      int n = p->ch_layout.nb_channels;
      av_channel_layout_uninit(&p->ch_layout);
      av_channel_layout_default(&p->ch_layout, n);
    }
  }
  if (ctx->duration == AV_NOPTS_VALUE || ctx->duration <= 0) {
    int64_t longest = 0;
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
      const AVStream* st = ctx->streams[i];
      longest = std::max(longest, av_rescale_q(st->duration, st->time_base, AVRational{1, AV_TIME_BASE}));
    }
    if (longest > 0) ctx->duration = longest;
  }
  if (ctx->bit_rate <= 0 && ctx->duration > 0 && file_size > 0) {
    ctx->bit_rate = av_rescale(int64_t(file_size), 8 * int64_t(AV_TIME_BASE), ctx->duration);
  }
}
}  // namespace

Status AvInput::FindStreamInfo() {
  if (HeaderIsComplete(format_.get())) {
    CompleteFromHeader(format_.get(), io_.size);
    return Status::Ok();
  }
  StreamOptions options(format_->nb_streams);
  int err = avformat_find_stream_info(format_.get(), options.get());
  if (err < 0) {
    return Status::Invalid("libavformat cannot read the stream parameters: " + AvError(err) + ReadErrorSuffix());
  }
  return Status::Ok();
}

}  // namespace custodia::probe_internal
