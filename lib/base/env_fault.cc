// FaultEnv (custodia/env_fault.h): forwards to a base Env, injects faults.
#include "custodia/env_fault.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace custodia {

namespace {

bool Has(const std::string& path, const std::string& part) { return path.find(part) != std::string::npos; }

bool Below(const std::string& path, const std::string& root) {
  return !root.empty() && path.compare(0, root.size(), root) == 0 &&
         (path.size() == root.size() || path[root.size()] == '/' || root.back() == '/');
}

class FaultReadableFile final : public ReadableFile {
 public:
  FaultReadableFile(FaultEnv* env, std::unique_ptr<ReadableFile> base) : env_(env), base_(std::move(base)) {}

  Result<size_t> Read(void* buf, size_t n) override {
    ASSIGN_OR_RETURN(size_t got, ReadAt(pos_, buf, n));
    pos_ += got;
    return got;
  }
  Result<size_t> ReadAt(uint64_t offset, void* buf, size_t n) override {
    int err = 0;
    size_t allowed = env_->CheckRead(path(), offset, n, &err);
    if (allowed == 0 && err != 0) return Fail(err, offset);
    ASSIGN_OR_RETURN(size_t got, base_->ReadAt(offset, buf, allowed));
    env_->CountRead(path(), got);
    if (got == 0 && err != 0) return Fail(err, offset);
    return got;
  }
  Result<FileInfo> Stat() override {
    if (int err = env_->CheckOp(FaultEnv::Op::kStat, path())) return Status::FromErrno(err, "cannot stat", path());
    return base_->Stat();
  }
  void AdviseSequential() override { base_->AdviseSequential(); }
  void DropCache() override { base_->DropCache(); }
  void DropCacheRange(uint64_t offset, uint64_t len) override { base_->DropCacheRange(offset, len); }
  void WillNeed(uint64_t offset, uint64_t n) override { base_->WillNeed(offset, n); }
  const std::string& path() const override { return base_->path(); }

 private:
  Status Fail(int err, uint64_t offset) {
    return Status::FromErrno(err, "read error at offset " + std::to_string(offset) + " of", path());
  }
  FaultEnv* env_;
  std::unique_ptr<ReadableFile> base_;
  uint64_t pos_ = 0;
};

class FaultWritableFile final : public WritableFile {
 public:
  FaultWritableFile(FaultEnv* env, std::unique_ptr<WritableFile> base) : env_(env), base_(std::move(base)) {}

  Status Append(const void* data, size_t n) override {
    int err = 0;
    size_t allowed = env_->CheckAppend(path(), n, &err);
    if (allowed > 0) RETURN_IF_ERROR(base_->Append(data, allowed));
    written_ += allowed;
    if (err != 0) return Status::FromErrno(err, "write error at offset " + std::to_string(written_) + " of", path());
    return Status::Ok();
  }
  Status Sync() override {
    if (int err = env_->CheckOp(FaultEnv::Op::kSync, path())) return Status::FromErrno(err, "fsync failed for", path());
    return base_->Sync();
  }
  Status Close() override { return base_->Close(); }
  void DropCache() override { base_->DropCache(); }
  void WritebackRange(uint64_t offset, uint64_t len, bool wait) override { base_->WritebackRange(offset, len, wait); }
  const std::string& path() const override { return base_->path(); }

 private:
  FaultEnv* env_;
  std::unique_ptr<WritableFile> base_;
  uint64_t written_ = 0;
};

}  // namespace

void FaultEnv::Fail(Op op, std::string part, int err, int nth, bool every) {
  std::lock_guard<std::mutex> l(mu_);
  rules_.push_back({op, std::move(part), err, nth, every, 0});
}

void FaultEnv::FailReadAt(std::string part, uint64_t offset, int err) {
  std::lock_guard<std::mutex> l(mu_);
  read_faults_.push_back({std::move(part), offset, err});
}

void FaultEnv::LimitSpace(std::string part, uint64_t bytes) {
  std::lock_guard<std::mutex> l(mu_);
  spaces_.push_back({std::move(part), bytes});
}

void FaultEnv::OnRead(std::string part, uint64_t after_bytes, std::function<void(const std::string&)> fn) {
  std::lock_guard<std::mutex> l(mu_);
  hooks_.push_back({std::move(part), after_bytes, 0, std::move(fn), false});
}

