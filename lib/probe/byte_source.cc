#include "probe/byte_source.h"

#include <algorithm>
#include <cstring>

namespace custodia::probe_internal {

Result<size_t> MemorySource::ReadAt(uint64_t offset, uint8_t* buf, size_t n) {
  if (offset >= bytes_.size()) return size_t{0};
  size_t got = std::min<uint64_t>(n, bytes_.size() - offset);
  std::memcpy(buf, bytes_.data() + offset, got);
  return got;
}

Result<std::unique_ptr<ReadableFile>> OpenRegularFile(Env* env, const std::string& path, uint64_t* size) {
  ASSIGN_OR_RETURN(std::unique_ptr<ReadableFile> file, env->OpenRead(path));
  ASSIGN_OR_RETURN(FileInfo info, file->Stat());
  if (!info.is_regular) {
    return Status::Invalid(path + " is not a regular file", "probe the clip file itself, not a device or a pipe");
  }
  *size = info.size;
  return file;
}

Result<std::unique_ptr<FileSource>> FileSource::Open(Env* env, const std::string& path) {
  uint64_t size = 0;
  ASSIGN_OR_RETURN(std::unique_ptr<ReadableFile> file, OpenRegularFile(env, path, &size));
  return std::unique_ptr<FileSource>(new FileSource(std::move(file), size));
}

Result<size_t> FileSource::ReadAt(uint64_t offset, uint8_t* buf, size_t n) {
  if (offset >= size_) return size_t{0};
  n = size_t(std::min<uint64_t>(n, size_ - offset));
  if (offset >= window_offset_ && offset + n <= window_offset_ + window_.size()) {
    std::memcpy(buf, window_.data() + (offset - window_offset_), n);
    return n;
  }
  if (n > kWindow) return file_->ReadAt(offset, buf, n);
  window_.resize(size_t(std::min<uint64_t>(kWindow, size_ - offset)));
  auto got = file_->ReadAt(offset, window_.data(), window_.size());
  if (!got.ok()) {
    window_.clear();
    return got.status();
  }
  window_.resize(*got);
  window_offset_ = offset;
  size_t copied = std::min(n, *got);
  std::memcpy(buf, window_.data(), copied);
  return copied;
}

}  // namespace custodia::probe_internal
