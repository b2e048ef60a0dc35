// The POSIX Env: plain syscalls, EINTR retried, every error names the path.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <random>

#include "custodia/env.h"

namespace custodia {

namespace {

FileInfo InfoOf(const struct stat& st) {
  FileInfo fi;
  fi.size = uint64_t(st.st_size);
  fi.mtime_ns = int64_t(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
  fi.mode = st.st_mode & 07777;
  fi.dev = st.st_dev;
  fi.ino = st.st_ino;
  fi.uid = st.st_uid;
  fi.is_regular = S_ISREG(st.st_mode);
  fi.is_dir = S_ISDIR(st.st_mode);
  fi.is_symlink = S_ISLNK(st.st_mode);
  return fi;
}

class PosixReadableFile final : public ReadableFile {
 public:
  PosixReadableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixReadableFile() override { ::close(fd_); }

  Result<size_t> Read(void* buf, size_t n) override {
    for (;;) {
      ssize_t r = ::read(fd_, buf, n);
      if (r >= 0) {
        pos_ += uint64_t(r);
        return size_t(r);
      }
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "read error at offset " + std::to_string(pos_) + " of", path_);
    }
  }

  Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) override {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, static_cast<char*>(buf) + done, n - done, off_t(offset + done));
      if (r == 0) break;
      if (r < 0) {
        if (errno == EINTR) continue;
        return Status::FromErrno(errno, "read error at offset " + std::to_string(offset + done) + " of", path_);
      }
      done += size_t(r);
    }
    return done;
  }

  Result<FileInfo> Stat() override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return Status::FromErrno(errno, "cannot stat", path_);
    return InfoOf(st);
  }

  void AdviseSequential() override { ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL); }
  void DropCache() override { ::posix_fadvise(fd_, 0, 0, POSIX_FADV_DONTNEED); }
  void DropCacheRange(uint64_t offset, uint64_t len) override {
    ::posix_fadvise(fd_, off_t(offset), off_t(len), POSIX_FADV_DONTNEED);
  }
  void WillNeed(uint64_t offset, uint64_t n) override {
    ::posix_fadvise(fd_, off_t(offset), off_t(n), POSIX_FADV_WILLNEED);
  }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  int fd_;
  uint64_t pos_ = 0;
};

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Append(const void* data, size_t n) override {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        return Status::FromErrno(errno, "write error at offset " + std::to_string(written_) + " of", path_);
      }
      p += w;
      n -= size_t(w);
      written_ += uint64_t(w);
    }
    return Status::Ok();
  }

  Status Sync() override {
    if (::fsync(fd_) != 0) return Status::FromErrno(errno, "fsync failed for", path_);
    return Status::Ok();
  }

  Status Close() override {
    if (fd_ < 0) return Status::Ok();
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Status::FromErrno(errno, "close failed for", path_);
    return Status::Ok();
  }

  void DropCache() override {
    if (fd_ >= 0) ::posix_fadvise(fd_, 0, 0, POSIX_FADV_DONTNEED);
  }
  void WritebackRange(uint64_t offset, uint64_t len, bool wait) override {
    if (fd_ < 0) return;
    unsigned flags = SYNC_FILE_RANGE_WRITE;
    if (wait) flags |= SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WAIT_AFTER;
    ::sync_file_range(fd_, off_t(offset), off_t(len), flags);
    if (wait) ::posix_fadvise(fd_, off_t(offset), off_t(len), POSIX_FADV_DONTNEED);
  }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  int fd_;
  uint64_t written_ = 0;
};

