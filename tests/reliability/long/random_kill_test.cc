// Random kill -9 (long label): the real binary is killed at a random moment,
// many times, and every time the vault must hold nothing partial, fsck
// --repair must leave it clean and the same command must finish the job with
// the clips of an uninterrupted run. Then every crash point at every hit
// count. Prints a tally at the end (doc/reliability.md has the last one).
#include <gmock/gmock.h>

#include <cstdlib>
#include <random>

#include "reliability_util.h"

namespace custodia::testing {
namespace {

int Runs() {
  const char* v = std::getenv("CUSTODIA_KILL_RUNS");
  return v && *v ? std::atoi(v) : 60;
}

struct Tally {
  int runs = 0, killed = 0, finished_first = 0, repaired = 0, truncated = 0, abandoned = 0;
  void Print(const std::string& what) const {
    std::printf("[tally] %s: %d runs, %d killed mid-run, %d finished before the kill, %d needed fsck repairs, "
                "%d torn log lines cut, %d abandoned tmp dirs cleaned\n",
                what.c_str(), runs, killed, finished_first, repaired, truncated, abandoned);
  }
};

// A fresh vault and camera per run; the camera has bulk files so that kills
// land in copies too, not only in the per-clip work.
class KillRun {
 public:
  explicit KillRun(bool wipe) : wipe_(wipe) {
    vault_ = dir_ / "vault";
    auto r = RunCustodia(vault_, {"init", "--station", "st-kill"}, Actor());
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    cam_ = Camera::Make(dir_ / "camera");
    WriteFile(dir_ / "attentions.csv", kAttentionsCsv);
    auto imp = RunCustodia(vault_, {"import", "attentions", dir_ / "attentions.csv", "--progress", "none"}, Actor());
    EXPECT_EQ(imp.exit_code, 0) << imp.Describe();
    for (int i = 0; i < 2; ++i) {
      std::string bulk(12 << 20, char('a' + i));
      WriteFile(cam_.root + "/DCIM/BULK" + std::to_string(i) + ".mp4", bulk);
      cam_.media_paths.push_back(cam_.root + "/DCIM/BULK" + std::to_string(i) + ".mp4");
      cam_.media_sha_in_order.push_back(Sha256Hex(bulk));
      cam_.media_sha.insert(Sha256Hex(bulk));
    }
    args_ = OffloadArgs(cam_.root, wipe_, /*one_job=*/false);
  }
  static RunOptions Actor() {
    RunOptions o;
    o.env["CUSTODIA_ACTOR"] = "tester";
    return o;
  }
  std::vector<std::string> Argv(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {CustodiaBin(), "--vault", vault_};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
  // Runs `args` and kills it after `delay`; true if the kill landed mid-run.
  bool KillAfter(const std::vector<std::string>& args, std::chrono::microseconds delay,
                 const std::map<std::string, std::string>& env = {}) {
    std::map<std::string, std::string> e = env;
    e["CUSTODIA_ACTOR"] = "tester";
    Child c(Argv(args), e, dir_ / "child.log");
    std::this_thread::sleep_for(delay);
    if (c.Done()) return false;
    return c.Kill9();
  }
  VaultChecks Checks() const { return VaultChecks(vault_, &cam_, args_, wipe_); }
  void Count(Tally& t) const {
    for (const auto& e : LogEntries(vault_)) {
      std::string a = e.value("action", "");
      t.truncated += a == "truncate";
      t.abandoned += a == "abandon";
      t.repaired += a == "fsck" && e["details"].value("problems", Json::array()).size() > 0;
    }
  }

  TempDir dir_;
  std::string vault_;
  Camera cam_;
  std::vector<std::string> args_;
  bool wipe_;
};

std::chrono::microseconds Measure(const std::vector<std::string>& args, KillRun& run) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = RunProcess(run.Argv(args), KillRun::Actor());
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
}

TEST(RandomKill, OffloadKilledAtRandomMomentsLosesNothing) {
  std::chrono::microseconds full;
  {
    KillRun ref(false);
    full = Measure(ref.args_, ref);
    ref.Checks().Finished();
  }
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int64_t> when(0, full.count() * 11 / 10);
  Tally tally;
  for (int i = 0; i < Runs(); ++i) {
    KillRun run(i % 2 == 1);  // every other run with --wipe
    auto delay = std::chrono::microseconds(when(rng));
    SCOPED_TRACE("run " + std::to_string(i) + ", kill after " + std::to_string(delay.count()) + " us" +
                 (run.wipe_ ? ", --wipe" : ""));
    ++tally.runs;
    if (run.KillAfter(run.args_, delay)) ++tally.killed;
    else ++tally.finished_first;
    VaultChecks checks = run.Checks();
    checks.NothingHalfStored();
    checks.Recovers();
    run.Count(tally);
    if (HasFailure()) break;
  }
  tally.Print("offload");
}

TEST(RandomKill, FsckRepairAndReindexKilledAtRandomMoments) {
  std::mt19937 rng(std::random_device{}());
  Tally tally;
  for (int i = 0; i < Runs() / 2; ++i) {
    KillRun run(false);
    // A crashed offload first, so that fsck --repair has work to do.
    std::uniform_int_distribution<int64_t> early(20'000, 400'000);
    run.KillAfter(run.args_, std::chrono::microseconds(early(rng)));
    std::vector<std::string> victim = i % 2 ? std::vector<std::string>{"reindex"}
                                            : std::vector<std::string>{"fsck", "--repair"};
    std::chrono::microseconds full = Measure(victim, run);  // an uninterrupted run, to size the window
    if (i % 2 == 0) {
      // Crash the offload again so that this fsck --repair has work too.
      run.KillAfter(run.args_, std::chrono::microseconds(early(rng)));
    }
    std::uniform_int_distribution<int64_t> when(0, full.count());
    SCOPED_TRACE("run " + std::to_string(i) + ": " + victim[0]);
    ++tally.runs;
    if (run.KillAfter(victim, std::chrono::microseconds(when(rng)))) ++tally.killed;
    else ++tally.finished_first;
    VaultChecks checks = run.Checks();
    checks.NothingHalfStored();
    checks.Recovers();
    run.Count(tally);
    if (HasFailure()) break;
  }
  tally.Print("fsck --repair / reindex");
}

// Every crash point at every hit count until the command no longer reaches it.
TEST(CrashPointSweep, EveryPointEveryHit) {
  const std::vector<std::string> points = {
      "offload.copied",          "offload.object_placed",    "offload.manifest_unsigned",
      "offload.manifest_signed", "offload.clip_signed",      "commit.log_appended",
      "commit.index_written",    "commit.checkpoint_written", "log.torn_write",
      "offload.wiped"};
  int crashes = 0;
  for (const auto& point : points) {
    for (int n = 1; n <= 40; ++n) {
      KillRun run(point == "offload.wiped" || n % 3 == 0);
      RunOptions o = KillRun::Actor();
      o.env["CUSTODIA_CRASH_AT"] = point + ":" + std::to_string(n);
      auto r = RunProcess(run.Argv(run.args_), o);
      if (r.signal != SIGKILL) {
        EXPECT_EQ(r.exit_code, 0) << r.Describe();
        break;  // this run reaches `point` fewer than n times
      }
      ++crashes;
      SCOPED_TRACE(point + ":" + std::to_string(n));
      VaultChecks checks = run.Checks();
      checks.NothingHalfStored();
      checks.Recovers();
      if (HasFailure()) return;
    }
  }
  std::printf("[tally] crash point sweep: %d crashes over %zu points\n", crashes, points.size());
}

}  // namespace
}  // namespace custodia::testing
