// `log verify` against tampering: every problem is reported and names the
// entry. The log has 20 entries and checkpoints at sizes 5, 12 and 20; a copy
// of the size-20 checkpoint is kept "outside the vault".
#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>

#include "custodia/custody_tree.h"
#include "custody_testutil.h"

namespace custodia {
namespace {

using testing::OpenLog;
using testing::ReadFile;
using testing::WriteFile;

class LogVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto k = SecretKey::Generate();
    key_ = std::make_unique<SecretKey>(std::move(k).value());
    verifiers_ = {NoteVerifier::For("custodia/st1", key_->public_key())};
    auto log = OpenLog(paths_, true, true);
    for (uint64_t n : {5, 12, 20}) {
      testing::AppendSamples(*log, n - log->size());
      auto cp = log->WriteCheckpoint("custodia/st1", {key_.get()}, *key_);
      ASSERT_TRUE(cp.ok());
      outside_ = *cp;
    }
  }

  LogVerifyReport VerifyWith(std::vector<std::string> external = {}) {
    auto log = OpenLog(paths_, false);
    EXPECT_TRUE(log);
    if (!log) return {};
    auto report = log->Verify(verifiers_, external, nullptr);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    if (!report.ok()) return {};
    if (std::getenv("CUSTODIA_TEST_DUMP")) std::printf("%s", Dump(*report).c_str());
    return *report;
  }

  // Rewrites offsets and tree from entries.jsonl, as an attacker covering
  // their tracks would (a writable open rebuilds missing derived files).
  void RebuildDerived() {
    ASSERT_EQ(::unlink(paths_.offsets.c_str()), 0);
    ASSERT_EQ(::unlink(paths_.tree.c_str()), 0);
    ASSERT_TRUE(OpenLog(paths_, true));
  }

  std::vector<std::string> Lines() { return testing::SplitLines(ReadFile(paths_.entries)); }
  void SetLines(const std::vector<std::string>& l) { WriteFile(paths_.entries, testing::JoinLines(l)); }

  static std::string Dump(const LogVerifyReport& r) {
    std::string s;
    for (const auto& p : r.problems) {
      s += "  [" + (p.seq ? std::to_string(*p.seq) : std::string("-")) + "] " + p.message + "\n";
    }
    return s;
  }
  // The problem about entry `seq` whose message contains `text`.
  static bool Has(const LogVerifyReport& r, std::optional<uint64_t> seq, const std::string& text) {
    for (const auto& p : r.problems) {
      if (p.seq == seq && p.message.find(text) != std::string::npos) return true;
    }
    return false;
  }

  testing::TempDir dir_;
  LogPaths paths_ = testing::PathsIn(dir_.path());
  std::unique_ptr<SecretKey> key_;
  std::vector<NoteVerifier> verifiers_;
  std::string outside_;
};

TEST_F(LogVerifyTest, IntactLogHasNoProblems) {
  uint64_t last_done = 0, calls = 0, total = 0;
  auto log = OpenLog(paths_, false);
  auto report = log->Verify(verifiers_, {outside_}, [&](uint64_t done, uint64_t t) {
    EXPECT_GE(done, last_done);
    last_done = done;
    total = t;
    ++calls;
  });
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << Dump(*report);
  EXPECT_EQ(report->entries, 20u);
  EXPECT_EQ(report->checkpoints_checked, 5u);  // 3 archived, log/checkpoint, 1 outside
  EXPECT_EQ(report->uncovered, 0u);
  EXPECT_GE(calls, 1u);
  EXPECT_EQ(last_done, ReadFile(paths_.entries).size());
  EXPECT_EQ(total, last_done);
  // A writable log verifies the same.
  auto w = OpenLog(paths_, true);
  EXPECT_TRUE(w->Verify(verifiers_, {outside_}, nullptr)->ok());
}

TEST_F(LogVerifyTest, EditedEntryIsNamed) {
  auto lines = Lines();
  size_t at = lines[7].find("officer-107");
  ASSERT_NE(at, std::string::npos);
  lines[7].replace(at, 11, "officer-666");  // same length: offsets stay right
  SetLines(lines);
  auto r = VerifyWith({outside_});
  EXPECT_TRUE(Has(r, 7, "entry seq 7 does not match the hash")) << Dump(r);
  // Checkpoints 12 and 20 no longer match; 5 still does, so the change is after seq 4.
  EXPECT_TRUE(Has(r, 5, "checkpoints/12 (size 12) does not match entries seq 5..11")) << Dump(r);
  EXPECT_TRUE(Has(r, 5, "external checkpoint #1 (size 20) does not match entries seq 5..19")) << Dump(r);
  EXPECT_FALSE(Has(r, 0, "checkpoints/5 ")) << Dump(r);
  for (const auto& p : r.problems) EXPECT_TRUE(p.seq.has_value()) << p.message;
}

