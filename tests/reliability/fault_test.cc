// Injected faults (FaultEnv under the offload library): EIO at an offset,
// ENOSPC, an unplugged camera, a file growing while copied, EACCES, a failed
// fsync, a failed custody log append, a wipe whose read-back fails. Each must
// fail what it hits with a clear message and the right exit code, store
// nothing half, and leave a vault that fsck finds clean and that the same
// offload, re-run without the fault, completes.
#include <gmock/gmock.h>

#include "../cli/cli_fixture.h"
#include "custodia/env_fault.h"
#include "custodia/offload.h"
#include "reliability_util.h"

namespace custodia::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

class FaultTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Init();
    cam_ = Camera::Make(dir_ / "camera");
  }
  OffloadSummary Run(FaultEnv& env, bool wipe = false, int jobs = 1) {
    StationOptions so;
    so.env = &env;
    so.actor = "tester";
    auto st = Station::Open(vault_, so);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    OffloadOptions o;
    o.sources = {cam_.root};
    o.device = "CAM-7";
    o.officer = "OF-1";
    o.jobs = jobs;
    o.wipe = wipe;
    auto sum = Offload(**st, o, nullptr);
    EXPECT_TRUE(sum.ok()) << sum.status().ToString();
    return sum.ok() ? *sum : OffloadSummary{};
  }
  const OffloadFile* FileNamed(const OffloadSummary& s, const std::string& name) {
    for (const auto& f : s.file_list) {
      if (BaseName(f.path) == name) return &f;
    }
    ADD_FAILURE() << name << " is not in the file list";
    return nullptr;
  }
  Json Receipt(const OffloadSummary& s) {
    EXPECT_FALSE(s.receipt.empty());
    return Json::parse(ReadFile(s.receipt), nullptr, false);
  }
  // Nothing partial anywhere, no copy left in tmp/, fsck clean; then the
  // same offload without the fault completes the job.
  void ExpectCleanThenCompletes(const std::set<std::string>& expected) {
    auto clips = C({"clips", "--json"});
    EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
    std::error_code ec;
    for (auto it = rfs::recursive_directory_iterator(vault_ + "/tmp", ec);
         !ec && it != rfs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().filename() != ".lock") {
        ADD_FAILURE() << "left in tmp/: " << it->path();
      }
    }
    auto rep = C({"fsck", "--repair"});
    EXPECT_EQ(rep.exit_code, 0) << rep.Describe();
    auto f = C({"fsck"});
    EXPECT_EQ(f.exit_code, 0) << f.Describe();
    auto again = C({"offload", cam_.root, "--device", "CAM-7", "--officer", "OF-1", "--progress", "none"});
    EXPECT_EQ(again.exit_code, 0) << again.Describe();
    clips = C({"clips", "--json"});
    EXPECT_EQ(ClipIds(clips.out), expected);
    EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
    for (const auto& sha : expected) EXPECT_EQ(IngestCounts(vault_)[sha], 1) << sha;
    EXPECT_EQ(C({"verify", "--all", "--read-data"}).exit_code, 0);
  }

  Camera cam_;
};

TEST_F(FaultTest, EioMidCopyFailsThatFileWithTheOffsetAndTheRestContinues) {
  FaultEnv env;
  env.FailReadAt("A102.mov", 5000);
  auto sum = Run(env);
  EXPECT_EQ(sum.exit_code, 3);
  const OffloadFile* f = FileNamed(sum, "A102.mov");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->outcome, "failed");
  EXPECT_THAT(f->error, HasSubstr("offset 5000"));
  EXPECT_THAT(f->error, HasSubstr("Input/output error"));
  EXPECT_EQ(f->error_offset, std::optional<uint64_t>(5000));
  EXPECT_EQ(sum.ingested + sum.flagged, cam_.media_sha.size() - 1);
  bool in_receipt = false;
  Json receipt = Receipt(sum);
  for (const auto& rf : receipt["files"]) {
    if (BaseName(rf["path"].get<std::string>()) == "A102.mov") in_receipt = rf["error_offset"] == 5000;
  }
  EXPECT_TRUE(in_receipt) << "the receipt must give the offset of the read error";
  ExpectCleanThenCompletes(cam_.media_sha);
}

TEST_F(FaultTest, EioThroughTheCliNamesTheOffsetAndExits3) {
  RunOptions o;
  o.env["CUSTODIA_FAULT"] = "eio:A101.mkv:4096";
  auto r = C({"offload", cam_.root, "--device", "CAM-7", "--jobs", "1", "--progress", "none"}, o);
  EXPECT_EQ(r.exit_code, 3) << r.Describe();
  EXPECT_THAT(r.out, HasSubstr("FAILED"));
  EXPECT_THAT(r.out, HasSubstr("read error at offset 4096 of " + cam_.root + "/DCIM/A101.mkv"));
  ExpectCleanThenCompletes(cam_.media_sha);
}

TEST_F(FaultTest, EnospcOnOneCopyStoresNothingHalfAndExits3) {
  FaultEnv env;
  env.Fail(FaultEnv::Op::kAppend, "/clip.", ENOSPC, 2);  // the 2nd buffer written of any clip copy
  auto sum = Run(env);
  EXPECT_EQ(sum.exit_code, 3);
  EXPECT_EQ(sum.failed, 1u);
  bool named = false;
  for (const auto& f : sum.file_list) named |= f.outcome == "failed" && f.error.find("No space left on device") != std::string::npos;
  EXPECT_TRUE(named);
  ExpectCleanThenCompletes(cam_.media_sha);
}

