// Where the structural walk reads element headers from: a clip on disk
// (through the Env seam, with a small read window so that neighbouring
// headers cost one pread) or bytes in memory (fuzzing, tests).
#ifndef CUSTODIA_PROBE_BYTE_SOURCE_H_
#define CUSTODIA_PROBE_BYTE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/env.h"
#include "custodia/status.h"

namespace custodia::probe_internal {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Reads up to n bytes at offset; fewer only at the end of the file.
  virtual Result<size_t> ReadAt(uint64_t offset, uint8_t* buf, size_t n) = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  Result<size_t> ReadAt(uint64_t offset, uint8_t* buf, size_t n) override;

 private:
  std::string_view bytes_;
};

class FileSource final : public ByteSource {
 public:
  // Fails if the path cannot be opened or is not a regular file (a FIFO or a
  // device would block or never end).
  static Result<std::unique_ptr<FileSource>> Open(Env* env, const std::string& path);
  uint64_t size() const override { return size_; }
  Result<size_t> ReadAt(uint64_t offset, uint8_t* buf, size_t n) override;

 private:
  static constexpr size_t kWindow = 4096;
  FileSource(std::unique_ptr<ReadableFile> file, uint64_t size) : file_(std::move(file)), size_(size) {}
  std::unique_ptr<ReadableFile> file_;
  uint64_t size_;
  uint64_t window_offset_ = 0;
  std::vector<uint8_t> window_;
};

// Opens `path` for reading and checks that it is a regular file; fills *size.
Result<std::unique_ptr<ReadableFile>> OpenRegularFile(Env* env, const std::string& path, uint64_t* size);

}  // namespace custodia::probe_internal

#endif  // CUSTODIA_PROBE_BYTE_SOURCE_H_
