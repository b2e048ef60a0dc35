// Crash points in `import attentions`, `link` and `link auto` (CI): after the
// kill the vault holds every record and link once or not at all, fsck is
// clean, and re-running the command gives the queries of an uninterrupted run
// (built beside it in a second vault from the same clips and file).
#include <gmock/gmock.h>

#include "../cli/cli_fixture.h"
#include "reliability_util.h"

namespace custodia::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

class RecordsCrashTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    cam_ = Camera::Make(dir_ / "camera");
    csv_ = dir_ / "attentions.csv";
    WriteFile(csv_, kAttentionsCsv);
    // The uninterrupted run, in its own vault.
    ref_ = dir_ / "reference";
    ASSERT_EQ(RunIn(ref_, {"init", "--station", "st-test"}).exit_code, 0);
    ASSERT_EQ(RunIn(ref_, OffloadArgs(cam_.root, false)).exit_code, 0);
    auto imp = RunIn(ref_, {"import", "attentions", csv_, "--progress", "none"});
    ASSERT_EQ(imp.exit_code, 0) << imp.Describe();
    expected_ = QueriesOf(ref_);
    ASSERT_THAT(expected_["links"], HasSubstr("A-1")) << "the fixture must make automatic links";
    // The vault under test: the same clips, no attentions yet.
    Init();
    ASSERT_EQ(C(OffloadArgs(cam_.root, false)).exit_code, 0);
  }
  RunResult RunIn(const std::string& vault, const std::vector<std::string>& args, RunOptions o = {}) {
    o.env["CUSTODIA_ACTOR"] = "tester";
    return RunCustodia(vault, args, o);
  }
  // What must match the uninterrupted run: attentions (with their clip
  // counts), the report, and each attention's linked clips.
  std::map<std::string, std::string> QueriesOf(const std::string& vault) {
    std::map<std::string, std::string> q;
    q["attentions"] = RunIn(vault, {"attentions", "--json"}).out;
    q["report"] = RunIn(vault, {"report", "--json"}).out;
    for (const std::string id : {"A-1", "A-2", "A-3"}) {
      auto ids = ClipIds(RunIn(vault, {"clips", "--attention", id, "--json"}).out);
      q["links"] += id + ":";
      for (const auto& c : ids) q["links"] += " " + c.substr(0, 12);
      q["links"] += "\n";
    }
    return q;
  }
  RunResult CrashAt(const std::vector<std::string>& args, const std::string& point) {
    RunOptions o;
    o.env["CUSTODIA_CRASH_AT"] = point;
    return C(args, o);
  }
  int Count(const std::string& action) {
    int n = 0;
    for (const auto& e : LogEntries(vault_)) n += e.value("action", "") == action;
    return n;
  }
  // Whatever the crash left: nothing half-done, fsck clean after --repair.
  void ExpectConsistent() {
    auto clips = C({"clips", "--json"});
    EXPECT_THAT(AuditVault(vault_, clips.out, /*strict_log=*/false), IsEmpty());
    auto rep = C({"fsck", "--repair"});
    EXPECT_EQ(rep.exit_code, 0) << rep.Describe();
    auto f = C({"fsck"});
    EXPECT_EQ(f.exit_code, 0) << f.Describe();
    EXPECT_THAT(AuditVault(vault_, C({"clips", "--json"}).out), IsEmpty());
  }
  void ExpectLikeTheReference() {
    EXPECT_EQ(QueriesOf(vault_), expected_);
    EXPECT_LE(Count("import"), 1) << "the file was imported twice";
    auto before = QueriesOf(vault_);
    EXPECT_EQ(C({"reindex"}).exit_code, 0);
    EXPECT_EQ(QueriesOf(vault_), before);
  }
  std::vector<std::string> Import() { return {"import", "attentions", csv_, "--progress", "none"}; }

  Camera cam_;
  std::string csv_, ref_;
  std::map<std::string, std::string> expected_;
};

