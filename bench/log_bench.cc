// Custody log benchmark (SPEC §10: proof generation < 1 ms at 10 million
// entries). Prints figures and the ratio to a baseline run in the same
// process: appends against a plain write()+fsync() of the same bytes, proofs
// against the 1 ms target.
//
//   log_bench --dir DIR [--entries 10000000] [--batch 10000] [--proofs 2000] [--reuse]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "custodia/custody.h"

namespace {

using custodia::CustodyEntry;
using custodia::CustodyLog;
using custodia::Env;
using custodia::LogPaths;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

[[noreturn]] void Die(const std::string& what, const custodia::Status& s) {
  std::fprintf(stderr, "log_bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

LogPaths PathsIn(const std::string& dir) {
  std::filesystem::create_directories(dir + "/log/checkpoints");
  std::filesystem::create_directories(dir + "/tmp");
  LogPaths p;
  p.entries = dir + "/log/entries.jsonl";
  p.offsets = dir + "/log/offsets";
  p.tree = dir + "/log/tree";
  p.checkpoint = dir + "/log/checkpoint";
  p.checkpoint_sig = dir + "/log/checkpoint.minisig";
  p.checkpoints_dir = dir + "/log/checkpoints";
  p.tmp_dir = dir + "/tmp";
  return p;
}

// An offload entry of realistic size (~330 bytes).
CustodyEntry Entry(uint64_t n) {
  CustodyEntry e;
  e.time = 1768485600000 + custodia::TimeMs(n) * 250;
  e.station = "mod-07";
  e.actor = "officer-" + std::to_string(1000 + n % 500);
  e.os_user = "custodia";
  e.action = "ingest";
  char clip[65];
  std::snprintf(clip, sizeof clip, "%016llx%016llx%016llx%016llx", (unsigned long long)n * 0x9e3779b97f4a7c15ULL,
                (unsigned long long)n, (unsigned long long)~n, (unsigned long long)(n * 31 + 7));
  e.clips = {clip};
  e.details = custodia::Json::object();
  e.details["file"] = "DCIM/100BWC/CLIP_" + std::to_string(100000 + n % 900000) + ".MP4";
  e.details["size"] = 3000000000ULL + n;
  e.details["offload"] = "20260115T140000Z-" + std::to_string(n / 40);
  return e;
}

std::unique_ptr<CustodyLog> OpenLog(const LogPaths& p, bool writable, bool create) {
  auto log = CustodyLog::Open(Env::Default(), p, writable, create);
  if (!log.ok()) Die("open " + p.entries, log.status());
  return std::move(log).value();
}

// Baseline: the same lines appended with write() and one fsync() per batch.
double RawAppendRate(const std::string& path, uint64_t count, uint64_t batch) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  if (fd < 0) Die("open " + path, custodia::Status::FromErrno(errno, "open", path));
  auto t0 = Clock::now();
  for (uint64_t done = 0; done < count; done += batch) {
    std::string buf;
    for (uint64_t i = 0; i < batch; ++i) buf += *Entry(done + i).ToLine() + "\n";
    if (::write(fd, buf.data(), buf.size()) != ssize_t(buf.size())) Die("write", custodia::Status::Io("short write"));
    ::fsync(fd);
  }
  double s = Seconds(t0, Clock::now());
  ::close(fd);
  return double(count) / s;
}

double LogAppendRate(const std::string& dir, uint64_t count, uint64_t batch) {
  std::filesystem::remove_all(dir);
  auto log = OpenLog(PathsIn(dir), true, true);
  auto t0 = Clock::now();
  for (uint64_t done = 0; done < count; done += batch) {
    std::vector<CustodyEntry> v;
    for (uint64_t i = 0; i < batch; ++i) v.push_back(Entry(done + i));
    auto s = log->Append(v);
    if (!s.ok()) Die("append", s);
  }
  return double(count) / Seconds(t0, Clock::now());
}

struct Timing {
  double mean_us, p50_us, p99_us, max_us;
};
Timing Summarize(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double u : us) sum += u;
  return {sum / double(us.size()), us[us.size() / 2], us[us.size() * 99 / 100], us.back()};
}
void PrintTiming(const char* what, const Timing& t) {
  std::printf("  %-44s mean %7.1f us  p50 %7.1f us  p99 %7.1f us  max %7.1f us  (%.3fx the 1 ms target)\n", what,
              t.mean_us, t.p50_us, t.p99_us, t.max_us, t.mean_us / 1000.0);
}

// Reads log/tree once so that "warm" figures are warm (a previous run may
// have evicted it).
void WarmTreeCache(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  std::vector<char> buf(1 << 20);
  while (::read(fd, buf.data(), buf.size()) > 0) {
  }
  ::close(fd);
}

// Evicts log/tree from the page cache (only that file) for cold figures.
void DropTreeCache(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  uint64_t entries = 10'000'000, batch = 10'000, proofs = 2000;
  bool reuse = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--dir") dir = next();
    else if (a == "--entries") entries = std::stoull(next());
    else if (a == "--batch") batch = std::stoull(next());
    else if (a == "--proofs") proofs = std::stoull(next());
    else if (a == "--reuse") reuse = true;
    else {
      std::fprintf(stderr, "usage: log_bench --dir DIR [--entries N] [--batch N] [--proofs N] [--reuse]\n");
      return 2;
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr, "log_bench: --dir is required\n");
    return 2;
  }
  std::filesystem::create_directories(dir);
  std::printf("custody log benchmark, %s entries (SPEC §10: proof < 1 ms at 10 million)\n",
              std::to_string(entries).c_str());
  std::printf("entry line: %zu bytes\n", Entry(123456).ToLine()->size());

