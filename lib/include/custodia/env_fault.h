// FaultEnv: an Env that forwards to another one and injects the failures of
// real hardware (the reliability tests; doc/reliability.md). Rules match a
// path by substring; counts are 1-based and shared by every matching path.
//
//   FaultEnv env;                               // wraps Env::Default()
//   env.FailReadAt("DCIM/b.mp4", 4096);         // EIO when a read reaches byte 4096
//   env.Fail(FaultEnv::Op::kAppend, "/tmp/", ENOSPC, 3);  // 3rd write into tmp/
//   env.Unplug("/media/cam", 1 << 20);          // the camera goes away after 1 MiB
//
// Thread-safe (the offload reads and writes on several threads).
#ifndef CUSTODIA_ENV_FAULT_H_
#define CUSTODIA_ENV_FAULT_H_

#include <cerrno>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "custodia/env.h"

namespace custodia {

class FaultEnv final : public Env {
 public:
  enum class Op { kOpenRead, kCreate, kAppend, kSync, kRename, kRemove, kMakeDir, kStat, kListDir, kTruncate };

  explicit FaultEnv(Env* base = Env::Default()) : base_(base) {}

  // The nth call of `op` on a path containing `part` fails with `err`; with
  // every=true, that call and all later ones do. A failing Append writes the
  // first half of its bytes first (a write cut short, as by a full disk).
  void Fail(Op op, std::string part, int err, int nth = 1, bool every = false);
  // A read that reaches byte `offset` of a file whose path contains `part`
  // fails with `err`; the bytes before it are returned first (a bad sector).
  void FailReadAt(std::string part, uint64_t offset, int err = EIO);
  // A disk with `bytes` free for files whose path contains `part`: the write
  // that crosses it writes what fits, then fails with ENOSPC, as do all later.
  void LimitSpace(std::string part, uint64_t bytes);
  // Runs `fn(path)` once, when `after_bytes` have been read from files whose
  // path contains `part` (make the file grow, remove a directory...).
  void OnRead(std::string part, uint64_t after_bytes, std::function<void(const std::string& path)> fn);
  // The device below `root` is unplugged once `after_bytes` have been read
  // from it: reads of open files fail with EIO, every lookup below root
  // (open, stat, list) with ENOENT.
  void Unplug(std::string root, uint64_t after_bytes);
  // Plugs it back (a re-run after re-plugging the camera).
  void Replug();

  // How many faults fired so far.
  int fired() const;

  // ---- Env ----
  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> CreateExclusive(const std::string& path, uint32_t mode) override;
  Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path, uint32_t mode) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status RenameNoReplace(const std::string& from, const std::string& to) override;
  Status SyncDir(const std::string& dir) override;
  Status Remove(const std::string& path) override;
  Status RemoveDir(const std::string& path) override;
  Status MakeDir(const std::string& path, uint32_t mode) override;
  Status Chmod(const std::string& path, uint32_t mode) override;
  Status Truncate(const std::string& path, uint64_t size) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Result<FileInfo> Lstat(const std::string& path) override;
  Result<std::vector<DirEntry>> ListDir(const std::string& path) override;

  // Used by the wrapped files.
  int CheckOp(Op op, const std::string& path);                 // errno to fail with, 0 if none
  // For a read of n bytes at `offset`: how many may be read before failing
  // (n if none) and the errno for the rest (0 if none).
  size_t CheckRead(const std::string& path, uint64_t offset, size_t n, int* err);
  void CountRead(const std::string& path, uint64_t n);          // runs OnRead hooks, Unplug
  // For an Append of n bytes: how many to write before failing (n: no fault).
  size_t CheckAppend(const std::string& path, size_t n, int* err);
  Env* base() const { return base_; }

 private:
  struct Rule {
    Op op;
    std::string part;
    int err = 0;
    int nth = 1;
    bool every = false;
    int seen = 0;
  };
  struct ReadFault {
    std::string part;
    uint64_t offset;
    int err;
  };
  struct Space {
    std::string part;
    uint64_t left;
  };
  struct Hook {
    std::string part;
    uint64_t after, read = 0;
    std::function<void(const std::string&)> fn;
    bool done = false;
  };
  bool Unplugged(const std::string& path);

  Env* base_;
  mutable std::mutex mu_;
  std::vector<Rule> rules_;
  std::vector<ReadFault> read_faults_;
  std::vector<Space> spaces_;
  std::vector<Hook> hooks_;
  std::string unplug_root_;
  uint64_t unplug_after_ = 0, unplug_read_ = 0;
  bool unplugged_ = false;
  int fired_ = 0;
};

// The CLI's test hook: a FaultEnv built from CUSTODIA_FAULT, or nullptr when
// the variable is unset (always, outside tests). Rules, separated by ',':
//   eio:<path-part>:<offset>      a read reaching that byte fails (EIO)
//   enospc:<path-part>[:<bytes>]  writes fail once that many bytes were written
//   eacces:<path-part>            opening fails (EACCES)
//   unplug:<root>:<bytes>         the source goes away after that many bytes
//   grow:<path-part>:<bytes>      the file grows by 1 byte once that many were read
// Unknown rules make the process exit 2 at once (a test typo must not pass).
Env* FaultEnvFromEnvironment();

}  // namespace custodia

#endif  // CUSTODIA_ENV_FAULT_H_