TEST_F(LogVerifyTest, EditedEntryOfAnotherLengthIsNamedToo) {
  auto lines = Lines();
  size_t at = lines[7].find("officer-107");
  lines[7].replace(at, 11, "officer-66666");
  SetLines(lines);
  EXPECT_FALSE(CustodyLog::Open(Env::Default(), paths_, true).ok());
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, 7, "entry seq 7 does not match the hash")) << Dump(r);
  EXPECT_TRUE(Has(r, 8, "wrong start for entries seq 8..19 (12 entries)")) << Dump(r);
  EXPECT_LE(r.problems.size(), 6u) << Dump(r);
}

TEST_F(LogVerifyTest, EditedEntryWithRebuiltTreeIsCaughtByTheCheckpoints) {
  auto lines = Lines();
  lines[9].replace(lines[9].find("officer-109"), 11, "officer-abc");
  SetLines(lines);
  RebuildDerived();
  auto r = VerifyWith({outside_});
  EXPECT_TRUE(Has(r, 5, "checkpoints/12 (size 12) does not match entries seq 5..11")) << Dump(r);
  EXPECT_TRUE(Has(r, 5, "checkpoints/20 (size 20) does not match entries seq 5..19")) << Dump(r);
  EXPECT_TRUE(Has(r, 5, "still matches")) << Dump(r);
}

TEST_F(LogVerifyTest, DeletedEntryIsNamed) {
  auto lines = Lines();
  lines.erase(lines.begin() + 9);
  SetLines(lines);
  auto w = CustodyLog::Open(Env::Default(), paths_, true);
  ASSERT_FALSE(w.ok());
  auto r = VerifyWith({outside_});
  EXPECT_TRUE(Has(r, 9,
                  "lines 10..19 of entries.jsonl hold entries seq 10..19 where entries seq 9..18 (10 entries) belong"))
      << Dump(r);
  EXPECT_TRUE(Has(r, 9, "deleted, inserted or reordered")) << Dump(r);
  EXPECT_TRUE(Has(r, 19, "entry seq 19 is missing")) << Dump(r);
  EXPECT_TRUE(Has(r, 5, "checkpoints/12 (size 12) does not match entries seq 5..11")) << Dump(r);
  // The shifted lines are one problem, not ten.
  EXPECT_LE(r.problems.size(), 8u) << Dump(r);
}

TEST_F(LogVerifyTest, SwappedEntriesAreBothNamed) {
  auto lines = Lines();
  std::swap(lines[3], lines[15]);
  SetLines(lines);
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, 3, "holds entry seq 15 where entry seq 3 belongs")) << Dump(r);
  EXPECT_TRUE(Has(r, 15, "holds entry seq 3 where entry seq 15 belongs")) << Dump(r);
}

TEST_F(LogVerifyTest, SwappedEntriesWithFixedSeqAndRebuiltTree) {
  auto lines = Lines();
  auto a = CustodyEntry::FromLine(lines[3], "t");
  auto b = CustodyEntry::FromLine(lines[4], "t");
  std::swap(a->seq, b->seq);
  lines[3] = *b->ToLine();
  lines[4] = *a->ToLine();
  SetLines(lines);
  RebuildDerived();
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, 0, "checkpoints/5 (size 5) does not match entries seq 0..4")) << Dump(r);
  EXPECT_TRUE(Has(r, 0, "checkpoints/12 (size 12) does not match entries seq 0..11")) << Dump(r);
}

TEST_F(LogVerifyTest, TruncatedLogIsNamed) {
  auto lines = Lines();
  lines.resize(16);
  SetLines(lines);
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, 16, "entries seq 16..19 (4 entries) are missing")) << Dump(r);
  EXPECT_TRUE(Has(r, 16, "checkpoints/20 (size 20) covers entries seq 16..19")) << Dump(r);
  EXPECT_TRUE(Has(r, 16, "truncated or rolled back")) << Dump(r);
}

TEST_F(LogVerifyTest, RolledBackLogAndCheckpointIsCaughtOnlyByAnOutsideCheckpoint) {
  // An insider with the station key rolls everything back to size 12.
  auto lines = Lines();
  lines.resize(12);
  SetLines(lines);
  RebuildDerived();
  ASSERT_EQ(::unlink((paths_.checkpoints_dir + "/20").c_str()), 0);
  std::string cp12 = ReadFile(paths_.checkpoints_dir + "/12");
  WriteFile(paths_.checkpoint, cp12);
  auto sig = key_->SignData(cp12, "custodia checkpoint", "sig");
  WriteFile(paths_.checkpoint_sig, sig->FileText());

  auto alone = VerifyWith();
  EXPECT_TRUE(alone.ok()) << Dump(alone);  // consistent on its own: that is why checkpoints are published

  auto r = VerifyWith({outside_});
  EXPECT_TRUE(Has(r, 12, "external checkpoint #1 (size 20) covers entries seq 12..19")) << Dump(r);
  EXPECT_TRUE(Has(r, 12, "truncated or rolled back")) << Dump(r);

  // ... and then writes a different history on top.
  {
    auto log = OpenLog(paths_, true);
    auto other = testing::SampleEntries(500, 10);
    ASSERT_TRUE(log->Append(other).ok());
    ASSERT_TRUE(log->WriteCheckpoint("custodia/st1", {key_.get()}, *key_).ok());
  }
  r = VerifyWith({outside_});
  EXPECT_TRUE(Has(r, 12, "external checkpoint #1 (size 20) does not match entries seq 12..19")) << Dump(r);
  EXPECT_TRUE(Has(r, 12, "checkpoints/12 (size 12) still matches")) << Dump(r);
}

