#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "custodia/hash.h"
#include "export/export_internal.h"

namespace custodia::export_internal {

namespace {

constexpr uint32_t kBundleFileMode = 0444;
constexpr uint32_t kBundleDirMode = 0755;
constexpr size_t kChunk = 64u << 20;

struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Copies n bytes with the fastest call the kernel and file systems allow:
// copy_file_range (in-kernel, reflinks where possible), else sendfile, else
// read/write.
Status CopyBytes(int in, int out, uint64_t n, const std::string& to, const std::atomic<bool>* cancel,
                 const std::function<void(uint64_t)>& progress) {
  enum { kCopyRange, kSendfile, kReadWrite } method = kCopyRange;
  std::unique_ptr<char[]> buf;
  uint64_t done = 0;
  while (done < n) {
    if (cancel && cancel->load()) return Status::Interrupted("export interrupted while copying to " + to);
    size_t want = size_t(std::min<uint64_t>(kChunk, n - done));
    ssize_t got = -1;
    if (method == kCopyRange) {
      got = ::copy_file_range(in, nullptr, out, nullptr, want, 0);
      if (got < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL) && done == 0) {
        method = kSendfile;
        continue;
      }
    } else if (method == kSendfile) {
      got = ::sendfile(out, in, nullptr, want);
      if (got < 0 && (errno == EINVAL || errno == ENOSYS) && done == 0) {
        method = kReadWrite;
        continue;
      }
    } else {
      if (!buf) buf.reset(new char[1 << 20]);
      got = ::read(in, buf.get(), std::min<size_t>(want, 1 << 20));
      if (got > 0) {
        for (ssize_t w = 0; w < got;) {
          ssize_t k = ::write(out, buf.get() + w, size_t(got - w));
          if (k < 0 && errno == EINTR) continue;
          if (k < 0) return Status::FromErrno(errno, "cannot write", to);
          w += k;
        }
      }
    }
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "cannot copy to", to);
    }
    if (got == 0) return Status::Io("the source of " + to + " ended after " + std::to_string(done) + " bytes");
    done += uint64_t(got);
    if (progress) progress(uint64_t(got));
  }
  return Status::Ok();
}

}  // namespace

Status BundleWriter::MakeDir(std::string_view rel) {
  std::string path = Path(rel);
  if (::mkdir(path.c_str(), kBundleDirMode) != 0) return Status::FromErrno(errno, "cannot create directory", path);
  created_dirs_.push_back(path);
  return Status::Ok();
}

Status BundleWriter::WriteText(std::string_view rel, std::string_view data) {
  if (cancel_ && cancel_->load()) return Status::Interrupted("export interrupted");
  std::string path = Path(rel);
  ASSIGN_OR_RETURN(auto f, env_->CreateExclusive(path, kBundleFileMode));
  created_files_.push_back(path);
  RETURN_IF_ERROR(f->Append(data));
  RETURN_IF_ERROR(f->Sync());
  RETURN_IF_ERROR(f->Close());
  sums_.push_back({HexOf(Sha256::Of(data)), std::string(rel)});
  bytes_ += data.size();
  return Status::Ok();
}

Result<FileDigests> BundleWriter::CopyChecked(std::string_view rel, const std::string& from,
                                              std::string_view expected_sha,
                                              const std::function<void(uint64_t)>& progress) {
  std::string to = Path(rel);
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) return Status::FromErrno(errno, "cannot open", from);
  struct stat st;
  if (::fstat(in.fd, &st) != 0) return Status::FromErrno(errno, "cannot stat", from);
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kBundleFileMode));
  if (out.fd < 0) return Status::FromErrno(errno, "cannot create", to);
  created_files_.push_back(to);
  RETURN_IF_ERROR(CopyBytes(in.fd, out.fd, uint64_t(st.st_size), to, cancel_, progress));
  if (::fsync(out.fd) != 0) return Status::FromErrno(errno, "cannot fsync", to);
  // Check what the target disk holds, not what the page cache remembers.
  ::posix_fadvise(out.fd, 0, 0, POSIX_FADV_DONTNEED);
  auto d = HashFile(env_, to, true, true);
  if (!d.ok()) return d.status();
  const std::string got = HexOf(d->sha256);
  if (got != expected_sha || d->size != uint64_t(st.st_size)) {
    return Status::Integrity("the copy " + to + " of " + from + " has SHA-256 " + got + ", not " +
                                 std::string(expected_sha) + " (the vault's object or the target disk is damaged)",
                             "run: custodia verify " + std::string(expected_sha.substr(0, 12)) +
                                 " --read-data; try another target disk");
  }
  sums_.push_back({got, std::string(rel)});
  bytes_ += d->size;
  return d;
}

Status BundleWriter::SyncDirs() {
  std::vector<std::string> dirs = created_dirs_;
  std::sort(dirs.begin(), dirs.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& d : dirs) RETURN_IF_ERROR(env_->SyncDir(d));
  return Status::Ok();
}

void BundleWriter::RemoveAll() {
  for (auto it = created_files_.rbegin(); it != created_files_.rend(); ++it) (void)env_->Remove(*it);
  for (auto it = created_dirs_.rbegin(); it != created_dirs_.rend(); ++it) (void)env_->RemoveDir(*it);
}

}  // namespace custodia::export_internal