TEST_F(RecordsCrashTest, ImportTornMidLogLineThenRerunFinishes) {
  ASSERT_EQ(CrashAt(Import(), "log.torn_write:1").signal, SIGKILL);
  ExpectConsistent();
  EXPECT_EQ(C(Import()).exit_code, 0);
  ExpectLikeTheReference();
}

// After the import's own commit, before its auto-link commit: every record
// is there once; re-running the import finishes the auto-link.
TEST_F(RecordsCrashTest, ImportKilledAfterItsCommitHoldsEveryRecordOnce) {
  for (const std::string point : {"commit.log_appended:1", "commit.index_written:1", "commit.checkpoint_written:1"}) {
    SCOPED_TRACE(point);
    ASSERT_EQ(CrashAt(Import(), point).signal, SIGKILL);
    ExpectConsistent();
    EXPECT_EQ(C(Import()).exit_code, 0);
    EXPECT_EQ(Count("import"), 1);
    EXPECT_EQ(C({"link", "auto"}).exit_code, 0);
    ExpectLikeTheReference();
    // Start the next point from a vault without attentions.
    rfs::remove_all(vault_);
    Init();
    ASSERT_EQ(C(OffloadArgs(cam_.root, false)).exit_code, 0);
  }
}

// A kill between the import commit and the auto-link commit leaves the new
// attentions unlinked; re-running the same import (nothing new to import)
// links them.
TEST_F(RecordsCrashTest, ImportKilledBeforeItsAutoLinkIsFinishedByTheRerun) {
  ASSERT_EQ(CrashAt(Import(), "commit.checkpoint_written:1").signal, SIGKILL);
  ExpectConsistent();
  EXPECT_EQ(C(Import()).exit_code, 0);
  ExpectLikeTheReference();
}

TEST_F(RecordsCrashTest, LinkAutoKilledAtEachCommitPointThenRerunFinishes) {
  ASSERT_EQ(C({"import", "attentions", csv_, "--no-link", "--progress", "none"}).exit_code, 0);
  for (const std::string point : {"log.torn_write:1", "commit.log_appended:1", "commit.index_written:1"}) {
    SCOPED_TRACE(point);
    ASSERT_EQ(CrashAt({"link", "auto"}, point).signal, SIGKILL);
    ExpectConsistent();
    EXPECT_EQ(C({"link", "auto"}).exit_code, 0);
    EXPECT_EQ(QueriesOf(vault_), expected_);
    // Undo for the next point: unlink leaves manual-unlink marks, so start over.
    rfs::remove_all(vault_);
    Init();
    ASSERT_EQ(C(OffloadArgs(cam_.root, false)).exit_code, 0);
    ASSERT_EQ(C({"import", "attentions", csv_, "--no-link", "--progress", "none"}).exit_code, 0);
  }
}

TEST_F(RecordsCrashTest, ManualLinkKilledAtEachCommitPointIsLoggedOnce) {
  ASSERT_EQ(C(Import()).exit_code, 0);
  std::string clip = *cam_.media_sha.begin();
  for (const std::string point : {"log.torn_write:1", "commit.log_appended:1", "commit.checkpoint_written:1"}) {
    SCOPED_TRACE(point);
    int links_before = Count("link");
    ASSERT_EQ(CrashAt({"link", clip, "A-3", "--reason", "seen on video"}, point).signal, SIGKILL);
    ExpectConsistent();
    auto again = C({"link", clip, "A-3", "--reason", "seen on video"});
    EXPECT_EQ(again.exit_code, 0) << again.Describe();
    EXPECT_EQ(Count("link"), links_before + 1) << "the manual link must be logged exactly once";
    EXPECT_THAT(C({"clips", "--attention", "A-3", "--json"}).out, HasSubstr(clip));
    ASSERT_EQ(C({"unlink", clip, "A-3", "--reason", "test reset"}).exit_code, 0);
  }
}

}  // namespace
}  // namespace custodia::testing