  // 1. Append rates against write()+fsync() of the same lines.
  {
    const uint64_t singles = 300, batched = 100'000;
    double log1 = LogAppendRate(dir + "/single", singles, 1);
    double raw1 = RawAppendRate(dir + "/raw-single", singles, 1);
    double logb = LogAppendRate(dir + "/batch", batched, 1000);
    double rawb = RawAppendRate(dir + "/raw-batch", batched, 1000);
    const char* row = "%-40s %9.0f entries/s   baseline write+fsync %9.0f lines/s   ratio %.2f\n";
    std::printf(row, "append, 1 entry per call (3 fsyncs):", log1, raw1, log1 / raw1);
    std::printf(row, "append, 1000 entries per call:", logb, rawb, logb / rawb);
    std::filesystem::remove_all(dir + "/single");
    std::filesystem::remove_all(dir + "/batch");
    std::filesystem::remove(dir + "/raw-single");
    std::filesystem::remove(dir + "/raw-batch");
  }

  // 2. The big log, built in batches (one fsync round per batch).
  const std::string big = dir + "/big";
  LogPaths paths = PathsIn(big);
  {
    bool have = false;
    if (reuse) {
      auto log = CustodyLog::Open(Env::Default(), paths, false, false);
      have = log.ok() && (*log)->size() == entries;
    }
    if (!have) {
      std::filesystem::remove_all(big);
      paths = PathsIn(big);
      auto log = OpenLog(paths, true, true);
      auto t0 = Clock::now();
      for (uint64_t done = 0; done < entries; done += batch) {
        std::vector<CustodyEntry> v;
        uint64_t n = std::min(batch, entries - done);
        v.reserve(n);
        for (uint64_t i = 0; i < n; ++i) v.push_back(Entry(done + i));
        auto s = log->Append(v);
        if (!s.ok()) Die("append", s);
      }
      double s = Seconds(t0, Clock::now());
      std::printf("build %llu entries, batches of %llu:  %.1f s  (%.0f entries/s)\n", (unsigned long long)entries,
                  (unsigned long long)batch, s, double(entries) / s);
    } else {
      std::printf("reusing the %llu-entry log in %s\n", (unsigned long long)entries, big.c_str());
    }
    std::printf("files: entries.jsonl %.0f MB, tree %.0f MB, offsets %.0f MB\n",
                double(std::filesystem::file_size(paths.entries)) / 1e6,
                double(std::filesystem::file_size(paths.tree)) / 1e6,
                double(std::filesystem::file_size(paths.offsets)) / 1e6);
  }

  // 3. Open: O(log n) + the tail, not a rescan.
  for (bool writable : {false, true}) {
    auto t0 = Clock::now();
    auto log = OpenLog(paths, writable, false);
    double ms = Seconds(t0, Clock::now()) * 1000;
    std::printf("open %-9s at %llu entries:         %.3f ms\n", writable ? "writable" : "read-only",
                (unsigned long long)log->size(), ms);
  }

  // 4. Proofs at the full size.
  auto log = OpenLog(paths, false, false);
  const uint64_t n = log->size();
  auto root = log->Root(n);
  if (!root.ok()) Die("root", root.status());
  WarmTreeCache(paths.tree);
  std::mt19937_64 rng(6962);
  std::vector<double> incl, cons, roots, incl_cold, verify;
  for (uint64_t k = 0; k < proofs; ++k) {
    uint64_t i = rng() % n;
    auto t0 = Clock::now();
    auto p = log->ProveInclusion(i, n);
    auto t1 = Clock::now();
    if (!p.ok()) Die("inclusion proof", p.status());
    incl.push_back(Seconds(t0, t1) * 1e6);
    auto t2 = Clock::now();
    auto v = custodia::VerifyInclusion(i, n, p->leaf_hash, p->hashes, *root);
    verify.push_back(Seconds(t2, Clock::now()) * 1e6);
    if (!v.ok()) Die("verify inclusion", v);

    uint64_t m = 1 + rng() % n;
    t0 = Clock::now();
    auto c = log->ProveConsistency(m, n);
    t1 = Clock::now();
    if (!c.ok()) Die("consistency proof", c.status());
    cons.push_back(Seconds(t0, t1) * 1e6);

    t0 = Clock::now();
    auto r = log->Root(m);
    roots.push_back(Seconds(t0, Clock::now()) * 1e6);
    if (!r.ok()) Die("root", r.status());
    if (k % 20 == 0) {
      auto vc = custodia::VerifyConsistency(m, n, *r, *root, c->hashes);
      if (!vc.ok()) Die("verify consistency", vc);
    }
  }
  for (uint64_t k = 0; k < std::min<uint64_t>(proofs, 200); ++k) {
    DropTreeCache(paths.tree);
    uint64_t i = rng() % n;
    auto t0 = Clock::now();
    auto p = log->ProveInclusion(i, n);
    incl_cold.push_back(Seconds(t0, Clock::now()) * 1e6);
    if (!p.ok()) Die("inclusion proof", p.status());
  }
  std::printf("proofs at tree size %llu (%llu random each):\n", (unsigned long long)n, (unsigned long long)proofs);
  PrintTiming("inclusion proof (warm page cache)", Summarize(incl));
  PrintTiming("inclusion proof (log/tree evicted first)", Summarize(incl_cold));
  PrintTiming("consistency proof, random old size", Summarize(cons));
  PrintTiming("root at a random size", Summarize(roots));
  PrintTiming("verify an inclusion proof", Summarize(verify));
  return 0;
}
