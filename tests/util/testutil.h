// Shared test helpers: temporary directories, running the real custodia
// binary (and minisign, ffmpeg, sha256sum...) without a shell, and clip
// fixtures made once with ffmpeg and cached in the build tree.
#ifndef CUSTODIA_TESTUTIL_H_
#define CUSTODIA_TESTUTIL_H_

#include <map>
#include <string>
#include <vector>

namespace custodia::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

struct RunOptions {
  std::map<std::string, std::string> env;  // added to (or replacing in) the environment
  std::string stdin_data;
  std::string cwd;
  int timeout_s = 300;
};

struct RunResult {
  int exit_code = -1;   // -1: killed by a signal (see signal)
  int signal = 0;
  std::string out, err;
  std::string Describe() const;  // for assertion messages
};

// Runs argv[0] (looked up in PATH if it has no '/') with no shell.
RunResult RunProcess(const std::vector<std::string>& argv, const RunOptions& opts = {});
// Runs the custodia binary under test: custodia --vault VAULT args...
RunResult RunCustodia(const std::string& vault, const std::vector<std::string>& args, const RunOptions& opts = {});
std::string CustodiaBin();
bool HaveTool(const std::string& name);  // in PATH

void WriteFile(const std::string& path, const std::string& data);
std::string ReadFile(const std::string& path);
void FlipByte(const std::string& path, long offset);  // XOR 0x01; negative offset from the end
void MakeDirs(const std::string& path);

// A 320x240 clip made once with ffmpeg and cached in the build tree.
// kind: "mp4" (1 s, h264+aac, creation_time 2026-01-15T14:00:00Z), "mkv", "mov",
// "mp4_noaudio", "mp4_notime" (no creation_time), "truncated" (mp4 cut before
// its moov atom), "garbage" (random bytes named .mp4).
std::string FixtureClip(const std::string& kind);
// Makes a fresh clip at `path` (extension picks the container) with the given
// creation_time ("" for none) and duration in seconds. Slower: use sparingly.
void MakeClip(const std::string& path, const std::string& creation_time, int seconds = 1, int seed = 0);

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTUTIL_H_
