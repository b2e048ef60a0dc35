#include "testutil.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace custodia::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/custodia-test-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

TempDir::~TempDir() {
  if (std::getenv("CUSTODIA_KEEP_TMP")) return;
  std::error_code ec;
  // Objects are 0444 and dirs may be 0500 in some tests: restore write bits first.
  for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      ::chmod(it->path().c_str(), 0700);
    }
  }
  fs::remove_all(path_, ec);
}

std::string RunResult::Describe() const {
  std::ostringstream os;
  os << "exit=" << exit_code;
  if (signal) os << " signal=" << signal;
  os << "\n--- stdout ---\n" << out.substr(0, 8000) << "\n--- stderr ---\n" << err.substr(0, 8000);
  return os.str();
}

RunResult RunProcess(const std::vector<std::string>& argv, const RunOptions& opts) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) || ::pipe2(err_pipe, O_CLOEXEC)) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  if (!opts.cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, opts.cwd.c_str());

  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : opts.env) env[k] = v;
  std::vector<std::string> env_strs;
  for (const auto& [k, v] : env) env_strs.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strs) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  pid_t pid;
  int rc = argv[0].find('/') == std::string::npos
               ? posix_spawnp(&pid, argv[0].c_str(), &fa, nullptr, args.data(), envp.data())
               : posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  RunResult r;
  if (rc != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    r.err = "spawn failed: " + std::string(std::strerror(rc));
    return r;
  }
  // Feed stdin and drain stdout/stderr together so neither side blocks.
  size_t in_off = 0;
  if (opts.stdin_data.empty()) {
    ::close(in_pipe[1]);
    in_pipe[1] = -1;
  }
  ::signal(SIGPIPE, SIG_IGN);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(opts.timeout_s);
  int open_fds = 2;
  while (open_fds > 0 || in_pipe[1] >= 0) {
    struct pollfd pfd[3];
    int n = 0;
    if (out_pipe[0] >= 0) pfd[n++] = {out_pipe[0], POLLIN, 0};
    if (err_pipe[0] >= 0) pfd[n++] = {err_pipe[0], POLLIN, 0};
    if (in_pipe[1] >= 0) pfd[n++] = {in_pipe[1], POLLOUT, 0};
    if (n == 0) break;
    int pr = ::poll(pfd, n, 200);
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      r.err += "\n[testutil: timed out after " + std::to_string(opts.timeout_s) + " s]";
      break;
    }
    if (pr <= 0) continue;
    for (int i = 0; i < n; ++i) {
      if (!pfd[i].revents) continue;
      int fd = pfd[i].fd;
      if (fd == in_pipe[1]) {
        ssize_t w = ::write(fd, opts.stdin_data.data() + in_off, opts.stdin_data.size() - in_off);
        if (w > 0) in_off += size_t(w);
        if (w < 0 || in_off == opts.stdin_data.size()) {
          ::close(in_pipe[1]);
          in_pipe[1] = -1;
        }
        continue;
      }
      char buf[65536];
      ssize_t got = ::read(fd, buf, sizeof buf);
      if (got > 0) {
        (fd == out_pipe[0] ? r.out : r.err).append(buf, size_t(got));
      } else {
        ::close(fd);
        if (fd == out_pipe[0]) out_pipe[0] = -1;
        else err_pipe[0] = -1;
        --open_fds;
      }
    }
  }
  if (in_pipe[1] >= 0) ::close(in_pipe[1]);
  if (out_pipe[0] >= 0) ::close(out_pipe[0]);
  if (err_pipe[0] >= 0) ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
  return r;
}

std::string CustodiaBin() {
  const char* env = std::getenv("CUSTODIA_BIN");
  return env && *env ? env : CUSTODIA_BIN;
}

RunResult RunCustodia(const std::string& vault, const std::vector<std::string>& args, const RunOptions& opts) {
  std::vector<std::string> argv = {CustodiaBin(), "--vault", vault};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, opts);
}

