// Our minisign formats checked against the real minisign tool, both ways.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "custodia/minisign.h"
#include "custodia/note.h"
#include "testutil.h"

namespace custodia {
namespace {

using testing::RunProcess;
using testing::TempDir;

class MinisignTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::HaveTool("minisign")) GTEST_SKIP() << "minisign not installed (scripts/setup.sh installs it)";
    auto k = SecretKey::Generate();
    ASSERT_TRUE(k.ok());
    key_ = std::make_unique<SecretKey>(std::move(k).value());
    testing::WriteFile(dir_ / "station.pub", key_->public_key().FileText("custodia test public key"));
  }
  TempDir dir_;
  std::unique_ptr<SecretKey> key_;
};

TEST_F(MinisignTest, StockMinisignVerifiesOurSignatureAndRejectsAnyChange) {
  std::string data = "clip bytes \x01\x02 and more";
  testing::WriteFile(dir_ / "clip.mp4", data);
  auto sig = key_->SignData(data, "custodia clip sha256=abc size=22 station=st1", "signature from custodia");
  ASSERT_TRUE(sig.ok()) << sig.status().message();
  testing::WriteFile(dir_ / "clip.mp4.minisig", sig->FileText());
  auto r = RunProcess({"minisign", "-Vm", dir_ / "clip.mp4", "-p", dir_ / "station.pub"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("custodia clip sha256=abc"), std::string::npos);

  // Our own verifier agrees.
  EXPECT_TRUE(VerifyFile(Env::Default(), key_->public_key(), dir_ / "clip.mp4", dir_ / "clip.mp4.minisig").ok());

  // One flipped byte in the file: both reject.
  testing::FlipByte(dir_ / "clip.mp4", 3);
  r = RunProcess({"minisign", "-Vm", dir_ / "clip.mp4", "-p", dir_ / "station.pub"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_FALSE(VerifyFile(Env::Default(), key_->public_key(), dir_ / "clip.mp4", dir_ / "clip.mp4.minisig").ok());
  testing::FlipByte(dir_ / "clip.mp4", 3);

  // An edited trusted comment: both reject.
  std::string text = sig->FileText();
  size_t pos = text.find("size=22");
  text.replace(pos, 7, "size=23");
  testing::WriteFile(dir_ / "clip.mp4.minisig", text);
  r = RunProcess({"minisign", "-Vm", dir_ / "clip.mp4", "-p", dir_ / "station.pub"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  auto st = VerifyFile(Env::Default(), key_->public_key(), dir_ / "clip.mp4", dir_ / "clip.mp4.minisig");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("trusted comment"), std::string::npos);
}

TEST_F(MinisignTest, StockMinisignSignsWithOurSecretKeyFile) {
  std::string text = key_->FileText("custodia test secret key");
  testing::WriteFile(dir_ / "station.key", text);
  ::chmod((dir_ / "station.key").c_str(), 0600);
  testing::WriteFile(dir_ / "f.txt", "hello");
  auto r = RunProcess({"minisign", "-S", "-s", dir_ / "station.key", "-m", dir_ / "f.txt", "-t", "by minisign"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  auto sig_text = testing::ReadFile(dir_ / "f.txt.minisig");
  auto sig = Signature::Parse(sig_text, "f.txt.minisig");
  ASSERT_TRUE(sig.ok()) << sig.status().message();
  EXPECT_EQ(sig->trusted_comment, "by minisign");
  EXPECT_TRUE(VerifyData(key_->public_key(), *sig, "hello", "f.txt").ok());

  // And our loader reads the key back identically.
  auto loaded = SecretKey::Load(Env::Default(), dir_ / "station.key");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->public_key(), key_->public_key());
}

TEST_F(MinisignTest, WeReadKeysMadeByMinisign) {
  auto r = RunProcess({"minisign", "-G", "-W", "-p", dir_ / "m.pub", "-s", dir_ / "m.key"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  auto sk = SecretKey::Load(Env::Default(), dir_ / "m.key");
  ASSERT_TRUE(sk.ok()) << sk.status().message();
  auto pk = PublicKey::Parse(testing::ReadFile(dir_ / "m.pub"), "m.pub");
  ASSERT_TRUE(pk.ok());
  EXPECT_EQ(sk->public_key(), *pk);
  // KEYID as minisign prints it in the public key's comment.
  EXPECT_NE(testing::ReadFile(dir_ / "m.pub").find(pk->IdString()), std::string::npos);
}

TEST_F(MinisignTest, SecretKeyReadableByOthersIsRefused) {
  testing::WriteFile(dir_ / "station.key", key_->FileText("k"));
  ::chmod((dir_ / "station.key").c_str(), 0644);
  auto k = SecretKey::Load(Env::Default(), dir_ / "station.key");
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.status().ExitCode(), 10);
  EXPECT_NE(k.status().hint().find("chmod 600"), std::string::npos);
}

TEST_F(MinisignTest, MalformedSignaturesGiveClearErrors) {
  EXPECT_FALSE(Signature::Parse("", "x").ok());
  EXPECT_FALSE(Signature::Parse("untrusted comment: a\nnot base64!\ntrusted comment: b\nAAAA\n", "x").ok());
  auto s = Signature::Parse("garbage", "dir/file.minisig");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("dir/file.minisig"), std::string::npos);
}

TEST(SignedNote, RoundTripAndTamper) {
  auto k = SecretKey::Generate();
  ASSERT_TRUE(k.ok());
  std::string text = "custodia/st1\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
  auto note = SignNote(text, "custodia/st1", {&k.value()});
  ASSERT_TRUE(note.ok());
  std::string serialized = note->Serialize();
  auto parsed = SignedNote::Parse(serialized, "checkpoint");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  auto vkey = NoteVerifier::For("custodia/st1", k->public_key());
  auto vparsed = NoteVerifier::Parse(vkey.ToString());
  ASSERT_TRUE(vparsed.ok()) << vparsed.status().message();
  EXPECT_TRUE(VerifyNote(*parsed, *vparsed, "checkpoint").ok());
  std::string tampered = serialized;
  tampered[13] = '6';
  auto p2 = SignedNote::Parse(tampered, "checkpoint");
  ASSERT_TRUE(p2.ok());
  EXPECT_FALSE(VerifyNote(*p2, *vparsed, "checkpoint").ok());
}

}  // namespace
}  // namespace custodia
