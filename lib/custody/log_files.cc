// Reading entries.jsonl line by line, and the log/offsets file.
#include <cstring>

#include "custody/log_impl.h"

namespace custodia::custody_internal {

namespace {
constexpr size_t kChunk = 1 << 20;
}  // namespace

std::string EntrySpan(uint64_t first, uint64_t last) {
  if (first == last) return "entry seq " + std::to_string(first);
  return "entries seq " + std::to_string(first) + ".." + std::to_string(last) + " (" +
         std::to_string(last - first + 1) + " entries)";
}

LineReader::LineReader(ReadableFile* file, uint64_t begin, uint64_t end) : file_(file), pos_(begin), end_(end) {}

Result<bool> LineReader::Next(std::string_view* line, uint64_t* offset) {
  for (;;) {
    size_t nl = buf_.find('\n', scan_);
    if (nl != std::string::npos) {
      *line = std::string_view(buf_).substr(start_, nl - start_);
      *offset = pos_ + start_;
      start_ = scan_ = nl + 1;
      if (line->size() > kMaxEntryLine) {
        return Status::Integrity(file_->path() + ": the line at byte " + std::to_string(*offset) + " is " +
                                 std::to_string(line->size()) + " bytes, longer than any custody entry");
      }
      return true;
    }
    scan_ = buf_.size();
    uint64_t file_pos = pos_ + buf_.size();
    if (buf_.size() - start_ > kMaxEntryLine) {
      return Status::Integrity(file_->path() + ": no end of line within " + std::to_string(kMaxEntryLine) +
                               " bytes after byte " + std::to_string(pos_ + start_) +
                               " (not a custody entry, nor a torn write)");
    }
    if (file_pos >= end_) return false;
    // Drop consumed bytes, then read the next chunk after what is left.
    buf_.erase(0, start_);
    pos_ += start_;
    scan_ -= start_;
    start_ = 0;
    size_t want = size_t(std::min<uint64_t>(kChunk, end_ - file_pos));
    size_t old = buf_.size();
    buf_.resize(old + want);
    ASSIGN_OR_RETURN(size_t n, file_->ReadAt(file_pos, buf_.data() + old, want));
    buf_.resize(old + n);
    if (n == 0) {
      end_ = file_pos;  // the file is shorter than it was: stop there
      return false;
    }
  }
}

Result<std::string> ReadLineAt(ReadableFile* file, uint64_t offset, uint64_t end, std::string_view what) {
  std::string out;
  size_t want = 4096;
  while (true) {
    uint64_t left = end > offset + out.size() ? end - offset - out.size() : 0;
    size_t n = size_t(std::min<uint64_t>(want, left));
    if (n == 0) break;
    size_t old = out.size();
    out.resize(old + n);
    ASSIGN_OR_RETURN(size_t got, file->ReadAt(offset + old, out.data() + old, n));
    out.resize(old + got);
    size_t nl = out.find('\n', old);
    if (nl != std::string::npos) {
      out.resize(nl);
      return out;
    }
    if (got < n || out.size() > kMaxEntryLine) break;
    want = std::min<size_t>(want * 4, kChunk);
  }
  return Status::Integrity(std::string(what) + " (at byte " + std::to_string(offset) + " of " + file->path() +
                           ") has no end of line: entries.jsonl was truncated or edited there");
}

Result<std::unique_ptr<OffsetsFile>> OffsetsFile::Open(Env* env, const std::string& path, bool writable) {
  auto f = std::make_unique<OffsetsFile>();
  f->env_ = env;
  f->path_ = path;
  if (writable) {
    ASSIGN_OR_RETURN(f->out_, env->OpenAppend(path, kLogFileMode));
  }
  ASSIGN_OR_RETURN(f->in_, env->OpenRead(path));
  ASSIGN_OR_RETURN(FileInfo fi, f->in_->Stat());
  if (!fi.is_regular) return Status::Integrity(path + " is not a regular file");
  f->bytes_ = fi.size;
  f->count_ = fi.size / 8;
  return f;
}

void OffsetsFile::Encode(uint64_t offset, std::string* out) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = char((offset >> (8 * i)) & 0xff);
  out->append(b, 8);
}

Result<uint64_t> OffsetsFile::Get(uint64_t seq) {
  if (seq >= count_) return Status::Invalid("internal: " + path_ + " has no entry " + std::to_string(seq));
  uint8_t b[8];
  ASSIGN_OR_RETURN(size_t n, in_->ReadAt(seq * 8, b, 8));
  if (n != 8) return Status::Integrity(path_ + " ends inside the offset of entry seq " + std::to_string(seq));
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
  return v;
}

Status OffsetsFile::ReadRange(uint64_t first, uint64_t n, std::vector<uint64_t>* out) {
  out->clear();
  if (first >= count_) return Status::Ok();
  n = std::min(n, count_ - first);
  std::string raw(n * 8, '\0');
  ASSIGN_OR_RETURN(size_t got, in_->ReadAt(first * 8, raw.data(), raw.size()));
  out->reserve(got / 8);
  for (size_t i = 0; i + 8 <= got; i += 8) {
    uint64_t v = 0;
    for (int k = 7; k >= 0; --k) v = (v << 8) | uint8_t(raw[i + size_t(k)]);
    out->push_back(v);
  }
  return Status::Ok();
}

Status OffsetsFile::Append(std::string_view encoded, uint64_t n) {
  if (!out_) return Status::Invalid(path_ + " is open read-only");
  RETURN_IF_ERROR(out_->Append(encoded));
  count_ += n;
  bytes_ += encoded.size();
  return Status::Ok();
}

Status OffsetsFile::Sync() { return out_ ? out_->Sync() : Status::Ok(); }

Status OffsetsFile::TruncateTo(uint64_t n) {
  if (!out_) return Status::Invalid(path_ + " is open read-only");
  RETURN_IF_ERROR(env_->Truncate(path_, n * 8));
  count_ = n;
  bytes_ = n * 8;
  return Status::Ok();
}

}  // namespace custodia::custody_internal
