// Reading a bundle directory that may have been built by an attacker: every
// file is opened component by component with openat(O_NOFOLLOW), so neither
// a symbolic link nor a ".." can lead outside the bundle; only regular files
// are read; text is read with a size limit; the tree walk is bounded.
#ifndef CUSTODIA_BUNDLE_BUNDLE_FS_H_
#define CUSTODIA_BUNDLE_BUNDLE_FS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/hash.h"
#include "custodia/status.h"

namespace custodia::bundle_internal {

enum class NodeType { kFile, kDir, kSymlink, kOther };

struct Node {
  std::string path;  // relative to the bundle root, '/'-separated
  NodeType type;
  uint64_t size = 0;
};

struct Digests {
  uint64_t size = 0;
  Sha256Digest sha256{};
  Blake2bDigest blake2b{};
};

class BundleDir {
 public:
  // Opens `dir` (which the user named, so it may itself be a symlink).
  static Result<BundleDir> Open(const std::string& dir);
  BundleDir(BundleDir&& o) noexcept : fd_(o.fd_), root_(std::move(o.root_)) { o.fd_ = -1; }
  BundleDir(const BundleDir&) = delete;
  BundleDir& operator=(const BundleDir&) = delete;
  BundleDir& operator=(BundleDir&&) = delete;
  ~BundleDir();

  // Every entry under the root, depth-first, names sorted; stops with a
  // problem after kMaxBundleFiles entries or below 3 levels. Entries whose
  // name is not a valid bundle path are reported in `problems` (and not
  // descended into).
  std::vector<Node> Walk(std::vector<std::string>* problems) const;

  // Reads a whole regular file, failing if it is larger than max_size.
  Result<std::string> ReadText(std::string_view rel, uint64_t max_size) const;
  // Streams a regular file, computing SHA-256 and (if want_blake2b) BLAKE2b-512.
  Result<Digests> Hash(std::string_view rel, bool want_blake2b,
                       const std::function<void(uint64_t bytes)>& progress) const;

 private:
  BundleDir(int fd, std::string root) : fd_(fd), root_(std::move(root)) {}
  // Opens a regular file below the root without following any symlink.
  Result<int> OpenFile(std::string_view rel, uint64_t* size) const;
  int fd_ = -1;
  std::string root_;
};

}  // namespace custodia::bundle_internal

#endif  // CUSTODIA_BUNDLE_BUNDLE_FS_H_
