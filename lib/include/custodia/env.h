// Env: the file-system seam (LevelDB style). Every module does its file I/O
// through an Env so that tests can inject faults (ENOSPC mid-copy, EIO at an
// offset, a vanished directory) without mocks of the modules themselves.
#ifndef CUSTODIA_ENV_H_
#define CUSTODIA_ENV_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/status.h"

namespace custodia {

struct FileInfo {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint32_t mode = 0;  // permission bits only (st_mode & 07777)
  uint64_t dev = 0, ino = 0;
  uint32_t uid = 0;
  bool is_regular = false, is_dir = false, is_symlink = false;
};

enum class EntryType { kRegular, kDirectory, kSymlink, kOther };
struct DirEntry {
  std::string name;
  EntryType type;
};

class ReadableFile {
 public:
  virtual ~ReadableFile() = default;
  // Sequential read; returns 0 at end of file. Retries EINTR.
  virtual Result<size_t> Read(void* buf, size_t n) = 0;
  // Positional read; may return fewer bytes than asked only at end of file.
  virtual Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) = 0;
  virtual Result<FileInfo> Stat() = 0;
  // Page-cache hints; no-ops where unsupported.
  virtual void AdviseSequential() {}
  virtual void DropCache() {}
  virtual void DropCacheRange(uint64_t /*offset*/, uint64_t /*len*/) {}
  // Starts reading [offset, offset + n) into the page cache, so that several
  // scattered reads wait for the disk once, not once each.
  virtual void WillNeed(uint64_t offset, uint64_t n) {
    (void)offset;
    (void)n;
  }
  virtual const std::string& path() const = 0;
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(const void* data, size_t n) = 0;
  Status Append(std::string_view s) { return Append(s.data(), s.size()); }
  virtual Status Sync() = 0;   // data and metadata durable (fsync)
  virtual Status Close() = 0;  // idempotent
  virtual void DropCache() {}
  // Starts writeback of [offset, offset+len) without waiting (sync_file_range
  // WRITE), so that the final Sync() has little left to do; with wait=true,
  // waits for it and drops those pages from the cache. Hints only.
  virtual void WritebackRange(uint64_t /*offset*/, uint64_t /*len*/, bool /*wait*/) {}
  virtual const std::string& path() const = 0;
};

class Env {
 public:
  virtual ~Env() = default;
  static Env* Default();

  virtual Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& path) = 0;
  // O_CREAT|O_EXCL: fails if the file exists.
  virtual Result<std::unique_ptr<WritableFile>> CreateExclusive(const std::string& path, uint32_t mode) = 0;
  // O_CREAT|O_APPEND.
  virtual Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path, uint32_t mode) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Fails with kInvalid-free Io(EEXIST) if `to` exists (renameat2 NOREPLACE).
  virtual Status RenameNoReplace(const std::string& from, const std::string& to) = 0;
  virtual Status SyncDir(const std::string& dir) = 0;
  virtual Status Remove(const std::string& path) = 0;
  virtual Status RemoveDir(const std::string& path) = 0;
  virtual Status MakeDir(const std::string& path, uint32_t mode) = 0;  // ok if it exists
  virtual Status Chmod(const std::string& path, uint32_t mode) = 0;
  virtual Status Truncate(const std::string& path, uint64_t size) = 0;
  virtual Result<FileInfo> Stat(const std::string& path) = 0;   // follows symlinks
  virtual Result<FileInfo> Lstat(const std::string& path) = 0;  // does not
  virtual Result<std::vector<DirEntry>> ListDir(const std::string& path) = 0;  // sorted by name
  virtual bool Exists(const std::string& path);
};

// Helpers built on an Env.

// Reads a whole file; fails if it is larger than max_size.
Result<std::string> ReadFileToString(Env* env, const std::string& path, uint64_t max_size = 64u << 20);

// The durable-write rule of SPEC §2: write to a temporary file in tmp_dir,
// fsync it, rename it into place (replacing), fsync the target's directory.
Status WriteFileDurably(Env* env, const std::string& tmp_dir, const std::string& path, std::string_view data,
                        uint32_t mode);
// Several files that belong together (a file and its signature): every
// temporary is written and synced before the first rename, so running out
// of space or failing a write replaces none of them.
Status WriteFilesDurably(Env* env, const std::string& tmp_dir,
                         const std::vector<std::pair<std::string, std::string_view>>& files, uint32_t mode);
// Same, but fails if `path` already exists (write-once files).
Status WriteFileOnce(Env* env, const std::string& tmp_dir, const std::string& path, std::string_view data,
                     uint32_t mode);

// MakeDir for every missing component.
Status MakeDirs(Env* env, const std::string& path, uint32_t mode);

std::string JoinPath(std::string_view a, std::string_view b);
std::string DirName(std::string_view path);
std::string BaseName(std::string_view path);
// A unique name for a temporary file: "<prefix>.<pid>.<counter>.<random>".
std::string TempName(std::string_view prefix);

}  // namespace custodia

#endif  // CUSTODIA_ENV_H_