TEST_F(FaultTest, VaultFullFromSomePointFailsCleanlyAndTheRerunFinishes) {
  // The disk fills up after ~1.5 clips: copies, manifests and log appends all fail from then on.
  uint64_t first = rfs::file_size(cam_.media_paths[0]);
  for (uint64_t budget : {uint64_t(0), first / 2, first + first / 2, 3 * first}) {
    SCOPED_TRACE("bytes free: " + std::to_string(budget));
    FaultEnv env;
    env.LimitSpace(vault_ + "/", budget);
    auto sum = Run(env);
    EXPECT_TRUE(sum.exit_code == 3 || sum.exit_code == 4) << sum.exit_code;
    EXPECT_GT(sum.failed, 0u);
    bool said = false;
    for (const auto& f : sum.file_list) said |= f.error.find("No space left on device") != std::string::npos;
    EXPECT_TRUE(said || sum.error.message().find("No space left") != std::string::npos);
    auto clips = C({"clips", "--json"});
    EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
  }
  ExpectCleanThenCompletes(cam_.media_sha);
}

TEST_F(FaultTest, UnpluggedCameraFailsTheRestAsSourceDisappearedThenRerunFinishes) {
  FaultEnv env;
  env.Unplug(cam_.root, rfs::file_size(cam_.media_paths[0]) + 1000);
  auto sum = Run(env);
  EXPECT_EQ(sum.exit_code, 3);
  EXPECT_TRUE(sum.interrupted);
  EXPECT_GE(sum.ingested + sum.flagged, 1u);
  int disappeared = 0;
  for (const auto& f : sum.file_list) disappeared += f.error.find("source disappeared") != std::string::npos;
  EXPECT_GE(disappeared, 3) << Receipt(sum).dump(1);
  env.Replug();
  ExpectCleanThenCompletes(cam_.media_sha);
}

TEST_F(FaultTest, FileGrowingWhileCopiedFailsAsChanged) {
  FaultEnv env;
  env.OnRead("A101.mkv", 100, [](const std::string& path) {
    std::ofstream(path, std::ios::app) << "more frames";
  });
  auto sum = Run(env);
  EXPECT_EQ(sum.exit_code, 3);
  const OffloadFile* f = FileNamed(sum, "A101.mkv");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->outcome, "failed");
  EXPECT_THAT(f->error, HasSubstr("changed while being copied"));
  // The camera's file is now the longer one: that is the clip a re-run stores.
  std::set<std::string> expected;
  for (const auto& p : cam_.media_paths) expected.insert(Sha256Hex(ReadFile(p)));
  ExpectCleanThenCompletes(expected);
}

TEST_F(FaultTest, PermissionDeniedFailsThatFileOnly) {
  FaultEnv env;
  env.Fail(FaultEnv::Op::kOpenRead, "A103.mp4", EACCES, 1, /*every=*/true);
  auto sum = Run(env);
  EXPECT_EQ(sum.exit_code, 3);
  const OffloadFile* f = FileNamed(sum, "A103.mp4");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->outcome, "failed");
  EXPECT_THAT(f->error, HasSubstr("Permission denied"));
  EXPECT_EQ(sum.failed, 1u);
  ExpectCleanThenCompletes(cam_.media_sha);
}

TEST_F(FaultTest, FailedFsyncOfACopyFailsThatFile) {
  FaultEnv env;
  env.Fail(FaultEnv::Op::kSync, "/clip.", EIO, 3);
  auto sum = Run(env);
  EXPECT_EQ(sum.exit_code, 3);
  EXPECT_EQ(sum.failed, 1u);
  ExpectCleanThenCompletes(cam_.media_sha);
}

TEST_F(FaultTest, FailedCustodyLogAppendCommitsNothingAndLeavesTheLogWhole) {
  FaultEnv env;
  env.Fail(FaultEnv::Op::kAppend, "entries.jsonl", ENOSPC, 1);
  auto sum = Run(env);
  EXPECT_TRUE(sum.exit_code == 3 || sum.exit_code == 4) << sum.exit_code;
  EXPECT_THAT(sum.error.message(), HasSubstr("No space left on device"));
  // Nothing the failed append carried is in the index; the log verifies.
  auto clips = C({"clips", "--json"});
  for (const auto& f : sum.file_list) {
    if (f.outcome == "failed" && !f.sha256.empty()) {
      EXPECT_EQ(ClipIds(clips.out).count(f.sha256), 0u) << f.path;
    }
  }
  ExpectCleanThenCompletes(cam_.media_sha);
}

TEST_F(FaultTest, WipeRefusedWhenTheVaultCopyDoesNotReadBack) {
  FaultEnv env;
  env.FailReadAt("/objects/sha256/", 10);  // every read-back of a stored object fails
  auto sum = Run(env, /*wipe=*/true);
  EXPECT_EQ(sum.wiped, 0u);
  for (const auto& p : cam_.media_paths) EXPECT_TRUE(rfs::exists(p)) << p << " was wiped without a verified copy";
  bool said = false;
  for (const auto& f : sum.file_list) said |= f.error.find("not wiped") != std::string::npos;
  EXPECT_TRUE(said);
  ExpectCleanThenCompletes(cam_.media_sha);
}

}  // namespace
}  // namespace custodia::testing
