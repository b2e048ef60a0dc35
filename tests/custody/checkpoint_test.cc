// Checkpoints: C2SP body bytes, strict parsing, the files WriteCheckpoint
// leaves behind, and checkpoint.minisig against the stock minisign tool.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "custody_testutil.h"

namespace custodia {
namespace {

using testing::OpenLog;
using testing::ReadFile;

TEST(CheckpointBody, ExactBytesAndRoundTrip) {
  Checkpoint c;
  c.origin = "custodia/mod-07";
  c.size = 20852163;
  c.root = testing::DigestFromB64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_EQ(c.Body(), "custodia/mod-07\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
  auto back = Checkpoint::ParseBody(c.Body(), "test");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->origin, c.origin);
  EXPECT_EQ(back->size, c.size);
  EXPECT_EQ(back->root, c.root);
  c.size = 0;
  EXPECT_EQ(Checkpoint::ParseBody(c.Body(), "t")->size, 0u);
  EXPECT_EQ(Checkpoint::ParseBody("o\n18446744073709551615\n" + Base64Encode(c.root) + "\n", "t")->size,
            UINT64_MAX);
}

TEST(CheckpointBody, ParsingIsStrict) {
  const std::string root = Base64Encode(Sha256::Of("r"));
  struct Case {
    std::string body, expect;
  } cases[] = {
      {"o\n1\n" + root, "newline"},
      {"o\n1\n", "three lines"},
      {"o\n01\n" + root + "\n", "leading zero"},
      {"o\n+1\n" + root + "\n", "not a decimal"},
      {"o\n18446744073709551616\n" + root + "\n", "too large"},
      {"o\n\n" + root + "\n", "empty"},
      {"\n1\n" + root + "\n", "origin line is empty"},
      {"o\n1\n" + root + "\nextension\n", "extension lines"},
      {"o\n1\n" + root.substr(0, 41) + "\n", "root hash"},
      {"o\n1\n" + Base64Encode(std::string(31, 'x')) + "\n", "not 32"},
      {"o\x01x\n1\n" + root + "\n", "control character"},
  };
  for (const auto& c : cases) {
    auto r = Checkpoint::ParseBody(c.body, "checkpoint.txt");
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_NE(r.status().message().find(c.expect), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("checkpoint.txt"), std::string::npos);
  }
}

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log_ = OpenLog(paths_, true, true);
    ASSERT_TRUE(log_);
    auto k = SecretKey::Generate();
    ASSERT_TRUE(k.ok());
    key_ = std::make_unique<SecretKey>(std::move(k).value());
  }
  testing::TempDir dir_;
  LogPaths paths_ = testing::PathsIn(dir_.path());
  std::unique_ptr<CustodyLog> log_;
  std::unique_ptr<SecretKey> key_;
};

TEST_F(CheckpointTest, WritesArchiveLatestAndMinisig) {
  testing::AppendSamples(*log_, 11);
  auto text = log_->WriteCheckpoint("custodia/st1", {key_.get()}, *key_);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  const std::string body = "custodia/st1\n11\n" + Base64Encode(*log_->Root(11)) + "\n";
  ASSERT_EQ(text->substr(0, body.size() + 1), body + "\n");
  // One signature line: em dash, space, name, space, base64(4-byte key hash || 64-byte signature).
  std::string sig_line = text->substr(body.size() + 1);
  const std::string prefix = "\xE2\x80\x94 custodia/st1 ";
  ASSERT_EQ(sig_line.substr(0, prefix.size()), prefix);
  ASSERT_EQ(sig_line.back(), '\n');
  auto raw = Base64Decode(sig_line.substr(prefix.size(), sig_line.size() - prefix.size() - 1));
  ASSERT_TRUE(raw.ok());
  ASSERT_EQ(raw->size(), 68u);
  auto key_hash = NoteKeyHash("custodia/st1", key_->public_key().key);
  EXPECT_TRUE(std::equal(key_hash.begin(), key_hash.end(), raw->begin()));

  EXPECT_EQ(ReadFile(paths_.checkpoints_dir + "/11"), *text);
  EXPECT_EQ(ReadFile(paths_.checkpoint), *text);
  EXPECT_EQ(*log_->LatestCheckpoint(), *text);
  EXPECT_EQ(*log_->CheckpointAt(11), *text);
  EXPECT_TRUE(
      VerifyFile(Env::Default(), key_->public_key(), paths_.checkpoint, paths_.checkpoint_sig).ok());
  auto sig = Signature::Parse(ReadFile(paths_.checkpoint_sig), "sig");
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->trusted_comment,
            "custodia checkpoint origin=custodia%2Fst1 size=11 root=" + HexOf(*log_->Root(11)));

  auto parsed = SignedCheckpoint::Parse(*text, "checkpoint");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->checkpoint.size, 11u);
  EXPECT_EQ(parsed->checkpoint.root, *log_->Root(11));
  EXPECT_TRUE(VerifyNote(parsed->note, NoteVerifier::For("custodia/st1", key_->public_key()), "cp").ok());
}