void FaultEnv::Unplug(std::string root, uint64_t after_bytes) {
  std::lock_guard<std::mutex> l(mu_);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  unplug_root_ = std::move(root);
  unplug_after_ = after_bytes;
  unplug_read_ = 0;
  unplugged_ = after_bytes == 0;
}

void FaultEnv::Replug() {
  std::lock_guard<std::mutex> l(mu_);
  unplug_root_.clear();
  unplugged_ = false;
}

int FaultEnv::fired() const {
  std::lock_guard<std::mutex> l(mu_);
  return fired_;
}

bool FaultEnv::Unplugged(const std::string& path) {
  std::lock_guard<std::mutex> l(mu_);
  if (unplugged_ && Below(path, unplug_root_)) {
    ++fired_;
    return true;
  }
  return false;
}

int FaultEnv::CheckOp(Op op, const std::string& path) {
  if (op != Op::kAppend && op != Op::kSync && Unplugged(path)) return ENOENT;
  std::lock_guard<std::mutex> l(mu_);
  for (Rule& r : rules_) {
    if (r.op != op || !Has(path, r.part)) continue;
    ++r.seen;
    if (r.seen == r.nth || (r.every && r.seen > r.nth)) {
      ++fired_;
      return r.err;
    }
  }
  return 0;
}

size_t FaultEnv::CheckRead(const std::string& path, uint64_t offset, size_t n, int* err) {
  *err = 0;
  std::lock_guard<std::mutex> l(mu_);
  if (unplugged_ && Below(path, unplug_root_)) {
    ++fired_;
    *err = EIO;
    return 0;
  }
  size_t allowed = n;
  for (const ReadFault& f : read_faults_) {
    if (!Has(path, f.part) || f.offset < offset || f.offset >= offset + n) continue;
    if (f.offset - offset <= allowed) {
      allowed = size_t(f.offset - offset);
      *err = f.err;
    }
  }
  if (*err != 0 && allowed == 0) ++fired_;
  return allowed;
}

void FaultEnv::CountRead(const std::string& path, uint64_t n) {
  std::vector<std::function<void(const std::string&)>> due;
  {
    std::lock_guard<std::mutex> l(mu_);
    for (Hook& h : hooks_) {
      if (h.done || !Has(path, h.part)) continue;
      h.read += n;
      if (h.read >= h.after) {
        h.done = true;
        ++fired_;
        due.push_back(h.fn);
      }
    }
    if (!unplug_root_.empty() && !unplugged_ && Below(path, unplug_root_)) {
      unplug_read_ += n;
      if (unplug_read_ >= unplug_after_) unplugged_ = true;
    }
  }
  for (auto& fn : due) fn(path);
}

size_t FaultEnv::CheckAppend(const std::string& path, size_t n, int* err) {
  *err = CheckOp(Op::kAppend, path);
  if (*err != 0) return n / 2;
  std::lock_guard<std::mutex> l(mu_);
  size_t allowed = n;
  for (Space& s : spaces_) {
    if (!Has(path, s.part)) continue;
    if (s.left < allowed) {
      allowed = size_t(s.left);
      *err = ENOSPC;
    }
  }
  for (Space& s : spaces_) {
    if (Has(path, s.part)) s.left -= std::min<uint64_t>(s.left, allowed);
  }
  if (*err != 0) ++fired_;
  return allowed;
}

// ---- Env ----

Result<std::unique_ptr<ReadableFile>> FaultEnv::OpenRead(const std::string& path) {
  if (int err = CheckOp(Op::kOpenRead, path)) return Status::FromErrno(err, "cannot open", path);
  ASSIGN_OR_RETURN(auto f, base_->OpenRead(path));
  return std::unique_ptr<ReadableFile>(new FaultReadableFile(this, std::move(f)));
}

Result<std::unique_ptr<WritableFile>> FaultEnv::CreateExclusive(const std::string& path, uint32_t mode) {
  if (int err = CheckOp(Op::kCreate, path)) return Status::FromErrno(err, "cannot create", path);
  ASSIGN_OR_RETURN(auto f, base_->CreateExclusive(path, mode));
  return std::unique_ptr<WritableFile>(new FaultWritableFile(this, std::move(f)));
}

