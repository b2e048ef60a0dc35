// What the crash and fault tests share: a camera folder of real clips, the
// real binary run as a child (and killed), and an audit of a vault that says
// in words everything that is wrong with it. Header-only so that the CI and
// the long-run test executables both use it.
#ifndef CUSTODIA_TESTS_RELIABILITY_UTIL_H_
#define CUSTODIA_TESTS_RELIABILITY_UTIL_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "custodia/custody.h"
#include "custodia/hash.h"
#include "custodia/json.h"
#include "custodia/note.h"
#include "custodia/vault.h"
#include "testutil.h"

extern char** environ;

namespace custodia::testing {

namespace rfs = std::filesystem;

inline std::string Sha256Hex(const std::string& bytes) { return HexOf(Sha256::Of(bytes)); }

// Attentions that the Camera's clips (officer OF-1, 14:00Z and 15:00Z, i.e.
// 09:00 and 10:00 in Lima) auto-link to: A-1 gets three clips, A-2 one.
constexpr char kAttentionsCsv[] =
    "id,module,zone,category,subcategory,opened_at,closed_at,officers,agencies,address,lat,lon,summary\n"
    "A-1,M4,4,seguridad_ciudadana,robo,2026-01-15 08:55,2026-01-15 09:30,OF-1,PNP,Av. Larco 123,-12.12,-77.03,uno\n"
    "A-2,M7,7,fiscalizacion,x,2026-01-15 09:50,2026-01-15 10:30,OF-1|OF-2,PNP,Av. Pardo 1,-12.12,-77.03,dos\n"
    "A-3,M4,4,apoyo_turista,y,2026-01-15 08:00,2026-01-15 09:10,OF-9,SAMU,Parque Kennedy,-12.12,-77.03,tres\n";

inline std::vector<std::string> OffloadArgs(const std::string& root, bool wipe, bool one_job = true) {
  std::vector<std::string> a = {"offload", root, "--device", "CAM-7", "--officer", "OF-1", "--progress", "none"};
  if (one_job) a.insert(a.end(), {"--jobs", "1"});
  if (wipe) a.push_back("--wipe");
  return a;
}

// A docked camera: six media files of every kind the probe knows (all
// different bytes), one sidecar, one file that is skipped.
struct Camera {
  std::string root;
  std::set<std::string> media_sha;   // the clips an offload must end with
  std::set<std::string> sidecar_sha;
  std::vector<std::string> media_paths;
  std::vector<std::string> media_sha_in_order;  // of media_paths

