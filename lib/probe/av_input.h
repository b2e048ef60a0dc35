// A clip opened with libavformat. libav reads through our own file handle
// (a custom AVIOContext over the Env), never by name, and every nested open
// it asks for (MOV data references, playlists, concat lists) is refused: a
// hostile clip cannot make the probe read any other file or URL.
#ifndef CUSTODIA_PROBE_AV_INPUT_H_
#define CUSTODIA_PROBE_AV_INPUT_H_

#include <memory>
#include <string>
#include <vector>

#include "custodia/env.h"
#include "custodia/status.h"
#include "probe/av_support.h"

namespace custodia::probe_internal {

class AvInput {
 public:
  // avformat_open_input: detects the container and reads its header.
  static Result<std::unique_ptr<AvInput>> Open(const std::string& path);
  AvInput(const AvInput&) = delete;
  AvInput& operator=(const AvInput&) = delete;

  AVFormatContext* format() const { return format_.get(); }
  // avformat_find_stream_info, with single-threaded decoders (several probes
  // run at once on a small machine).
  Status FindStreamInfo();
  // Files or URLs the clip referred to, which we refused to open.
  const std::vector<std::string>& refused() const { return io_.refused; }

 private:
  // What the AVIO callbacks see (AVIOContext.opaque, AVFormatContext.opaque).
  struct IoState {
    std::unique_ptr<ReadableFile> file;
    uint64_t size = 0;
    uint64_t pos = 0;
    std::string read_error;
    std::vector<std::string> refused;
  };
  AvInput() = default;
  std::string ReadErrorSuffix() const;
  static int ReadPacket(void* opaque, uint8_t* buf, int n);
  static int64_t Seek(void* opaque, int64_t offset, int whence);
  static int RefuseNestedOpen(AVFormatContext* s, AVIOContext** pb, const char* url, int flags, AVDictionary** options);

  // Destroyed in reverse order: the format context, then its AVIO, then the file.
  IoState io_;
  AvioContextPtr avio_;
  FormatContextPtr format_;
};

}  // namespace custodia::probe_internal

#endif  // CUSTODIA_PROBE_AV_INPUT_H_