TEST_F(LogVerifyTest, NonCanonicalLineIsNamed) {
  auto lines = Lines();
  lines[4].insert(lines[4].find("\"seq\":") + 6, " ");
  SetLines(lines);
  RebuildDerived();
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, 4, "entry seq 4 is not in canonical form")) << Dump(r);
}

TEST_F(LogVerifyTest, UnreadableLineIsNamed) {
  auto lines = Lines();
  lines[6] = "{\"action\": garbage";
  SetLines(lines);
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, 6, "entry seq 6 (line 7)")) << Dump(r);
  EXPECT_TRUE(Has(r, 6, "malformed JSON")) << Dump(r);
}

TEST_F(LogVerifyTest, ForgedCheckpointAndUnknownKeys) {
  // A checkpoint whose root was changed after signing.
  std::string cp = ReadFile(paths_.checkpoints_dir + "/12");
  auto parsed = SignedCheckpoint::Parse(cp, "cp");
  Checkpoint forged = parsed->checkpoint;
  forged.root[0] ^= 1;
  cp.replace(0, parsed->note.text.size(), forged.Body());
  WriteFile(paths_.checkpoints_dir + "/12", cp);
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, std::nullopt, "checkpoints/12: the signature by custodia/st1")) << Dump(r);
  EXPECT_TRUE(Has(r, std::nullopt, "altered or forged")) << Dump(r);

  // Nothing is trusted with someone else's key.
  auto other = SecretKey::Generate();
  verifiers_ = {NoteVerifier::For("custodia/st1", other->public_key())};
  r = VerifyWith();
  EXPECT_TRUE(Has(r, std::nullopt, "checkpoints/5: not signed by any trusted key")) << Dump(r);
  EXPECT_TRUE(Has(r, std::nullopt, "checkpoint.minisig does not verify")) << Dump(r);
}

TEST_F(LogVerifyTest, CorruptTreeNodeIsNamed) {
  // The node over leaves 8..15 (level 3, index 1).
  testing::FlipByte(paths_.tree, long(TreeNodePosition(3, 1) * 32 + 4));
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, 8, "holds a wrong hash for the subtree over entries seq 8..15 (8 entries)")) << Dump(r);
  EXPECT_EQ(r.problems.size(), 1u) << Dump(r);
  // A damaged leaf record is named by its entry.
  testing::FlipByte(paths_.tree, long(TreeNodePosition(0, 17) * 32));
  r = VerifyWith();
  EXPECT_TRUE(Has(r, 17, "entry seq 17 does not match the hash")) << Dump(r);
}

TEST_F(LogVerifyTest, LatestCheckpointMustBeArchivedAndSigned) {
  WriteFile(paths_.checkpoint, ReadFile(paths_.checkpoints_dir + "/12"));
  auto r = VerifyWith();
  EXPECT_TRUE(Has(r, std::nullopt, "checkpoint.minisig does not verify")) << Dump(r);
  ASSERT_EQ(::unlink((paths_.checkpoints_dir + "/12").c_str()), 0);
  r = VerifyWith();
  EXPECT_TRUE(Has(r, std::nullopt, "is not archived")) << Dump(r);
}

TEST(LogVerifyLarge, ADeletionInALongLogIsOneProblem) {
  testing::TempDir dir;
  LogPaths paths = testing::PathsIn(dir.path());
  {
    auto log = OpenLog(paths, true, true);
    testing::AppendSamples(*log, 3000);
  }
  auto lines = testing::SplitLines(ReadFile(paths.entries));
  lines.erase(lines.begin() + 1);
  WriteFile(paths.entries, testing::JoinLines(lines));
  auto log = OpenLog(paths, false);
  auto r = log->Verify({}, {}, nullptr);
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->problems.empty());
  EXPECT_EQ(r->problems[0].seq, 1u);
  EXPECT_NE(r->problems[0].message.find("lines 2..2999 of entries.jsonl hold entries seq 2..2999 where entries "
                                        "seq 1..2998 (2998 entries) belong"),
            std::string::npos)
      << r->problems[0].message;
  EXPECT_LE(r->problems.size(), 3u);
}

}  // namespace
}  // namespace custodia