class PosixEnv final : public Env {
 public:
  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return Status::FromErrno(errno, "cannot open", path);
    return std::unique_ptr<ReadableFile>(new PosixReadableFile(path, fd));
  }

  Result<std::unique_ptr<WritableFile>> CreateExclusive(const std::string& path, uint32_t mode) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) return Status::FromErrno(errno, "cannot create", path);
    return std::unique_ptr<WritableFile>(new PosixWritableFile(path, fd));
  }

  Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path, uint32_t mode) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) return Status::FromErrno(errno, "cannot open for appending", path);
    return std::unique_ptr<WritableFile>(new PosixWritableFile(path, fd));
  }

  Status Rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return Status::FromErrno(errno, "cannot rename " + from + " to", to);
    return Status::Ok();
  }

  Status RenameNoReplace(const std::string& from, const std::string& to) override {
#ifdef SYS_renameat2
    if (::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), 1 /*RENAME_NOREPLACE*/) == 0) {
      return Status::Ok();
    }
    if (errno != EINVAL && errno != ENOSYS) return Status::FromErrno(errno, "cannot rename " + from + " to", to);
#endif
    // Filesystems without renameat2 flags: link() fails if `to` exists.
    if (::link(from.c_str(), to.c_str()) != 0) return Status::FromErrno(errno, "cannot rename " + from + " to", to);
    ::unlink(from.c_str());
    return Status::Ok();
  }

  Status SyncDir(const std::string& dir) override {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Status::FromErrno(errno, "cannot open directory", dir);
    int r = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (r != 0) return Status::FromErrno(err, "fsync failed for directory", dir);
    return Status::Ok();
  }

  Status Remove(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return Status::FromErrno(errno, "cannot remove", path);
    return Status::Ok();
  }

  Status RemoveDir(const std::string& path) override {
    if (::rmdir(path.c_str()) != 0) return Status::FromErrno(errno, "cannot remove directory", path);
    return Status::Ok();
  }

  Status MakeDir(const std::string& path, uint32_t mode) override {
    if (::mkdir(path.c_str(), mode) == 0) return Status::Ok();
    if (errno == EEXIST) {
      struct stat st;
      if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Status::Ok();
      return Status::Io("cannot create directory " + path + ": a file of that name exists");
    }
    return Status::FromErrno(errno, "cannot create directory", path);
  }

  Status Chmod(const std::string& path, uint32_t mode) override {
    if (::chmod(path.c_str(), mode) != 0) return Status::FromErrno(errno, "cannot chmod", path);
    return Status::Ok();
  }

  Status Truncate(const std::string& path, uint64_t size) override {
    if (::truncate(path.c_str(), off_t(size)) != 0) return Status::FromErrno(errno, "cannot truncate", path);
    return Status::Ok();
  }

  Result<FileInfo> Stat(const std::string& path) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return Status::FromErrno(errno, "cannot stat", path);
    return InfoOf(st);
  }

  Result<FileInfo> Lstat(const std::string& path) override {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return Status::FromErrno(errno, "cannot stat", path);
    return InfoOf(st);
  }

  Result<std::vector<DirEntry>> ListDir(const std::string& path) override {
    DIR* d = ::opendir(path.c_str());
    if (!d) return Status::FromErrno(errno, "cannot list directory", path);
    std::vector<DirEntry> out;
    errno = 0;
    while (struct dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      EntryType t = EntryType::kOther;
      unsigned char dt = e->d_type;
      if (dt == DT_UNKNOWN) {
        struct stat st;
        if (::fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
          dt = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
        }
      }
      if (dt == DT_REG) t = EntryType::kRegular;
      else if (dt == DT_DIR) t = EntryType::kDirectory;
      else if (dt == DT_LNK) t = EntryType::kSymlink;
      out.push_back({std::move(name), t});
      errno = 0;
    }
    int err = errno;
    ::closedir(d);
    if (err != 0) return Status::FromErrno(err, "cannot list directory", path);
    std::sort(out.begin(), out.end(), [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
    return out;
  }
};

}  // namespace

Env* Env::Default() {
  static PosixEnv env;
  return &env;
}

bool Env::Exists(const std::string& path) { return Lstat(path).ok(); }