Result<std::unique_ptr<WritableFile>> FaultEnv::OpenAppend(const std::string& path, uint32_t mode) {
  if (int err = CheckOp(Op::kCreate, path)) return Status::FromErrno(err, "cannot open for appending", path);
  ASSIGN_OR_RETURN(auto f, base_->OpenAppend(path, mode));
  return std::unique_ptr<WritableFile>(new FaultWritableFile(this, std::move(f)));
}

Status FaultEnv::Rename(const std::string& from, const std::string& to) {
  if (int err = CheckOp(Op::kRename, to)) return Status::FromErrno(err, "cannot rename " + from + " to", to);
  return base_->Rename(from, to);
}

Status FaultEnv::RenameNoReplace(const std::string& from, const std::string& to) {
  if (int err = CheckOp(Op::kRename, to)) return Status::FromErrno(err, "cannot rename " + from + " to", to);
  return base_->RenameNoReplace(from, to);
}

Status FaultEnv::SyncDir(const std::string& dir) {
  if (int err = CheckOp(Op::kSync, dir)) return Status::FromErrno(err, "fsync failed for directory", dir);
  return base_->SyncDir(dir);
}

Status FaultEnv::Remove(const std::string& path) {
  if (int err = CheckOp(Op::kRemove, path)) return Status::FromErrno(err, "cannot remove", path);
  return base_->Remove(path);
}

Status FaultEnv::RemoveDir(const std::string& path) {
  if (int err = CheckOp(Op::kRemove, path)) return Status::FromErrno(err, "cannot remove directory", path);
  return base_->RemoveDir(path);
}

Status FaultEnv::MakeDir(const std::string& path, uint32_t mode) {
  if (int err = CheckOp(Op::kMakeDir, path)) return Status::FromErrno(err, "cannot create directory", path);
  return base_->MakeDir(path, mode);
}

Status FaultEnv::Chmod(const std::string& path, uint32_t mode) { return base_->Chmod(path, mode); }

Status FaultEnv::Truncate(const std::string& path, uint64_t size) {
  if (int err = CheckOp(Op::kTruncate, path)) return Status::FromErrno(err, "cannot truncate", path);
  return base_->Truncate(path, size);
}

Result<FileInfo> FaultEnv::Stat(const std::string& path) {
  if (int err = CheckOp(Op::kStat, path)) return Status::FromErrno(err, "cannot stat", path);
  return base_->Stat(path);
}

Result<FileInfo> FaultEnv::Lstat(const std::string& path) {
  if (int err = CheckOp(Op::kStat, path)) return Status::FromErrno(err, "cannot stat", path);
  return base_->Lstat(path);
}

Result<std::vector<DirEntry>> FaultEnv::ListDir(const std::string& path) {
  if (int err = CheckOp(Op::kListDir, path)) return Status::FromErrno(err, "cannot list directory", path);
  return base_->ListDir(path);
}

// ---- CUSTODIA_FAULT ----

Env* FaultEnvFromEnvironment() {
  static Env* env = []() -> Env* {
    const char* spec = std::getenv("CUSTODIA_FAULT");
    if (!spec || !*spec) return nullptr;
    auto* f = new FaultEnv();
    std::stringstream rules(spec);
    std::string rule;
    while (std::getline(rules, rule, ',')) {
      std::vector<std::string> p;
      std::stringstream fields(rule);
      for (std::string x; std::getline(fields, x, ':');) p.push_back(x);
      auto num = [&](size_t i) { return p.size() > i ? std::strtoull(p[i].c_str(), nullptr, 10) : 0ULL; };
      if (p.size() == 3 && p[0] == "eio") {
        f->FailReadAt(p[1], num(2));
      } else if ((p.size() == 2 || p.size() == 3) && p[0] == "enospc") {
        f->LimitSpace(p[1], num(2));
      } else if (p.size() == 2 && p[0] == "eacces") {
        f->Fail(FaultEnv::Op::kOpenRead, p[1], EACCES, 1, true);
      } else if (p.size() == 3 && p[0] == "unplug") {
        f->Unplug(p[1], num(2));
      } else if (p.size() == 3 && p[0] == "grow") {
        f->OnRead(p[1], num(2), [](const std::string& path) {
          int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
          if (fd >= 0) {
            (void)!::write(fd, "x", 1);
            ::close(fd);
          }
        });
      } else {
        std::fprintf(stderr, "custodia: CUSTODIA_FAULT: cannot parse rule '%s'\n", rule.c_str());
        ::_exit(2);
      }
    }
    return f;
  }();
  return env;
}

}  // namespace custodia