bool HaveTool(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (::access((dir + "/" + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw std::runtime_error("cannot write " + path);
  f.write(data.data(), std::streamsize(data.size()));
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void FlipByte(const std::string& path, long offset) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot stat " + path);
  ::chmod(path.c_str(), (st.st_mode & 07777) | 0200);
  int fd = ::open(path.c_str(), O_RDWR);
  if (fd < 0) throw std::runtime_error("cannot open " + path);
  off_t off = offset >= 0 ? offset : st.st_size + offset;
  unsigned char c;
  if (::pread(fd, &c, 1, off) != 1) throw std::runtime_error("cannot read byte of " + path);
  c ^= 0x01;
  if (::pwrite(fd, &c, 1, off) != 1) throw std::runtime_error("cannot write byte of " + path);
  ::close(fd);
  ::chmod(path.c_str(), st.st_mode & 07777);
}

void MakeDirs(const std::string& path) { fs::create_directories(path); }

namespace {
std::string FixtureDir() {
  std::string dir = std::string(CUSTODIA_BIN);
  dir = dir.substr(0, dir.rfind('/')) + "/test-fixtures";
  fs::create_directories(dir);
  return dir;
}

void Ffmpeg(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = RunProcess(argv);
  if (r.exit_code != 0) throw std::runtime_error("ffmpeg failed: " + r.Describe());
}
}  // namespace

void MakeClip(const std::string& path, const std::string& creation_time, int seconds, int seed) {
  std::string ext = path.substr(path.rfind('.') + 1);
  std::vector<std::string> args = {
      "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15:duration=" + std::to_string(seconds),
      "-f", "lavfi", "-i", "sine=frequency=" + std::to_string(440 + seed) + ":duration=" + std::to_string(seconds),
      "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
      "-metadata", "comment=custodia test clip " + std::to_string(seed)};
  if (!creation_time.empty()) {
    args.push_back("-metadata");
    args.push_back("creation_time=" + creation_time);
  }
  if (ext == "mp4" || ext == "mov") {
    args.push_back("-movflags");
    args.push_back("+faststart");
  }
  std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + ext;
  args.push_back(tmp);
  Ffmpeg(args);
  fs::rename(tmp, path);
}

std::string FixtureClip(const std::string& kind) {
  std::string dir = FixtureDir();
  std::string ext = kind == "mkv" ? "mkv" : kind == "mov" ? "mov" : "mp4";
  std::string path = dir + "/" + kind + "." + ext;
  if (::access(path.c_str(), R_OK) == 0) return path;
  // Serialize generation across parallel test processes.
  int lock = ::open((dir + "/.lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  ::flock(lock, LOCK_EX);
  if (::access(path.c_str(), R_OK) != 0) {
    if (kind == "mp4" || kind == "mkv" || kind == "mov") {
      MakeClip(path, "2026-01-15T14:00:00Z", 1, 0);
    } else if (kind == "mp4_notime") {
      MakeClip(path, "", 1, 1);
    } else if (kind == "mp4_noaudio") {
      std::string tmp = path + ".tmp.mp4";
      Ffmpeg({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15:duration=1", "-c:v", "libx264", "-preset",
              "ultrafast", "-pix_fmt", "yuv420p", "-metadata", "creation_time=2026-01-15T15:00:00Z", tmp});
      fs::rename(tmp, path);
    } else if (kind == "truncated") {
      // Without faststart the moov atom is written last: cutting the file in
      // half leaves an mdat without its moov.
      std::string full = dir + "/truncated-full.mp4";
      std::string tmp = full + ".tmp.mp4";
      Ffmpeg({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15:duration=1", "-c:v", "libx264", "-preset",
              "ultrafast", "-pix_fmt", "yuv420p", "-metadata", "creation_time=2026-01-15T16:00:00Z", tmp});
      std::string data = ReadFile(tmp);
      fs::remove(tmp);
      WriteFile(path + ".tmp", data.substr(0, data.size() / 2));
      fs::rename(path + ".tmp", path);
    } else if (kind == "garbage") {
      std::mt19937 rng(42);
      std::string data(50000, '\0');
      for (auto& c : data) c = char(rng());
      WriteFile(path + ".tmp", data);
      fs::rename(path + ".tmp", path);
    } else {
      ::flock(lock, LOCK_UN);
      ::close(lock);
      throw std::runtime_error("unknown fixture kind " + kind);
    }
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
  return path;
}

}  // namespace custodia::testing
