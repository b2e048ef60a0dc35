// Corruption of a vault at rest: each kind is found, named precisely, and
// exits 1 (SPEC §10); the rolled-back index is refused by every write command
// and fixed by reindex.
#include <gmock/gmock.h>

#include "../cli/cli_fixture.h"
#include "reliability_util.h"

namespace custodia::testing {
namespace {

using ::testing::HasSubstr;

class CorruptionTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Init();
    cam_ = Camera::Make(dir_ / "camera");
    auto r = C({"offload", cam_.root, "--device", "CAM-7", "--progress", "none"});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
    ASSERT_EQ(C({"verify", "--all", "--read-data"}).exit_code, 0);
    clip_ = *cam_.media_sha.begin();
  }
  // Runs `args`, expects exit 1 with `what` and the clip id in the output.
  void ExpectCaught(const std::vector<std::string>& args, const std::string& what, bool names_clip = true) {
    auto r = C(args);
    EXPECT_EQ(r.exit_code, 1) << r.Describe();
    EXPECT_THAT(r.out + r.err, HasSubstr(what)) << r.Describe();
    if (names_clip) {
      EXPECT_THAT(r.out + r.err, HasSubstr(clip_.substr(0, 12))) << r.Describe();
    }
  }

  Camera cam_;
  std::string clip_;
};

TEST_F(CorruptionTest, FlippedByteInAnObject) {
  FlipByte(Object(clip_), 1000);
  ExpectCaught({"verify", "--all", "--read-data"}, "content does not match its SHA-256");
  // Without --read-data the size still matches: only reading finds it.
  EXPECT_EQ(C({"verify", "--all"}).exit_code, 0);
}

TEST_F(CorruptionTest, TruncatedObject) {
  rfs::resize_file(Object(clip_), rfs::file_size(Object(clip_)) - 100);
  ExpectCaught({"verify", "--all"}, "truncated or replaced");
  ExpectCaught({"fsck"}, "bytes, expected");
}

TEST_F(CorruptionTest, EditedManifest) {
  std::string text = ReadFile(Manifest(clip_));
  size_t at = text.find("\"OF-");
  if (at == std::string::npos) at = text.find("\"CAM-7\"");
  ASSERT_NE(at, std::string::npos) << text;
  text[at + 1] = 'X';
  ::chmod(Manifest(clip_).c_str(), 0644);
  WriteFile(Manifest(clip_), text);
  ExpectCaught({"verify", clip_}, "manifest signature");
}

TEST_F(CorruptionTest, DeletedClipSignature) {
  rfs::remove(ClipSig(clip_));
  ExpectCaught({"verify", "--all"}, "clip signature missing");
  ExpectCaught({"fsck"}, ".minisig");
}

TEST_F(CorruptionTest, DeletedManifestSignature) {
  rfs::remove(Manifest(clip_) + ".minisig");
  ExpectCaught({"verify", "--all"}, "manifest signature missing");
  ExpectCaught({"fsck"}, ".json.minisig");
}

TEST_F(CorruptionTest, IndexRolledBackToAnOlderCopyIsRefusedUntilReindex) {
  auto before = C({"clips", "--json"}).out;
  rfs::copy(vault_ + "/index", dir_ / "index-copy", rfs::copy_options::recursive);
  Camera more = Camera::Make(dir_ / "camera2", "B");
  ASSERT_EQ(C({"offload", more.root, "--device", "CAM-8", "--progress", "none"}).exit_code, 0);
  auto full = C({"clips", "--json"}).out;
  rfs::remove_all(vault_ + "/index");
  rfs::copy(dir_ / "index-copy", vault_ + "/index", rfs::copy_options::recursive);
  // Every write command refuses the old index, says so, and says what to do.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"offload", more.root, "--progress", "none"}, {"fsck"}}) {
    auto r = C(args);
    EXPECT_EQ(r.exit_code, 1) << r.Describe();
    EXPECT_THAT(r.err + r.out, HasSubstr("index is older than the custody log"));
    EXPECT_THAT(r.err + r.out, HasSubstr("custodia reindex"));
  }
  auto r = C({"reindex"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(C({"clips", "--json"}).out, full);
  EXPECT_EQ(C({"fsck"}).exit_code, 0);
  (void)before;
}

// Changes `from` to `to` (same length) in the n-th line of the custody log.
void EditLogLine(const std::string& vault, size_t n, const std::string& from, const std::string& to) {
  std::string path = vault + "/log/entries.jsonl";
  std::string log = ReadFile(path);
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) start = log.find('\n', start) + 1;
  size_t at = log.find(from, start);
  ASSERT_NE(at, std::string::npos);
  ASSERT_LT(at, log.find('\n', start));
  log.replace(at, from.size(), to);
  WriteFile(path, log);
}

bool HaveLogCommand(const std::string& vault) {
  return RunCustodia(vault, {"log", "--help"}).exit_code == 0;
}

TEST_F(CorruptionTest, EditedLastEntryIsRefusedByEveryWriteCommand) {
  size_t n = LogEntries(vault_).size();
  EditLogLine(vault_, n - 1, "\"actor\":\"tester\"", "\"actor\":\"mallet\"");
  std::string log = ReadFile(vault_ + "/log/entries.jsonl");
  Camera more = Camera::Make(dir_ / "camera2", "B");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"offload", more.root, "--progress", "none"}, {"reindex"}, {"fsck", "--repair"}}) {
    auto w = C(args);
    EXPECT_EQ(w.exit_code, 1) << w.Describe();
    EXPECT_THAT(w.err + w.out, HasSubstr("entries.jsonl"));
    EXPECT_THAT(w.err + w.out, HasSubstr("seq " + std::to_string(n - 1)));
  }
  EXPECT_EQ(ReadFile(vault_ + "/log/entries.jsonl"), log) << "something was written on top of the edited log";
  EXPECT_FALSE(AuditVault(vault_, C({"clips", "--json"}).out).empty());
  if (HaveLogCommand(vault_)) {
    auto v = C({"log", "verify"});
    EXPECT_EQ(v.exit_code, 1) << v.Describe();
    EXPECT_THAT(v.out + v.err, HasSubstr("seq " + std::to_string(n - 1)));
  }
}

// An edit deep in the log: write commands open the log in O(1) (they check
// only the last entry against the tree), so they do not see it; `log verify`
// names it, and later appends never launder it (the tree and every later
// checkpoint keep the original entry's hash).
TEST_F(CorruptionTest, EditedOldEntryIsNamedByLogVerifyAndNeverLaundered) {
  EditLogLine(vault_, 0, "\"actor\":\"tester\"", "\"actor\":\"mallet\"");
  auto audit = AuditVault(vault_, C({"clips", "--json"}).out);
  ASSERT_FALSE(audit.empty()) << "the library's log verify missed the edit";
  EXPECT_THAT(Joined(audit), HasSubstr("seq 0"));
  Camera more = Camera::Make(dir_ / "camera2", "B");
  ASSERT_EQ(C({"offload", more.root, "--progress", "none"}).exit_code, 0);
  audit = AuditVault(vault_, C({"clips", "--json"}).out);
  EXPECT_THAT(Joined(audit), HasSubstr("seq 0")) << "an append hid the edit";
  if (HaveLogCommand(vault_)) {
    auto v = C({"log", "verify"});
    EXPECT_EQ(v.exit_code, 1) << v.Describe();
    EXPECT_THAT(v.out + v.err, HasSubstr("seq 0"));
  }
}

}  // namespace
}  // namespace custodia::testing
