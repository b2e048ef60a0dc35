// Status and Result<T>: how every custodia module reports failure.
//
// No exceptions cross a module boundary. A Status carries a Code that the CLI
// maps to the exit codes of SPEC.md section 7, a message that says what went
// wrong and where (which file, which line, which clip), and an optional hint
// that says what the user can do about it.
#ifndef CUSTODIA_STATUS_H_
#define CUSTODIA_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace custodia {

// Ordered by the precedence of SPEC §7 is NOT implied here; see ExitPrecedence.
enum class Code : int {
  kOk = 0,
  kIntegrity = 1,    // verification failed, integrity problem, no match
  kInvalid = 2,      // usage error, bad input, unknown or ambiguous id
  kNotFound = 20,    // a named thing does not exist (exit 2 at the CLI)
  kPartial = 3,      // some units done, some failed or skipped
  kIo = 4,           // I/O failure
  kVault = 10,       // no vault, bad vault, unusable key
  kLocked = 11,      // vault lock still held after --wait
  kInterrupted = 21  // stopped by a signal or an unplugged source (exit 3 or 4)
};

class Status {
 public:
  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status Integrity(std::string msg, std::string hint = {}) {
    return Status(Code::kIntegrity, std::move(msg), std::move(hint));
  }
  static Status Invalid(std::string msg, std::string hint = {}) {
    return Status(Code::kInvalid, std::move(msg), std::move(hint));
  }
  static Status NotFound(std::string msg, std::string hint = {}) {
    return Status(Code::kNotFound, std::move(msg), std::move(hint));
  }
  static Status Partial(std::string msg, std::string hint = {}) {
    return Status(Code::kPartial, std::move(msg), std::move(hint));
  }
  static Status Io(std::string msg, std::string hint = {}) {
    return Status(Code::kIo, std::move(msg), std::move(hint));
  }
  static Status Vault(std::string msg, std::string hint = {}) {
    return Status(Code::kVault, std::move(msg), std::move(hint));
  }
  static Status Locked(std::string msg, std::string hint = {}) {
    return Status(Code::kLocked, std::move(msg), std::move(hint));
  }
  static Status Interrupted(std::string msg, std::string hint = {}) {
    return Status(Code::kInterrupted, std::move(msg), std::move(hint));
  }
  // An I/O error from errno, naming the operation and the path:
  //   "cannot open /media/cam/DCIM/1.mp4: Permission denied"
  static Status FromErrno(int err, std::string_view what, std::string_view path);

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }
  // errno behind an I/O status, 0 if none.
  int sys_errno() const { return errno_; }

  // Returns a copy whose message is "<prefix>: <message>".
  Status Prefixed(std::string_view prefix) const;
  Status WithHint(std::string hint) const {
    Status s = *this;
    s.hint_ = std::move(hint);
    return s;
  }
  std::string ToString() const;

  // The process exit code SPEC §7 assigns to this status.
  int ExitCode() const;

 private:
  Status(Code c, std::string msg, std::string hint)
      : code_(c), message_(std::move(msg)), hint_(std::move(hint)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::string hint_;
  int errno_ = 0;
};

// When several outcomes apply to one command, SPEC §7 picks the exit code by
// precedence 10, 11, 2, 1, 4, 3. Returns the winning exit code.
int CombineExitCodes(int a, int b);

// Result<T>: a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                // NOLINT
  Result(Status status) : v_(std::move(status)) {          // NOLINT
    assert(!std::get<Status>(v_).ok());
  }
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace custodia

// Propagation helpers (LevelDB/Abseil style).
#define CUSTODIA_CONCAT_INNER(a, b) a##b
#define CUSTODIA_CONCAT(a, b) CUSTODIA_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                         \
  do {                                                \
    ::custodia::Status _st = (expr);                  \
    if (!_st.ok()) return _st;                        \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(CUSTODIA_CONCAT(_res_, __LINE__), lhs, expr)

#endif  // CUSTODIA_STATUS_H_