Result<std::string> ReadFileToString(Env* env, const std::string& path, uint64_t max_size) {
  ASSIGN_OR_RETURN(auto file, env->OpenRead(path));
  ASSIGN_OR_RETURN(FileInfo fi, file->Stat());
  if (!fi.is_regular) return Status::Invalid(path + " is not a regular file");
  if (fi.size > max_size) {
    return Status::Invalid(path + " is too large (" + std::to_string(fi.size) + " bytes, limit " +
                           std::to_string(max_size) + ")");
  }
  std::string out;
  out.resize(fi.size);
  size_t got = 0;
  while (true) {
    if (got == out.size()) out.resize(out.size() + 4096);  // file grew since stat
    ASSIGN_OR_RETURN(size_t n, file->Read(out.data() + got, out.size() - got));
    if (n == 0) break;
    got += n;
    if (got > max_size) return Status::Invalid(path + " is too large (limit " + std::to_string(max_size) + ")");
  }
  out.resize(got);
  return out;
}

namespace {
Status WriteTemp(Env* env, const std::string& tmp, std::string_view data, uint32_t mode) {
  ASSIGN_OR_RETURN(auto f, env->CreateExclusive(tmp, mode));
  Status s = f->Append(data);
  if (s.ok()) s = f->Sync();
  if (s.ok()) s = f->Close();
  if (!s.ok()) env->Remove(tmp);
  return s;
}
}  // namespace

Status WriteFileDurably(Env* env, const std::string& tmp_dir, const std::string& path, std::string_view data,
                        uint32_t mode) {
  std::string tmp = JoinPath(tmp_dir, TempName(BaseName(path)));
  RETURN_IF_ERROR(WriteTemp(env, tmp, data, mode));
  Status s = env->Rename(tmp, path);
  if (!s.ok()) {
    env->Remove(tmp);
    return s;
  }
  return env->SyncDir(DirName(path));
}

Status WriteFilesDurably(Env* env, const std::string& tmp_dir,
                         const std::vector<std::pair<std::string, std::string_view>>& files, uint32_t mode) {
  std::vector<std::string> tmps;
  auto drop = [&] {
    for (const auto& t : tmps) env->Remove(t);
  };
  for (const auto& [path, data] : files) {
    tmps.push_back(JoinPath(tmp_dir, TempName(BaseName(path))));
    Status s = WriteTemp(env, tmps.back(), data, mode);
    if (!s.ok()) {
      tmps.pop_back();
      drop();
      return s;
    }
  }
  // Every byte is on disk: only renames are left, which need no space.
  for (size_t i = 0; i < files.size(); ++i) {
    Status s = env->Rename(tmps[i], files[i].first);
    if (!s.ok()) {
      tmps.erase(tmps.begin(), tmps.begin() + ptrdiff_t(i));
      drop();
      return s;
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (i == 0 || DirName(files[i].first) != DirName(files[i - 1].first)) {
      RETURN_IF_ERROR(env->SyncDir(DirName(files[i].first)));
    }
  }
  return Status::Ok();
}

Status WriteFileOnce(Env* env, const std::string& tmp_dir, const std::string& path, std::string_view data,
                     uint32_t mode) {
  std::string tmp = JoinPath(tmp_dir, TempName(BaseName(path)));
  RETURN_IF_ERROR(WriteTemp(env, tmp, data, mode));
  Status s = env->RenameNoReplace(tmp, path);
  if (!s.ok()) {
    env->Remove(tmp);
    return s;
  }
  return env->SyncDir(DirName(path));
}

Status MakeDirs(Env* env, const std::string& path, uint32_t mode) {
  if (path.empty() || env->Exists(path)) return Status::Ok();
  std::string parent = DirName(path);
  if (parent != path) RETURN_IF_ERROR(MakeDirs(env, parent, mode));
  return env->MakeDir(path, mode);
}

std::string JoinPath(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  std::string out(a);
  if (out.back() != '/') out.push_back('/');
  out += b;
  return out;
}

std::string DirName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string BaseName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string TempName(std::string_view prefix) {
  static std::atomic<uint64_t> counter{0};
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[64];
  std::snprintf(buf, sizeof buf, ".%d.%llu.%08llx", int(::getpid()), (unsigned long long)counter++,
                (unsigned long long)(rng() & 0xffffffffULL));
  std::string p(prefix.substr(0, 80));
  return p + buf;
}

}  // namespace custodia
