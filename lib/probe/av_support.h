// libav plumbing shared by the probe: owners for libav objects, error text,
// and where av_log goes.
#ifndef CUSTODIA_PROBE_AV_SUPPORT_H_
#define CUSTODIA_PROBE_AV_SUPPORT_H_

#include <memory>
#include <string>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
}

namespace custodia::probe_internal {

// av_strerror's text for a libav error code ("Invalid data found when
// processing input"). (av_err2str is a C compound literal: not usable in C++.)
std::string AvError(int err);

// Once per process: av_log goes nowhere, or to stderr when the environment
// variable CUSTODIA_AV_LOG is set (its value may name a level: quiet, error,
// warning, info, verbose, debug, trace; anything else means info).
void RouteAvLog();

struct FormatContextCloser {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextCloser>;

// An AVIOContext we allocated ourselves: libav frees neither it nor its buffer.
struct AvioContextFreer {
  void operator()(AVIOContext* avio) const {
    av_freep(&avio->buffer);
    avio_context_free(&avio);
  }
};
using AvioContextPtr = std::unique_ptr<AVIOContext, AvioContextFreer>;

struct AvFreer {
  void operator()(void* p) const { av_free(p); }
};
using AvBufferPtr = std::unique_ptr<uint8_t, AvFreer>;

}  // namespace custodia::probe_internal

#endif  // CUSTODIA_PROBE_AV_SUPPORT_H_
