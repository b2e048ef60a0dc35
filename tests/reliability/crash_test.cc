// Deterministic crash points (CI): the real binary is killed with SIGKILL at
// each dangerous moment of offload, fsck --repair and reindex
// (CUSTODIA_CRASH_AT, custodia/crashpoint.h); then the vault must hold nothing
// partial, fsck --repair must leave it clean, and running the command again
// must end with exactly the clips an uninterrupted run gives.
#include <gmock/gmock.h>

#include "../cli/cli_fixture.h"
#include "reliability_util.h"

namespace custodia::testing {
namespace {

class CrashTest : public CliTest {
 protected:
  void Prepare(bool wipe) {
    Init();
    cam_ = Camera::Make(dir_ / "camera");
    // Attentions the clips auto-link to: a crash must not lose those links either.
    WriteFile(dir_ / "attentions.csv", kAttentionsCsv);
    if (C({"import", "--help"}).exit_code == 0) {
      auto imp = C({"import", "attentions", dir_ / "attentions.csv", "--progress", "none"});
      ASSERT_EQ(imp.exit_code, 0) << imp.Describe();
    }
    args_ = OffloadArgs(cam_.root, wipe);
    checks_ = std::make_unique<VaultChecks>(vault_, &cam_, args_, wipe);
  }
  RunResult CrashAt(const std::vector<std::string>& args, const std::string& point) {
    RunOptions o;
    o.env["CUSTODIA_CRASH_AT"] = point;
    return C(args, o);
  }
  void OffloadCrash(const std::string& point, bool wipe = false) {
    Prepare(wipe);
    auto r = CrashAt(args_, point);
    ASSERT_EQ(r.signal, SIGKILL) << "crash point " << point << " was not reached: " << r.Describe();
    checks_->NothingHalfStored();
    checks_->Recovers();
  }

  Camera cam_;
  std::vector<std::string> args_;
  std::unique_ptr<VaultChecks> checks_;
};

TEST_F(CrashTest, AfterTheCopyIsDurableInTmp) { OffloadCrash("offload.copied:2"); }
TEST_F(CrashTest, AfterTheObjectRename) { OffloadCrash("offload.object_placed:1"); }
TEST_F(CrashTest, AfterTheManifestBeforeItsSignature) { OffloadCrash("offload.manifest_unsigned:1"); }
TEST_F(CrashTest, AfterTheSignedManifestBeforeTheClipSignature) { OffloadCrash("offload.manifest_signed:1"); }
TEST_F(CrashTest, AfterTheClipSignatureBeforeTheLog) { OffloadCrash("offload.clip_signed:2"); }
TEST_F(CrashTest, AfterTheLogAppendBeforeTheIndexBatch) { OffloadCrash("commit.log_appended:1"); }
TEST_F(CrashTest, AfterTheIndexBatchBeforeTheCheckpoint) { OffloadCrash("commit.index_written:1"); }
TEST_F(CrashTest, AfterTheCheckpoint) { OffloadCrash("commit.checkpoint_written:1"); }

TEST_F(CrashTest, MidLogLineTornWriteIsCutAndLogged) {
  OffloadCrash("log.torn_write:1");
  bool logged = false;
  for (const auto& e : LogEntries(vault_)) logged |= e.value("action", "") == "truncate";
  EXPECT_TRUE(logged) << "the cut of the torn line was not logged";
}

// A torn append at every commit of a --wipe offload, the last one (its
// receipt and automatic links) included: a kept receipt must not hide
// clips whose links were cut (they are gone from the camera, so the rerun
// cannot see them). Found by the long crash-point sweep (log.torn_write:6).
TEST_F(CrashTest, TornWriteAtEveryCommitOfAWipingOffloadKeepsItsLinks) {
  int killed = 0;
  for (int n = 1; n <= 30; ++n) {
    SCOPED_TRACE("log.torn_write:" + std::to_string(n));
    if (n > 1) rfs::remove_all(dir_ / "camera"), rfs::remove_all(vault_);
    Prepare(/*wipe=*/true);
    auto r = CrashAt(args_, "log.torn_write:" + std::to_string(n));
    if (r.signal != SIGKILL) {
      EXPECT_EQ(r.exit_code, 0) << r.Describe();
      break;
    }
    ++killed;
    checks_->NothingHalfStored();
    checks_->Recovers();
    if (HasFailure()) break;
  }
  EXPECT_GE(killed, 2);
}

TEST_F(CrashTest, DuringWipeAfterDeletingTheCameraFile) { OffloadCrash("offload.wiped:1", /*wipe=*/true); }

TEST_F(CrashTest, FsckRepairKilledWhileQuarantining) {
  Prepare(false);
  // Leave an object that nothing describes, then kill fsck --repair as it moves it.
  ASSERT_EQ(CrashAt(args_, "offload.object_placed:1").signal, SIGKILL);
  auto r = CrashAt({"fsck", "--repair"}, "fsck.quarantined:1");
  ASSERT_EQ(r.signal, SIGKILL) << r.Describe();
  checks_->NothingHalfStored();
  checks_->Recovers();
}

// The same leftover quarantined twice: an offload killed again after an
// earlier fsck --repair stores the same bytes (and manifest) again, and the
// next repair finds quarantine/ already holding those names. (Found by the
// long random-kill run: fsck --repair failed with EEXIST, exit 4, forever.)
TEST_F(CrashTest, FsckRepairQuarantinesTheSameLeftoverTwice) {
  Prepare(false);
  auto quarantined = [&] {
    size_t n = 0;
    for (auto& e : rfs::recursive_directory_iterator(vault_ + "/quarantine")) n += e.is_regular_file();
    return n;
  };
  size_t first_round = 0;
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    ASSERT_EQ(CrashAt(args_, "offload.manifest_unsigned:1").signal, SIGKILL);
    auto rep = C({"fsck", "--repair"});
    EXPECT_EQ(rep.exit_code, 0) << rep.Describe();
    checks_->FsckClean();
    if (round == 0) first_round = quarantined();
  }
  // Both rounds' leftovers are kept: quarantine/ is never overwritten.
  EXPECT_GT(first_round, 0u);
  EXPECT_EQ(quarantined(), 2 * first_round);
  checks_->Recovers();
}

TEST_F(CrashTest, ReindexKilledBeforeAndDuringTheSwap) {
  Prepare(false);
  auto first = C(args_);
  ASSERT_EQ(first.exit_code, 0) << first.Describe();
  auto before = checks_->Queries();
  for (const std::string point : {"reindex.built:1", "reindex.moved_aside:1"}) {
    SCOPED_TRACE(point);
    ASSERT_EQ(CrashAt({"reindex"}, point).signal, SIGKILL);
    // A write command (here fsck --repair) finds out and rebuilds if needed.
    auto rep = C({"fsck", "--repair"});
    EXPECT_EQ(rep.exit_code, 0) << rep.Describe();
    EXPECT_EQ(checks_->Queries(), before);
    checks_->FsckClean();
  }
  checks_->Finished();
}

}  // namespace
}  // namespace custodia::testing