  static Camera Make(const std::string& root, const std::string& prefix = "A") {
    Camera c;
    c.root = root;
    MakeDirs(root + "/DCIM");
    const std::vector<std::pair<std::string, std::string>> clips = {
        {"mp4", ".mp4"}, {"mkv", ".mkv"}, {"mov", ".mov"}, {"mp4_noaudio", ".mp4"}, {"mp4_notime", ".MP4"},
        {"truncated", ".mp4"}};
    int n = 0;
    for (const auto& [kind, ext] : clips) {
      std::string bytes = ReadFile(FixtureClip(kind));
      // A per-camera trailer keeps clips of different cameras distinct; media
      // parsers ignore bytes after the last box/element.
      if (prefix != "A") bytes += "camera " + prefix;
      std::string path = root + "/DCIM/" + prefix + std::to_string(100 + n++) + ext;
      WriteFile(path, bytes);
      c.media_paths.push_back(path);
      c.media_sha_in_order.push_back(Sha256Hex(bytes));
      c.media_sha.insert(Sha256Hex(bytes));
    }
    std::string srt = "1\n00:00:00,000 --> 00:00:01,000\nunit 7 " + prefix + "\n";
    WriteFile(root + "/DCIM/" + prefix + "100.srt", srt);
    c.sidecar_sha.insert(Sha256Hex(srt));
    WriteFile(root + "/DCIM/index.dat", "camera bookkeeping " + prefix);
    return c;
  }
};

// A child process that can be killed at any moment (the random kill -9 runs).
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& extra_env,
        const std::string& log_path) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::map<std::string, std::string> env;
    for (char** e = environ; *e; ++e) {
      std::string kv = *e;
      size_t eq = kv.find('=');
      if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    for (const auto& [k, v] : extra_env) env[k] = v;
    std::vector<std::string> env_strs, args = argv;
    for (const auto& [k, v] : env) env_strs.push_back(k + "=" + v);
    std::vector<char*> envp, argp;
    for (auto& s : env_strs) envp.push_back(s.data());
    envp.push_back(nullptr);
    for (auto& s : args) argp.push_back(s.data());
    argp.push_back(nullptr);
    if (posix_spawn(&pid_, argp[0], &fa, nullptr, argp.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  // SIGKILL now (if still running); returns true if the kill landed.
  bool Kill9() {
    bool landed = ::kill(pid_, SIGKILL) == 0;
    Wait();
    return landed && signal_ == SIGKILL;
  }
  // Waits; the exit code, or -1 if killed by a signal.
  int Wait() {
    if (!waited_) Reap(0);
    return code_;
  }
  // True once the child has ended (does not block).
  bool Done() { return waited_ || Reap(WNOHANG); }
  int signal() const { return signal_; }
  bool ok() const { return pid_ > 0; }

 private:
  bool Reap(int flags) {
    int status = 0;
    if (::waitpid(pid_, &status, flags) != pid_) return false;
    waited_ = true;
    if (WIFEXITED(status)) code_ = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) signal_ = WTERMSIG(status);
    return true;
  }
  pid_t pid_ = -1;
  bool waited_ = false;
  int code_ = -1, signal_ = 0;
};

inline std::vector<Json> LogEntries(const std::string& vault) {
  std::vector<Json> out;
  std::ifstream in(vault + "/log/entries.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto j = Json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(j);
  }
  return out;
}

// Checks everything a crash must never break; returns one line per problem.
//   - every object's bytes hash to its name (nothing partial under a real name);
//   - every indexed clip has its object, signature, manifest and manifest signature;
//   - the custody log verifies (every leaf, tree, checkpoint signature);
//   - nothing but per-process directories in tmp/.
// `clips_json` is the output of `custodia clips --json`.
inline std::vector<std::string> AuditVault(const std::string& vault, const std::string& clips_json,
                                           bool strict_log = true) {
  std::vector<std::string> problems;
  VaultLayout layout(vault);
  std::error_code ec;
  for (auto it = rfs::recursive_directory_iterator(layout.ObjectsDir(), ec);
       !ec && it != rfs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string name = it->path().filename().string();
    std::string got = Sha256Hex(ReadFile(it->path().string()));
    if (got != name) problems.push_back("object " + it->path().string() + " hashes to " + got);
  }
  auto clips = Json::parse(clips_json, nullptr, false);
  if (clips.is_discarded() || !clips.contains("items")) {
    problems.push_back("clips --json is not a list: " + clips_json.substr(0, 200));
  } else {
    for (const auto& c : clips["items"]) {
      std::string sha = c.value("sha256", c.value("id", ""));
      for (const std::string& f : {layout.Object(sha), layout.ClipSig(sha), layout.Manifest(sha),
                                   layout.ManifestSig(sha)}) {
        if (!rfs::exists(f)) problems.push_back("indexed clip " + sha + " lacks " + f);
      }
    }
  }
  auto log = CustodyLog::Open(Env::Default(), layout.Log(layout.TmpDir()), false);
  if (!log.ok()) {
    problems.push_back("custody log does not open: " + log.status().message());
  } else {
    auto pub = PublicKey::Parse(ReadFile(layout.StationPub()), "station.pub");
    auto cfg = Json::parse(ReadFile(layout.VaultJson()), nullptr, false);
    std::vector<NoteVerifier> verifiers;
    if (pub.ok() && !cfg.is_discarded()) verifiers.push_back(NoteVerifier::For(cfg.value("origin", ""), *pub));
    auto report = (*log)->Verify(verifiers, {}, nullptr);
    if (!report.ok()) {
      problems.push_back("log verify failed to run: " + report.status().message());
    } else if (strict_log) {
      for (const auto& p : report->problems) problems.push_back("log: " + p.message);
    }
  }
  return problems;
}

inline std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += "  " + s + "\n";
  return out;
}

// Clip ids in a `clips --json` output.
inline std::set<std::string> ClipIds(const std::string& clips_json) {
  std::set<std::string> out;
  auto j = Json::parse(clips_json, nullptr, false);
  if (j.is_discarded() || !j.contains("items")) return out;
  for (const auto& c : j["items"]) out.insert(c.value("sha256", c.value("id", "")));
  return out;
}

// How many `ingest` entries name each clip.
inline std::map<std::string, int> IngestCounts(const std::string& vault) {
  std::map<std::string, int> n;
  for (const auto& e : LogEntries(vault)) {
    if (e.value("action", "") != "ingest") continue;
    for (const auto& c : e["subjects"]["clips"]) ++n[c.get<std::string>()];
  }
  return n;
}

