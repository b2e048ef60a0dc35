#include "bundle/bundle_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "custodia/bundle.h"

namespace custodia::bundle_internal {

namespace {

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  int release() {
    int f = fd;
    fd = -1;
    return f;
  }
};

std::vector<std::string_view> Components(std::string_view rel) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t slash = rel.find('/', start);
    out.push_back(rel.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

Status OpenError(int err, std::string_view rel, std::string_view comp, bool final_component) {
  std::string r(rel);
  if (err == ELOOP || (err == ENOTDIR && !final_component)) {
    // O_NOFOLLOW on a symlink gives ELOOP; O_DIRECTORY on one gives ENOTDIR.
    if (final_component) return Status::Integrity(r + ": is a symbolic link (never followed: a bundle contains none)");
    return Status::Integrity(r + ": \"" + std::string(comp) +
                             "\" on its path is a symbolic link or not a directory (never followed)");
  }
  if (err == ENOENT) return Status::NotFound(r + ": missing");
  return Status::FromErrno(err, "cannot open", r);
}

NodeType TypeOf(mode_t m) {
  if (S_ISREG(m)) return NodeType::kFile;
  if (S_ISDIR(m)) return NodeType::kDir;
  if (S_ISLNK(m)) return NodeType::kSymlink;
  return NodeType::kOther;
}

}  // namespace

Result<BundleDir> BundleDir::Open(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) return Status::Invalid("bundle directory " + dir + " does not exist");
    if (err == ENOTDIR) return Status::Invalid(dir + " is not a directory (give the bundle's directory)");
    return Status::Invalid("cannot open bundle directory " + dir + ": " + std::strerror(err));
  }
  return BundleDir(fd, dir);
}

BundleDir::~BundleDir() {
  if (fd_ >= 0) ::close(fd_);
}

Result<int> BundleDir::OpenFile(std::string_view rel, uint64_t* size) const {
  RETURN_IF_ERROR(CheckBundlePath(rel));
  auto comps = Components(rel);
  Fd dir(-1);
  int cur = fd_;
  for (size_t i = 0; i + 1 < comps.size(); ++i) {
    std::string c(comps[i]);
    int next = ::openat(cur, c.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) return OpenError(errno, rel, comps[i], false);
    Fd holder(next);
    std::swap(dir.fd, holder.fd);
    cur = dir.fd;
  }
  std::string last(comps.back());
  // O_NONBLOCK: opening a FIFO planted in the bundle must not hang.
  int fd = ::openat(cur, last.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return OpenError(errno, rel, last, true);
  Fd file(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::FromErrno(errno, "cannot stat", std::string(rel));
  if (!S_ISREG(st.st_mode)) {
    return Status::Integrity(std::string(rel) + ": not a regular file (" +
                             (S_ISDIR(st.st_mode) ? "a directory" : "a device, FIFO or socket") + ")");
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  *size = uint64_t(st.st_size);
  return file.release();
}

Result<std::string> BundleDir::ReadText(std::string_view rel, uint64_t max_size) const {
  uint64_t size = 0;
  ASSIGN_OR_RETURN(int fd, OpenFile(rel, &size));
  Fd file(fd);
  if (size > max_size) {
    return Status::Integrity(std::string(rel) + ": " + std::to_string(size) + " bytes, more than the " +
                             std::to_string(max_size) + " such a file may have in a bundle");
  }
  std::string out;
  out.resize(size_t(size));
  size_t got = 0;
  // Read one byte past the size seen: the file may grow while we read it.
  for (;;) {
    if (got == out.size()) {
      if (out.size() >= max_size + 1) break;
      out.resize(std::min<uint64_t>(max_size + 1, out.size() + 65536));
    }
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "cannot read", std::string(rel));
    }
    if (n == 0) break;
    got += size_t(n);
  }
  out.resize(got);
  if (got > max_size) {
    return Status::Integrity(std::string(rel) + ": more than the " + std::to_string(max_size) +
                             " bytes such a file may have in a bundle");
  }
  return out;
}

Result<Digests> BundleDir::Hash(std::string_view rel, bool want_blake2b,
                                const std::function<void(uint64_t bytes)>& progress) const {
  uint64_t size = 0;
  ASSIGN_OR_RETURN(int fd, OpenFile(rel, &size));
  Fd file(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  constexpr size_t kBuf = 1 << 20;
  std::unique_ptr<char[]> buf(new char[kBuf]);
  Sha256 sha;
  Blake2b512 b2;
  Digests d;
  for (;;) {
    ssize_t n = ::read(fd, buf.get(), kBuf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::FromErrno(errno, "cannot read", std::string(rel));
    }
    if (n == 0) break;
    sha.Update(buf.get(), size_t(n));
    if (want_blake2b) b2.Update(buf.get(), size_t(n));
    d.size += uint64_t(n);
    if (progress) progress(uint64_t(n));
  }
  d.sha256 = sha.Final();
  if (want_blake2b) d.blake2b = b2.Final();
  return d;
}

namespace {

void WalkDir(int dirfd, const std::string& prefix, size_t depth, std::vector<Node>* out,
             std::vector<std::string>* problems, bool* stopped) {
  int dup = ::dup(dirfd);
  if (dup < 0) {
    problems->push_back((prefix.empty() ? "." : prefix) + ": cannot list: " + std::strerror(errno));
    return;
  }
  std::unique_ptr<DIR, int (*)(DIR*)> d(::fdopendir(dup), &::closedir);
  if (!d) {
    ::close(dup);
    problems->push_back((prefix.empty() ? "." : prefix) + ": cannot list the directory");
    return;
  }
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d.get())) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    if (names.size() + out->size() >= kMaxBundleFiles) {
      *stopped = true;
      break;
    }
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    if (out->size() >= kMaxBundleFiles) {
      *stopped = true;
      return;
    }
    std::string path = prefix.empty() ? name : prefix + "/" + name;
    struct stat st;
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      problems->push_back(path + ": cannot stat: " + std::strerror(errno));
      continue;
    }
    if (Status s = CheckBundlePath(path); !s.ok()) {
      problems->push_back(s.message());
      continue;
    }
    Node n{path, TypeOf(st.st_mode), S_ISREG(st.st_mode) ? uint64_t(st.st_size) : 0};
    out->push_back(n);
    if (n.type != NodeType::kDir) continue;
    if (depth + 1 >= 3) continue;  // nothing in a bundle is deeper; the caller reports the directory
    int sub = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) {
      problems->push_back(path + ": cannot open the directory: " + std::strerror(errno));
      continue;
    }
    Fd holder(sub);
    WalkDir(sub, path, depth + 1, out, problems, stopped);
    if (*stopped) return;
  }
}

}  // namespace

std::vector<Node> BundleDir::Walk(std::vector<std::string>* problems) const {
  std::vector<Node> out;
  bool stopped = false;
  WalkDir(fd_, "", 0, &out, problems, &stopped);
  if (stopped) {
    problems->push_back("the bundle has more than " + std::to_string(kMaxBundleFiles) +
                        " files and directories: not all were examined");
  }
  return out;
}

}  // namespace custodia::bundle_internal
