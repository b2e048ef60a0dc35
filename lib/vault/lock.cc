// The vault LOCK (SPEC §2): held only while committing one unit.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "custodia/vault.h"

namespace custodia {

Result<std::unique_ptr<VaultLock>> VaultLock::Acquire(const std::string& lock_path, double wait_seconds) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return Status::FromErrno(errno, "cannot open the vault lock", lock_path);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(wait_seconds * 1000));
  auto pause = std::chrono::milliseconds(2);
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      // Record who holds it, for the message another process may print.
      char buf[32];
      int n = std::snprintf(buf, sizeof buf, "%d\n", int(::getpid()));
      if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, buf, size_t(n), 0);
      return std::unique_ptr<VaultLock>(new VaultLock(fd));
    }
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int err = errno;
      ::close(fd);
      return Status::FromErrno(err, "cannot lock", lock_path);
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(50)) pause *= 2;
  }
  char holder[32] = {0};
  ssize_t r = ::pread(fd, holder, sizeof holder - 1, 0);
  ::close(fd);
  std::string who;
  if (r > 0) {
    holder[r] = 0;
    if (char* nl = std::strchr(holder, '\n')) *nl = 0;
    who = std::string(" (held by process ") + holder + ")";
  }
  char secs[32];
  std::snprintf(secs, sizeof secs, "%g", wait_seconds);
  return Status::Locked("the vault is locked by another custodia process" + who + " and stayed locked for " + secs +
                            " s: " + lock_path,
                        "wait for the other command to finish, or retry with a longer --wait SECONDS");
}

VaultLock::~VaultLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

}  // namespace custodia
