#include "custodia/status.h"

#include <cstring>

namespace custodia {

Status Status::FromErrno(int err, std::string_view what, std::string_view path) {
  std::string msg(what);
  if (!path.empty()) {
    msg += " ";
    msg += path;
  }
  msg += ": ";
  msg += std::strerror(err);
  std::string hint;
  switch (err) {
    case EACCES:
    case EPERM:
      hint = "check the permissions of that path (ls -l) and the user custodia runs as";
      break;
    case ENOSPC:
      hint = "the filesystem is full: free space or move the vault, then run the command again";
      break;
    case EROFS:
      hint = "the filesystem is mounted read-only: remount it read-write";
      break;
    case EIO:
      hint = "the device reported a read/write error: check the medium (dmesg) and try again";
      break;
    default:
      break;
  }
  Status s(Code::kIo, std::move(msg), std::move(hint));
  s.errno_ = err;
  return s;
}

Status Status::Prefixed(std::string_view prefix) const {
  Status s = *this;
  s.message_ = std::string(prefix) + ": " + message_;
  return s;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return message_;
}

int Status::ExitCode() const {
  switch (code_) {
    case Code::kOk: return 0;
    case Code::kIntegrity: return 1;
    case Code::kInvalid:
    case Code::kNotFound: return 2;
    case Code::kPartial: return 3;
    case Code::kIo: return 4;
    case Code::kVault: return 10;
    case Code::kLocked: return 11;
    case Code::kInterrupted: return 3;
  }
  return 4;
}

namespace {
int Rank(int code) {
  switch (code) {
    case 10: return 0;
    case 11: return 1;
    case 2: return 2;
    case 1: return 3;
    case 4: return 4;
    case 3: return 5;
    default: return 6;  // 0 and unknown codes lose to everything
  }
}
}  // namespace

int CombineExitCodes(int a, int b) { return Rank(a) <= Rank(b) ? a : b; }

}  // namespace custodia