TEST_F(CheckpointTest, SameSizeKeepsTheFirstCheckpoint) {
  testing::AppendSamples(*log_, 3);
  auto first = log_->WriteCheckpoint("custodia/st1", {key_.get()}, *key_);
  ASSERT_TRUE(first.ok());
  struct stat before;
  ASSERT_EQ(::stat((paths_.checkpoints_dir + "/3").c_str(), &before), 0);
  auto other = SecretKey::Generate();
  auto second = log_->WriteCheckpoint("custodia/st1", {&*other}, *other);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*second, *first);
  struct stat after;
  ASSERT_EQ(::stat((paths_.checkpoints_dir + "/3").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
  EXPECT_EQ(ReadFile(paths_.checkpoint), *first);
}

TEST_F(CheckpointTest, TwoKeysGiveTwoSignatureLines) {
  testing::AppendSamples(*log_, 2);
  auto second = SecretKey::Generate();
  auto text = log_->WriteCheckpoint("custodia/st1", {key_.get(), &*second}, *key_);
  ASSERT_TRUE(text.ok());
  auto parsed = SignedCheckpoint::Parse(*text, "cp");
  ASSERT_EQ(parsed->note.signatures.size(), 2u);
  EXPECT_TRUE(VerifyNote(parsed->note, NoteVerifier::For("custodia/st1", key_->public_key()), "cp").ok());
  EXPECT_TRUE(VerifyNote(parsed->note, NoteVerifier::For("custodia/st1", second->public_key()), "cp").ok());
}

TEST_F(CheckpointTest, ADifferentArchivedRootAtThisSizeIsRefused) {
  testing::AppendSamples(*log_, 4);
  Checkpoint forged{"custodia/st1", 4, Sha256::Of("another log")};
  auto note = SignNote(forged.Body(), "custodia/st1", {key_.get()});
  testing::WriteFile(paths_.checkpoints_dir + "/4", note->Serialize());
  auto text = log_->WriteCheckpoint("custodia/st1", {key_.get()}, *key_);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), Code::kIntegrity);
  EXPECT_NE(text.status().message().find("different tree head for size 4"), std::string::npos);
  EXPECT_FALSE(Env::Default()->Exists(paths_.checkpoint));
}

TEST_F(CheckpointTest, SizesListingAndLookups) {
  EXPECT_EQ(log_->LatestCheckpoint().status().code(), Code::kNotFound);
  EXPECT_EQ(log_->CheckpointAt(1).status().code(), Code::kNotFound);
  for (uint64_t n : {1, 2, 10}) {
    testing::AppendSamples(*log_, n - log_->size());
    ASSERT_TRUE(log_->WriteCheckpoint("custodia/st1", {key_.get()}, *key_).ok());
  }
  testing::WriteFile(paths_.checkpoints_dir + "/notes.txt", "x");
  testing::WriteFile(paths_.checkpoints_dir + "/007", "x");
  EXPECT_EQ(*log_->CheckpointSizes(), (std::vector<uint64_t>{1, 2, 10}));
  EXPECT_NE(log_->CheckpointAt(2)->find("\n2\n"), std::string::npos);
  EXPECT_EQ(*log_->LatestCheckpoint(), *log_->CheckpointAt(10));
  EXPECT_FALSE(log_->WriteCheckpoint("bad name", {key_.get()}, *key_).ok());
  EXPECT_FALSE(log_->WriteCheckpoint("custodia/st1", {}, *key_).ok());
}

TEST_F(CheckpointTest, StockMinisignVerifiesCheckpointMinisig) {
  if (!testing::HaveTool("minisign")) GTEST_SKIP() << "minisign not installed";
  testing::AppendSamples(*log_, 5);
  ASSERT_TRUE(log_->WriteCheckpoint("custodia/st1", {key_.get()}, *key_).ok());
  testing::WriteFile(dir_ / "station.pub", key_->public_key().FileText("custodia test key"));
  auto r = testing::RunProcess({"minisign", "-Vm", paths_.checkpoint, "-x", paths_.checkpoint_sig, "-p",
                                dir_ / "station.pub"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("custodia checkpoint origin=custodia%2Fst1 size=5"), std::string::npos) << r.out;
  testing::FlipByte(paths_.checkpoint, 20);
  r = testing::RunProcess({"minisign", "-Vm", paths_.checkpoint, "-x", paths_.checkpoint_sig, "-p",
                           dir_ / "station.pub"});
  EXPECT_NE(r.exit_code, 0) << r.Describe();
}

}  // namespace
}  // namespace custodia
