// custodia log verify through the real binary: an intact log passes and is
// recorded; each kind of tampering exits 1 naming the entry; a rollback of
// the whole vault state is caught only against a checkpoint kept outside.
#include <filesystem>

#include "log_fixture.h"

namespace custodia::testing {
namespace {

namespace fs = std::filesystem;

class LogVerifyTest : public LogTest {
 protected:
  void SetUp() override {
    LogTest::SetUp();
    SetUpVault();
    AddClip("mov", "C.MOV");
    Offload();
  }
  RunResult Verify(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"log", "verify", "--progress", "none"};
    args.insert(args.end(), extra.begin(), extra.end());
    return C(args);
  }
  // Expects exit 1 and a PROBLEM line containing `says`.
  void ExpectProblem(const RunResult& r, const std::string& says) {
    EXPECT_EQ(r.exit_code, 1) << r.Describe();
    bool found = false;
    for (size_t at = r.out.find("PROBLEM "); at != std::string::npos; at = r.out.find("PROBLEM ", at + 1)) {
      std::string line = r.out.substr(at, r.out.find('\n', at) - at);
      found = found || line.find(says) != std::string::npos;
    }
    EXPECT_TRUE(found) << "no problem saying \"" << says << "\" in:\n" << r.out;
  }
  void CopyTree(const std::string& from, const std::string& to) {
    fs::remove_all(to);
    fs::copy(from, to, fs::copy_options::recursive);
  }
};

TEST_F(LogVerifyTest, IntactLogPassesAndTheRunIsLogged) {
  size_t before = Lines().size();
  auto r = Verify();
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("custody log: " + std::to_string(before) + " entries"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": intact"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("recorded as custody entry " + std::to_string(before)), std::string::npos) << r.out;
  std::vector<Json> entries = Entries();
  ASSERT_EQ(entries.size(), before + 1);
  const Json& v = entries.back();
  EXPECT_EQ(v["action"], "verify");
  EXPECT_EQ(v["outcome"], "ok");
  EXPECT_EQ(v["details"]["scope"], "log");
  EXPECT_EQ(v["details"]["entries"], before);
  EXPECT_EQ(v["details"]["index_applied_seq"], before);
  EXPECT_TRUE(v["details"]["external_checkpoints"].empty());
  // The new entry is checkpointed: the next run is intact too.
  EXPECT_EQ(CheckpointSize(ReadFile(LogFile("checkpoint"))), before + 1);

  auto j = C({"log", "verify", "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.Describe();
  Json out = JsonOf(j);
  EXPECT_EQ(out["schema"], "custodia.log-verify/1");
  EXPECT_EQ(out["ok"], true);
  EXPECT_EQ(out["entries"], before + 1);
  EXPECT_EQ(out["index_applied_seq"], before + 1);
  EXPECT_EQ(out["logged_seq"], before + 1);
  EXPECT_TRUE(out["problems"].empty());
}

TEST_F(LogVerifyTest, EditedEntryIsNamed) {
  std::vector<std::string> lines = Lines();
  size_t at = lines[3].find("\"tester\"");
  ASSERT_NE(at, std::string::npos);
  lines[3].replace(at, 8, "\"hacker\"");  // same length: only the hashes tell
  WriteLines(lines);
  const std::string edited = ReadFile(LogFile("entries.jsonl"));
  const std::string tree = ReadFile(LogFile("tree")), checkpoint = ReadFile(LogFile("checkpoint"));
  auto r = Verify();
  ExpectProblem(r, "entry seq 3 does not match the hash");
  // Nothing is written on top of a log with problems: the evidence stays as found.
  EXPECT_NE(r.err.find("not recorded in the custody log: problems were found"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(LogFile("entries.jsonl")), edited);
  EXPECT_EQ(ReadFile(LogFile("tree")), tree);
  EXPECT_EQ(ReadFile(LogFile("checkpoint")), checkpoint);
  // Every later run still sees it; JSON says why it was not recorded.
  auto j = C({"log", "verify", "--json"});
  EXPECT_EQ(j.exit_code, 1) << j.Describe();
  Json out = JsonOf(j);
  EXPECT_EQ(out["ok"], false);
  bool names_3 = false;
  for (const auto& p : out["problems"]) names_3 = names_3 || (p["seq"] == 3 && p["problem"].get<std::string>().find(
                                                                                  "entry seq 3") != std::string::npos);
  EXPECT_TRUE(names_3) << out.dump(2);
  EXPECT_TRUE(out["logged_seq"].is_null());
  EXPECT_NE(out["not_logged"].get<std::string>().find("problems were found"), std::string::npos);
}

TEST_F(LogVerifyTest, DeletedEntryIsNamed) {
  std::vector<std::string> lines = Lines();
  lines.erase(lines.begin() + 2);
  WriteLines(lines);
  auto r = Verify();
  const size_t last = lines.size();  // the last seq before the deletion
  ExpectProblem(r, "lines 3.." + std::to_string(last) + " of entries.jsonl hold entries seq 3.." +
                       std::to_string(last) + " where entries seq 2.." + std::to_string(last - 1));
  ExpectProblem(r, "entry seq " + std::to_string(last) + " is missing");
  // A damaged log takes no new entry; the verdict still stands.
  EXPECT_NE(r.err.find("not recorded in the custody log"), std::string::npos) << r.err;
  EXPECT_EQ(Lines(), lines);
}

TEST_F(LogVerifyTest, SwappedEntriesAreNamed) {
  std::vector<std::string> lines = Lines();
  std::swap(lines[1], lines[2]);
  WriteLines(lines);
  auto r = Verify();
  ExpectProblem(r, "line 2 of entries.jsonl holds entry seq 2 where entry seq 1 belongs");
  ExpectProblem(r, "line 3 of entries.jsonl holds entry seq 1 where entry seq 2 belongs");
}

TEST_F(LogVerifyTest, TruncatedLogIsNamed) {
  std::vector<std::string> lines = Lines();
  const size_t n = lines.size();
  lines.resize(n - 2);
  WriteLines(lines);
  auto r = Verify();
  ExpectProblem(r, "entries seq " + std::to_string(n - 2) + ".." + std::to_string(n - 1) + " (2 entries) are missing");
  // The index had applied them all: it says so too.
  ExpectProblem(r, "the index has applied " + std::to_string(n) + " custody entries but entries.jsonl has only " +
                       std::to_string(n - 2));
}

TEST_F(LogVerifyTest, LogRolledBackAloneIsCaughtByTheIndex) {
  CopyTree(vault_ + "/log", dir_ / "old-log");
  size_t old_size = Lines().size();
  AddClip("mp4_notime", "D.MP4");
  Offload();
  size_t new_size = Lines().size();
  CopyTree(dir_ / "old-log", vault_ + "/log");  // entries, tree, offsets and checkpoints all older
  auto r = Verify();
  ExpectProblem(r, "the index has applied " + std::to_string(new_size) +
                       " custody entries but entries.jsonl has only " + std::to_string(old_size));
}

TEST_F(LogVerifyTest, IndexRolledBackIsAProblem) {
  CopyTree(vault_ + "/index", dir_ / "old-index");
  size_t old_size = Lines().size();
  AddClip("mp4_notime", "D.MP4");
  Offload();
  CopyTree(dir_ / "old-index", vault_ + "/index");
  size_t size = Lines().size();
  auto r = Verify();
  ExpectProblem(r, "the index has applied only " + std::to_string(old_size) + " entries, but checkpoint " +
                       std::to_string(size) + " was written after the index held them");
  // Nothing is appended on top of an index that would have to replay a log it already should hold.
  EXPECT_NE(r.err.find("not recorded"), std::string::npos) << r.err;
  EXPECT_EQ(Lines().size(), size);
}

TEST_F(LogVerifyTest, RollbackOfLogAndIndexIsCaughtOnlyByAPublishedCheckpoint) {
  // An older copy of the whole state (log, checkpoints and index).
  CopyTree(vault_ + "/log", dir_ / "old-log");
  CopyTree(vault_ + "/index", dir_ / "old-index");
  size_t old_size = Lines().size();
  AddClip("mp4_notime", "D.MP4");
  Offload();
  // The station publishes its checkpoint (printed, mailed...).
  auto published = C({"log", "checkpoint"});
  ASSERT_EQ(published.exit_code, 0) << published.Describe();
  const std::string pub = dir_ / "published.checkpoint";
  WriteFile(pub, published.out);
  ASSERT_GT(CheckpointSize(published.out), old_size);
  ASSERT_EQ(Verify({"--checkpoint", pub}).exit_code, 0);  // while intact, the published copy agrees

  // Roll everything back to the older copy.
  CopyTree(dir_ / "old-log", vault_ + "/log");
  CopyTree(dir_ / "old-index", vault_ + "/index");
  ASSERT_EQ(Lines().size(), old_size);
  // Consistent in itself: nothing inside the vault can tell.
  auto alone = Verify();
  EXPECT_EQ(alone.exit_code, 0) << alone.Describe();
  // The published checkpoint can.
  auto r = Verify({"--checkpoint", pub});
  ExpectProblem(r, "external checkpoint #1 (" + pub + ") (size " + std::to_string(CheckpointSize(published.out)) +
                       ") covers entries seq");
  auto j = C({"log", "verify", "--checkpoint", pub, "--json"});
  EXPECT_EQ(j.exit_code, 1) << j.Describe();
  EXPECT_EQ(JsonOf(j)["ok"], false);
  // An unreadable --checkpoint file is a usage error.
  auto missing = Verify({"--checkpoint", dir_ / "nope"});
  EXPECT_EQ(missing.exit_code, 2) << missing.Describe();
  EXPECT_NE(missing.err.find("nope"), std::string::npos);
}

TEST_F(LogVerifyTest, ForgedCheckpointIsNamed) {
  // A checkpoint signed by a key the station never had.
  auto other = RunCustodia(dir_ / "other", {"init", "--station", "st-test"});
  ASSERT_EQ(other.exit_code, 0) << other.Describe();
  const std::string foreign = dir_ / "foreign.checkpoint";
  WriteFile(foreign, ReadFile(dir_ / "other/log/checkpoint"));
  auto r = Verify({"--checkpoint", foreign});
  ExpectProblem(r, "external checkpoint #1 (" + foreign + "): not signed by any trusted key");
}

}  // namespace
}  // namespace custodia::testing