// The checks after a crash, as a sequence any test can run on a vault.
class VaultChecks {
 public:
  VaultChecks(std::string vault, const Camera* cam, std::vector<std::string> offload_args, bool wipe)
      : vault_(std::move(vault)), cam_(cam), offload_args_(std::move(offload_args)), wipe_(wipe) {}

  RunResult C(const std::vector<std::string>& args, RunOptions opts = {}) const {
    opts.env["CUSTODIA_ACTOR"] = "tester";
    opts.env.erase("CUSTODIA_VAULT");
    return RunCustodia(vault_, args, opts);
  }
  std::string ClipsJson() const {
    auto r = C({"clips", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    return r.out;
  }
  // The query outputs reindex must not change (those this build has).
  std::map<std::string, std::string> Queries() const {
    std::map<std::string, std::string> q;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"clips", "--json"}, {"attentions", "--json"}, {"report", "--json"}}) {
      if (C({args[0], "--help"}).exit_code != 0) continue;
      auto r = C(args);
      EXPECT_EQ(r.exit_code, 0) << r.Describe();
      q[args[0]] = r.out;
    }
    return q;
  }
  void FsckClean() const {
    auto f = C({"fsck", "--json"});
    EXPECT_EQ(f.exit_code, 0) << f.Describe();
    auto j = Json::parse(f.out, nullptr, false);
    EXPECT_TRUE(!j.is_discarded() && j["problems"].empty()) << f.out;
  }
  // Right after a crash, before anything repairs the vault: nothing partial
  // under a real name, and what queries show verifies in full; with --wipe, a
  // camera file is gone only if its clip is in the vault and logged.
  void NothingHalfStored() const {
    EXPECT_THAT(AuditVault(vault_, ClipsJson(), /*strict_log=*/false), ::testing::IsEmpty());
    auto v = C({"verify", "--all", "--read-data"});
    EXPECT_EQ(v.exit_code, 0) << v.Describe();
    if (!wipe_) return;
    VaultLayout layout(vault_);
    auto ingests = IngestCounts(vault_);
    for (size_t i = 0; i < cam_->media_paths.size(); ++i) {
      if (rfs::exists(cam_->media_paths[i])) continue;
      std::string sha = cam_->media_sha_in_order[i];
      EXPECT_TRUE(rfs::exists(layout.Object(sha)) && ingests[sha] == 1)
          << cam_->media_paths[i] << " was wiped but its clip is not in the vault, logged";
    }
  }
  // fsck --repair leaves it clean; the same offload again finishes the job.
  void Recovers() const {
    auto rep = C({"fsck", "--repair"});
    EXPECT_EQ(rep.exit_code, 0) << rep.Describe();
    FsckClean();
    auto again = C(offload_args_);
    EXPECT_EQ(again.exit_code, 0) << again.Describe();
    Finished();
  }
  // The same clips as an uninterrupted run, each stored and logged once,
  // everything verifies, fsck is clean, reindex changes no query.
  void Finished() const {
    VaultLayout layout(vault_);
    std::string clips = ClipsJson();
    EXPECT_EQ(ClipIds(clips), cam_->media_sha);
    EXPECT_THAT(AuditVault(vault_, clips), ::testing::IsEmpty());
    auto ingests = IngestCounts(vault_);
    for (const auto& sha : cam_->media_sha) EXPECT_EQ(ingests[sha], 1) << "ingest entries of " << sha;
    for (const auto& sha : cam_->sidecar_sha) EXPECT_TRUE(rfs::exists(layout.Object(sha))) << "sidecar " << sha;
    auto v = C({"verify", "--all", "--read-data"});
    EXPECT_EQ(v.exit_code, 0) << v.Describe();
    FsckClean();
    if (wipe_) {
      for (const auto& p : cam_->media_paths) EXPECT_FALSE(rfs::exists(p)) << p << " not wiped";
      EXPECT_TRUE(rfs::exists(cam_->root + "/DCIM/index.dat")) << "a file that is not a clip was wiped";
    }
    // Auto-link ran to the end: `link auto` finds nothing left to link.
    if (C({"link", "--help"}).exit_code == 0) {
      auto l = C({"link", "auto", "--json"});
      EXPECT_EQ(l.exit_code, 0) << l.Describe();
      auto j = Json::parse(l.out, nullptr, false);
      EXPECT_TRUE(!j.is_discarded() && j["items"].empty()) << "links the interrupted command never made: " << l.out;
    }
    auto before = Queries();
    auto r = C({"reindex"});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_EQ(Queries(), before);
  }

 private:
  std::string vault_;
  const Camera* cam_;
  std::vector<std::string> offload_args_;
  bool wipe_;
};

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_RELIABILITY_UTIL_H_
