// Real faults of real file systems, where this machine lets us mount (root
// with CAP_SYS_ADMIN; skipped cleanly otherwise): a small tmpfs vault that
// fills up mid-copy, a vault on a read-only mount, a camera whose mount goes
// away in the middle of an offload.
#include <gmock/gmock.h>

#include "../cli/cli_fixture.h"
#include "reliability_util.h"

namespace custodia::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

class RealFsTest : public CliTest {
 protected:
  void TearDown() override {
    for (auto it = mounts_.rbegin(); it != mounts_.rend(); ++it) RunProcess({"umount", "-l", *it});
  }
  // Mounts; false if this machine does not allow it.
  bool Mount(const std::vector<std::string>& args, const std::string& where) {
    MakeDirs(where);
    std::vector<std::string> argv = {"mount"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(where);
    auto r = RunProcess(argv);
    if (r.exit_code != 0) return false;
    mounts_.push_back(where);
    return true;
  }
  bool Tmpfs(const std::string& where, const std::string& size) {
    if (::geteuid() != 0 || !HaveTool("mount")) return false;
    return Mount({"-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs"}, where);
  }
  bool Remount(const std::string& where, const std::string& opts) {
    return RunProcess({"mount", "-o", "remount," + opts, where}).exit_code == 0;
  }
  std::string BigFile(const std::string& path, size_t mib) {
    std::string bytes(mib << 20, '\0');
    for (size_t i = 0; i < bytes.size(); i += 512) bytes[i] = char(i >> 9);
    WriteFile(path, bytes);
    return Sha256Hex(bytes);
  }

  std::vector<std::string> mounts_;
};

TEST_F(RealFsTest, TmpfsVaultFillsUpMidCopyNothingHalfStoredThenRerunFinishes) {
  std::string small = dir_ / "small";
  if (!Tmpfs(small, "24m")) GTEST_SKIP() << "cannot mount a tmpfs here";
  vault_ = small + "/vault";
  Init();
  Camera cam = Camera::Make(dir_ / "camera");
  std::set<std::string> expected = cam.media_sha;
  expected.insert(BigFile(cam.root + "/DCIM/BIG.mp4", 32));  // more than the whole file system
  auto r = C({"offload", cam.root, "--jobs", "1", "--progress", "none"});
  EXPECT_TRUE(r.exit_code == 3 || r.exit_code == 4) << r.Describe();
  EXPECT_THAT(r.out + r.err, HasSubstr("No space left on device"));
  EXPECT_THAT(r.out, HasSubstr("BIG.mp4"));
  auto clips = C({"clips", "--json"});
  EXPECT_EQ(clips.exit_code, 0) << clips.Describe();
  EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
  // The disk is made bigger (a full disk cleaned up): the same command finishes.
  ASSERT_TRUE(Remount(small, "size=96m"));
  EXPECT_EQ(C({"fsck", "--repair"}).exit_code, 0);
  auto again = C({"offload", cam.root, "--progress", "none"});
  EXPECT_EQ(again.exit_code, 0) << again.Describe();
  clips = C({"clips", "--json"});
  EXPECT_EQ(ClipIds(clips.out), expected);
  EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
  EXPECT_EQ(C({"fsck"}).exit_code, 0);
  EXPECT_EQ(C({"verify", "--all", "--read-data"}).exit_code, 0);
}

TEST_F(RealFsTest, ReadOnlyVaultAnswersQueriesAndRefusesWritesCleanly) {
  std::string ro = dir_ / "ro";
  if (!Tmpfs(ro, "64m")) GTEST_SKIP() << "cannot mount a tmpfs here";
  vault_ = ro + "/vault";
  Init();
  Camera cam = Camera::Make(dir_ / "camera");
  ASSERT_EQ(C({"offload", cam.root, "--progress", "none"}).exit_code, 0);
  std::string clips_before = C({"clips", "--json"}).out;
  ASSERT_TRUE(Remount(ro, "ro"));
  // Queries work on a read-only vault.
  auto clips = C({"clips", "--json"});
  EXPECT_EQ(clips.exit_code, 0) << clips.Describe();
  EXPECT_EQ(clips.out, clips_before);
  for (const std::vector<std::string>& q :
       {std::vector<std::string>{"attentions", "--json"}, {"report", "--json"}, {"log", "show"}, {"keys", "show"}}) {
    if (C({q[0], "--help"}).exit_code != 0) continue;
    auto r = C(q);
    EXPECT_EQ(r.exit_code, 0) << q[0] << ": " << r.Describe();
  }
  // Writes fail before doing anything, say why, exit 4 (I/O, nothing done).
  Camera more = Camera::Make(dir_ / "camera2", "B");
  for (const std::vector<std::string>& w :
       {std::vector<std::string>{"offload", more.root, "--progress", "none"}, {"fsck", "--repair"}, {"reindex"}}) {
    auto r = C(w);
    EXPECT_EQ(r.exit_code, 4) << w[0] << ": " << r.Describe();
    EXPECT_THAT(r.err, HasSubstr("Read-only file system")) << w[0];
  }
  ASSERT_TRUE(Remount(ro, "rw"));
  EXPECT_EQ(C({"fsck"}).exit_code, 0);
  EXPECT_EQ(C({"offload", more.root, "--progress", "none"}).exit_code, 0);
  EXPECT_THAT(AuditVault(vault_, C({"clips", "--json"}).out), IsEmpty());
}

TEST_F(RealFsTest, CameraMountVanishesMidOffloadThenRerunAfterReplugFinishes) {
  if (::geteuid() != 0 || !HaveTool("mount")) GTEST_SKIP() << "cannot mount here";
  Init();
  Camera cam = Camera::Make(dir_ / "camdata");
  std::set<std::string> expected = cam.media_sha;
  for (int i = 0; i < 4; ++i) expected.insert(BigFile(cam.root + "/DCIM/BULK" + std::to_string(i) + ".mp4", 24));
  std::string mnt = dir_ / "cam";
  if (!Mount({"--bind", cam.root}, mnt)) GTEST_SKIP() << "cannot bind-mount here";
  std::string log = dir_ / "offload.ndjson";
  Child off({CustodiaBin(), "--vault", vault_, "offload", mnt, "--jobs", "1", "--progress", "ndjson"},
            {{"CUSTODIA_ACTOR", "tester"}}, log);
  // Unplug once the first file is done.
  for (int i = 0; i < 3000 && !off.Done(); ++i) {
    if (ReadFile(log).find("\"file_done\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(RunProcess({"umount", "-l", mnt}).exit_code, 0);
  mounts_.pop_back();
  int code = off.Wait();
  std::string events = ReadFile(log);
  if (code == 0) GTEST_SKIP() << "the offload finished before the unplug landed";
  EXPECT_EQ(code, 3) << events;
  EXPECT_THAT(events, HasSubstr("source disappeared"));
  auto clips = C({"clips", "--json"});
  EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
  EXPECT_EQ(C({"fsck"}).exit_code, 0);
  // Re-plug: the same command finishes the job.
  ASSERT_TRUE(Mount({"--bind", cam.root}, mnt));
  auto again = C({"offload", mnt, "--progress", "none"});
  EXPECT_EQ(again.exit_code, 0) << again.Describe();
  clips = C({"clips", "--json"});
  EXPECT_EQ(ClipIds(clips.out), expected);
  EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
}

}  // namespace
}  // namespace custodia::testing
