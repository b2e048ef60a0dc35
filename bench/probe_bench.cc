// Probe benchmark (SPEC §10: probe < 5 ms per clip in-process).
//
//   probe_bench [--copies N] [--ffprobe-runs M] [EXTRA_CLIP...]
//
// Probes N copies of each fixture clip (mp4, mkv, mov; 320x240, 1 s) with
// ProbeClip in this process, then runs the baseline — one `ffprobe
// -show_format -show_streams` process per file, as a script would — on the
// same files, and prints ms per clip for both and their ratio. Files are
// read once first, so both sides run from the page cache. EXTRA_CLIPs (e.g.
// a long 1080p recording) are timed the same way, each on its own.
// Exit status 1 if the in-process figure misses the 5 ms target.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "custodia/probe.h"
#include "testutil.h"

namespace {

using Clock = std::chrono::steady_clock;
using custodia::testing::RunProcess;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Timing {
  double probe_ms = 0, structure_ms = 0, ffprobe_ms = 0;
  int files = 0, ffprobe_files = 0, not_ok = 0;
};

// Reads the file once so that both sides run from the page cache.
void Warm(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return;
  static char buf[1 << 16];
  while (std::fread(buf, 1, sizeof buf, f) == sizeof buf) {
  }
  std::fclose(f);
}

Timing Measure(const std::vector<std::string>& files, int ffprobe_runs) {
  Timing t;
  for (const auto& f : files) Warm(f);
  t.files = int(files.size());
  // libav's one-time setup (codec tables, the log routing) is not per clip.
  for (int i = 0; i < 3; ++i) (void)custodia::ProbeClip(files[0]);

  auto start = Clock::now();
  for (const auto& f : files) {
    custodia::StructureCheck sc = custodia::CheckStructure(f);
    if (sc.truncated) std::fprintf(stderr, "unexpected: %s is truncated\n", f.c_str());
  }
  t.structure_ms = MsSince(start) / double(files.size());

  start = Clock::now();
  for (const auto& f : files) {
    custodia::ProbeResult r = custodia::ProbeClip(f);
    if (r.status != "ok") ++t.not_ok;
  }
  t.probe_ms = MsSince(start) / double(files.size());

  int n = std::min<int>(ffprobe_runs, int(files.size()));
  start = Clock::now();
  for (int i = 0; i < n; ++i) {
    auto r = RunProcess({"ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", files[size_t(i)]});
    if (r.exit_code != 0) std::fprintf(stderr, "ffprobe failed on %s\n", files[size_t(i)].c_str());
  }
  t.ffprobe_ms = n ? MsSince(start) / n : 0;
  t.ffprobe_files = n;
  return t;
}

void Print(const std::string& what, const Timing& t) {
  std::printf(
      "%-28s %5d files  ProbeClip %7.3f ms/clip  (CheckStructure alone %6.3f)  ffprobe %7.2f ms/clip (%d runs)  "
      "ratio ffprobe/ProbeClip %6.1fx%s\n",
      what.c_str(), t.files, t.probe_ms, t.structure_ms, t.ffprobe_ms, t.ffprobe_files,
      t.probe_ms > 0 ? t.ffprobe_ms / t.probe_ms : 0.0, t.not_ok ? "  [some not ok!]" : "");
}

}  // namespace

int main(int argc, char** argv) {
  int copies = 50, ffprobe_runs = 1000000;
  std::vector<std::string> extra;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--copies" && i + 1 < argc) {
      copies = std::atoi(argv[++i]);
    } else if (a == "--ffprobe-runs" && i + 1 < argc) {
      ffprobe_runs = std::atoi(argv[++i]);
    } else if (a == "--help" || a == "-h" || a.rfind("--", 0) == 0) {
      std::printf("usage: probe_bench [--copies N] [--ffprobe-runs M] [EXTRA_CLIP...]\n");
      return a == "--help" || a == "-h" ? 0 : 2;
    } else {
      extra.push_back(a);
    }
  }
  if (copies < 1) copies = 1;
  if (!custodia::testing::HaveTool("ffprobe")) {
    std::fprintf(stderr, "probe_bench: ffprobe not found in PATH (apt-get install ffmpeg)\n");
    return 2;
  }

  custodia::testing::TempDir dir;
  std::vector<std::string> all;
  std::map<std::string, Timing> by_kind;
  for (const char* kind : {"mp4", "mkv", "mov"}) {
    std::string fixture = custodia::testing::FixtureClip(kind);
    std::vector<std::string> files;
    for (int i = 0; i < copies; ++i) {
      std::string path = dir / (std::string(kind) + "-" + std::to_string(i) + "." + kind);
      std::filesystem::copy_file(fixture, path);
      files.push_back(path);
    }
    by_kind[kind] = Measure(files, ffprobe_runs);
    all.insert(all.end(), files.begin(), files.end());
  }
  for (const auto& [kind, t] : by_kind) Print("fixture " + kind + " (320x240 1 s)", t);
  Timing total = Measure(all, ffprobe_runs);
  Print("all fixtures", total);
  for (const auto& path : extra) {
    Print(std::filesystem::path(path).filename().string(), Measure(std::vector<std::string>(10, path), 10));
  }
  bool pass = total.probe_ms < 5.0;
  std::printf("SPEC §10 probe < 5 ms per clip in-process: %.3f ms -> %s\n", total.probe_ms, pass ? "PASS" : "FAIL");
  return pass ? 0 : 1;
}
