// Bad input gets a clear message and the exit code of SPEC §7.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <map>

#include "cli_fixture.h"
#include "custodia/hash.h"

namespace custodia::testing {
namespace {

TEST_F(CliTest, NotAVaultExits10AndSaysHowToCreateOne) {
  auto r = C({"clips"});
  EXPECT_EQ(r.exit_code, 10) << r.Describe();
  EXPECT_NE(r.err.find("no vault at " + vault_), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("init"), std::string::npos) << r.err;
}

TEST_F(CliTest, MissingSourceExits2) {
  Init();
  auto r = C({"offload", dir_ / "no-such-camera"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_NE(r.err.find("no-such-camera"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mounted"), std::string::npos) << r.err;
}

// Root reads every file: run the command as "nobody" (setpriv) instead.
RunResult RunUnprivileged(CliTest* t, const std::string& vault, const std::string& dir,
                          const std::vector<std::string>& args) {
  std::vector<std::string> argv;
  if (::geteuid() == 0) {
    RunProcess({"chown", "-R", "nobody", vault});
    RunProcess({"chmod", "a+rx", dir});
    argv = {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"};
  }
  argv.push_back(CustodiaBin());
  argv.push_back("--vault");
  argv.push_back(vault);
  argv.insert(argv.end(), args.begin(), args.end());
  (void)t;
  return RunProcess(argv, RunOptions{{{"CUSTODIA_ACTOR", "tester"}}, "", "", 300});
}

TEST_F(CliTest, UnreadableFileFailsThatFileOnlyExit3) {
  if (::geteuid() == 0 && !HaveTool("setpriv")) GTEST_SKIP() << "needs setpriv to drop root";
  Init();
  AddClip("mp4", "A.MP4");
  std::string locked = AddClip("mkv", "B.mkv");
  RunProcess({"chmod", "-R", "a+rX", cam_});
  ::chmod(locked.c_str(), 0000);
  RunResult r = RunUnprivileged(this, vault_, dir_.path(), {"offload", cam_, "--json"});
  EXPECT_EQ(r.exit_code, 3) << r.Describe();
  Json sum = JsonOf(r);
  EXPECT_EQ(sum["ingested"], 1);
  EXPECT_EQ(sum["failed"], 1);
  bool named = false;
  for (auto& f : sum["file_list"]) {
    if (f["path"].get<std::string>().find("B.mkv") != std::string::npos) {
      named = f["outcome"] == "failed" && f["error"].get<std::string>().find("Permission denied") != std::string::npos;
    }
  }
  EXPECT_TRUE(named) << r.out;
}

TEST_F(CliTest, NothingReadableExits4) {
  if (::geteuid() == 0 && !HaveTool("setpriv")) GTEST_SKIP() << "needs setpriv to drop root";
  Init();
  std::string locked = AddClip("mp4", "X.MP4");
  RunProcess({"chmod", "-R", "a+rX", cam_});
  ::chmod(locked.c_str(), 0000);
  RunResult r = RunUnprivileged(this, vault_, dir_.path(), {"offload", cam_});
  EXPECT_EQ(r.exit_code, 4) << r.Describe();
  EXPECT_NE(r.out.find("FAILED"), std::string::npos) << r.out;
}

TEST_F(CliTest, LockedVaultExits11AfterWait) {
  Init();
  AddClip("mp4", "A.MP4");
  int fd = ::open((vault_ + "/LOCK").c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  auto r = C({"--wait", "0.3", "offload", cam_});
  ::close(fd);
  EXPECT_EQ(r.exit_code, 11) << r.Describe();
  EXPECT_NE(r.err.find("locked"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--wait"), std::string::npos) << r.err;
  // Once the lock is free, the same command finishes the job.
  EXPECT_EQ(C({"offload", cam_}).exit_code, 0);
  EXPECT_EQ(Clips().size(), 1u);
}

TEST_F(CliTest, BadFromTimeExits2WithTheAcceptedForms) {
  Init();
  auto r = C({"clips", "--from", "15/01/2026"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_NE(r.err.find("--from"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2026-01-31"), std::string::npos) << r.err;
}

TEST_F(CliTest, UnknownClipIdExits2) {
  Init();
  auto r = C({"show", "deadbeefdeadbeef"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_NE(r.err.find("no clip deadbeefdeadbeef"), std::string::npos) << r.err;
  auto short_id = C({"verify", "abc"});
  EXPECT_EQ(short_id.exit_code, 2) << short_id.Describe();
  EXPECT_NE(short_id.err.find("at least 8 hex digits"), std::string::npos) << short_id.err;
}

TEST_F(CliTest, AmbiguousPrefixExits2AndListsCandidates) {
  Init();
  // Two different files whose SHA-256 share the first 8 hex digits (a
  // birthday search over ~2^16 small inputs), offloaded as clips.
  std::map<std::string, std::string> seen;
  std::string a, b;
  for (uint64_t i = 0; a.empty(); ++i) {
    std::string data = "custodia ambiguity probe " + std::to_string(i);
    std::string prefix = HexOf(Sha256::Of(data)).substr(0, 8);
    auto [it, inserted] = seen.emplace(prefix, data);
    if (!inserted) {
      a = it->second;
      b = data;
    }
  }
  WriteFile(cam_ + "/DCIM/A.mp4", a);
  WriteFile(cam_ + "/DCIM/B.mp4", b);
  ASSERT_EQ(C({"offload", cam_}).exit_code, 0);  // stored, flagged unreadable
  std::string ida = HexOf(Sha256::Of(a)), idb = HexOf(Sha256::Of(b));
  auto r = C({"show", ida.substr(0, 8)});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_NE(r.err.find("ambiguous"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(ida), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(idb), std::string::npos) << r.err;
  // One more digit (they differ somewhere) resolves it; upper case works too.
  size_t k = 8;
  while (ida[k] == idb[k]) ++k;
  std::string upper = ida.substr(0, k + 1);
  for (auto& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(C({"show", upper}).exit_code, 0);
}

TEST_F(CliTest, UsageErrorsExit2NotCli11Codes) {
  EXPECT_EQ(C({"offload"}).exit_code, 2);
  EXPECT_EQ(C({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(C({"clips", "--status", "weird"}).exit_code, 2);
  EXPECT_EQ(C({"--help"}).exit_code, 0);
}

TEST_F(CliTest, StationKeyReadableByOthersIsRefusedWith10) {
  Init();
  AddClip("mp4", "A.MP4");
  ::chmod((vault_ + "/keys/station.key").c_str(), 0644);
  auto r = C({"offload", cam_});
  EXPECT_EQ(r.exit_code, 10) << r.Describe();
  EXPECT_NE(r.err.find("chmod 600"), std::string::npos) << r.err;
  EXPECT_EQ(Clips().size(), 0u);  // nothing half-done
}

}  // namespace
}  // namespace custodia::testing
