// custodia keys rotate: old signatures keep verifying with keys/<OLD>.pub
// (stock minisign), the old key vouches for the new one, the first
// checkpoint after the rotation is signed by both, and a crash at any step
// leaves a usable vault that the next `keys rotate` completes.
#include <sys/stat.h>

#include <csignal>
#include <filesystem>

#include "custodia/note.h"
#include "log_fixture.h"

namespace custodia::testing {
namespace {

class KeyRotationTest : public LogTest {
 protected:
  std::string Keys(const std::string& name) { return vault_ + "/keys/" + name; }
  std::string KeyId() { return JsonOf(C({"keys", "show", "--json"}))["key_id"]; }
  Json Rotate(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"keys", "rotate", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = C(args);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    return JsonOf(r);
  }
  RunResult Minisign(const std::string& file, const std::string& sig, const std::string& pub) {
    return RunProcess({"minisign", "-Vm", file, "-x", sig, "-p", pub});
  }
  std::vector<Json> KeyEntries() {
    std::vector<Json> out;
    for (const auto& e : Entries()) {
      if (e["action"] == "key") out.push_back(e);
    }
    return out;
  }
  static size_t SignatureLines(const std::string& note) {
    size_t n = 0;
    for (size_t at = note.find("\xE2\x80\x94 "); at != std::string::npos; at = note.find("\xE2\x80\x94 ", at + 1)) ++n;
    return n;
  }
  // Everything a rotated vault must still pass.
  void ExpectVaultVerifies() {
    auto all = C({"verify", "--all", "--read-data", "--progress", "none"});
    EXPECT_EQ(all.exit_code, 0) << all.Describe();
    auto log = C({"log", "verify", "--progress", "none"});
    EXPECT_EQ(log.exit_code, 0) << log.Describe();
    EXPECT_FALSE(std::filesystem::exists(vault_ + "/keys.next"));
  }
};

TEST_F(KeyRotationTest, RotateKeepsOldSignaturesVerifiableAndSignsCheckpointWithBoth) {
  if (!HaveTool("minisign")) GTEST_SKIP() << "minisign not installed";
  Init();
  AddClip("mp4", "A.MP4");
  Offload();
  const std::string old_id = KeyId();
  const std::string old_clip = IngestedClips()[0];
  const std::string old_pub_text = ReadFile(Keys("station.pub"));
  ASSERT_EQ(ReadFile(Keys(old_id + ".pub")), old_pub_text);  // kept since init

  Json r = Rotate({"--reason", "yearly rotation"});
  const std::string new_id = r["new_key_id"];
  EXPECT_EQ(r["old_key_id"], old_id);
  EXPECT_NE(new_id, old_id);
  EXPECT_EQ(r["resumed"], false);
  EXPECT_EQ(KeyId(), new_id);
  EXPECT_EQ(ReadFile(Keys(old_id + ".pub")), old_pub_text);
  EXPECT_EQ(ReadFile(Keys(new_id + ".pub")), ReadFile(Keys("station.pub")));
  struct stat sk {};
  ASSERT_EQ(::stat(Keys("station.key").c_str(), &sk), 0);
  EXPECT_EQ(sk.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(vault_ + "/keys.next"));

  // The statement: the new public key signed by the old key, checkable by anyone holding the old key.
  const std::string statement = Keys(new_id + ".pub.minisig");
  EXPECT_EQ(r["statement"], statement);
  auto st = Minisign(Keys(new_id + ".pub"), statement, Keys(old_id + ".pub"));
  EXPECT_EQ(st.exit_code, 0) << st.Describe();
  EXPECT_NE(st.out.find("old=" + old_id + " new=" + new_id), std::string::npos) << st.out;
  EXPECT_NE(Minisign(Keys(new_id + ".pub"), statement, Keys("station.pub")).exit_code, 0);

  // The `key` entry and the first checkpoint after it.
  std::vector<Json> keys = KeyEntries();
  ASSERT_EQ(keys.size(), 1u);
  const Json& k = keys[0];
  EXPECT_EQ(k["seq"], r["seq"]);
  EXPECT_EQ(k["reason"], "yearly rotation");
  EXPECT_EQ(k["details"]["old_key_id"], old_id);
  EXPECT_EQ(k["details"]["new_key_id"], new_id);
  EXPECT_EQ(k["details"]["statement_sha256"], r["statement_sha256"]);
  EXPECT_EQ(k["details"]["statement_sha256"], HexOf(Sha256::Of(ReadFile(statement))));
  const uint64_t cp_size = r["checkpoint_size"];
  EXPECT_EQ(cp_size, k["seq"].get<uint64_t>() + 1);
  const std::string first = ReadFile(LogFile("checkpoints/" + std::to_string(cp_size)));
  EXPECT_EQ(SignatureLines(first), 2u) << first;
  Json shown = JsonOf(C({"keys", "show", "--json"}));
  ASSERT_EQ(shown["note_verifier_keys"].size(), 2u);
  EXPECT_EQ(shown["note_verifier_keys"][0], shown["note_verifier_key"]);
  EXPECT_EQ(shown["previous_keys"][0]["key_id"], old_id);
  EXPECT_EQ(shown["previous_keys"][0]["note_verifier_key"], shown["note_verifier_keys"][1]);
  EXPECT_EQ(shown["rotation_statement"], statement);
  auto note = SignedNote::Parse(first, "checkpoint");
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  for (const auto& vkey : shown["note_verifier_keys"]) {
    auto v = NoteVerifier::Parse(vkey.get<std::string>());
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(VerifyNote(*note, *v, "checkpoint").ok()) << vkey;
  }
  EXPECT_EQ(C({"keys", "show", "--note"}).out, shown["note_verifier_key"].get<std::string>() + "\n");
  // log/checkpoint.minisig is the current station key's.
  auto cps = Minisign(LogFile("checkpoint"), LogFile("checkpoint.minisig"), Keys("station.pub"));
  EXPECT_EQ(cps.exit_code, 0) << cps.Describe();

  // Later clips are signed by the new key; the old clip still by the old one.
  AddClip("mkv", "B.mkv");
  Offload();
  const std::string new_clip = IngestedClips()[1];
  EXPECT_EQ(Minisign(Object(old_clip), ClipSig(old_clip), Keys(old_id + ".pub")).exit_code, 0);
  EXPECT_NE(Minisign(Object(old_clip), ClipSig(old_clip), Keys("station.pub")).exit_code, 0);
  auto nc = Minisign(Object(new_clip), ClipSig(new_clip), Keys("station.pub"));
  EXPECT_EQ(nc.exit_code, 0) << nc.Describe();
  EXPECT_EQ(Minisign(Manifest(old_clip), Manifest(old_clip) + ".minisig", Keys(old_id + ".pub")).exit_code, 0);
  EXPECT_EQ(SignatureLines(ReadFile(LogFile("checkpoint"))), 1u);  // later checkpoints: the new key alone
  ExpectVaultVerifies();
  // And the human summary says what happened.
  auto table = C({"log", "show", "--limit", "50"});
  EXPECT_NE(table.out.find("station key " + old_id + " -> " + new_id), std::string::npos) << table.out;
}

TEST_F(KeyRotationTest, TwoRotationsKeepEveryKey) {
  Init();
  const std::string k1 = KeyId();
  const std::string k2 = Rotate()["new_key_id"];
  const std::string k3 = Rotate()["new_key_id"];
  EXPECT_EQ(KeyId(), k3);
  Json shown = JsonOf(C({"keys", "show", "--json"}));
  EXPECT_EQ(shown["note_verifier_keys"].size(), 3u);
  auto text = C({"keys", "show"});
  EXPECT_NE(text.out.find("previous    " + k1), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("previous    " + k2), std::string::npos) << text.out;
  ASSERT_EQ(KeyEntries().size(), 2u);
  EXPECT_EQ(KeyEntries()[1]["details"]["old_key_id"], k2);
  ExpectVaultVerifies();
}

// kill -9 at each step of a rotation: the vault stays usable with a matching
// key pair and every public key, and the next `keys rotate` completes it.
class KeyRotationCrashTest : public KeyRotationTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(KeyRotationCrashTest, NextRotateCompletesTheInterruptedOne) {
  const std::string point = GetParam();
  Init();
  AddClip("mp4", "A.MP4");
  Offload();
  const std::string old_id = KeyId();
  RunOptions crash;
  crash.env["CUSTODIA_CRASH_AT"] = point;
  auto killed = C({"keys", "rotate"}, crash);
  ASSERT_EQ(killed.signal, SIGKILL) << killed.Describe();
  ASSERT_TRUE(std::filesystem::exists(vault_ + "/keys.next"));

  // Usable at once: `log verify` needs the secret key to record itself, and
  // it loads only if station.key and station.pub agree.
  auto v = C({"log", "verify", "--progress", "none"});
  EXPECT_EQ(v.exit_code, 0) << v.Describe();
  EXPECT_EQ(v.err.find("not recorded"), std::string::npos) << v.err;
  EXPECT_TRUE(std::filesystem::exists(Keys(old_id + ".pub")));
  auto shown = C({"keys", "show"});
  EXPECT_NE(shown.err.find("interrupted"), std::string::npos) << shown.err;

  Json r = Rotate();
  EXPECT_EQ(r["old_key_id"], old_id);
  std::vector<Json> keys = KeyEntries();
  ASSERT_EQ(keys.size(), 1u);  // one rotation, logged once
  EXPECT_EQ(keys[0]["details"]["new_key_id"], r["new_key_id"]);
  EXPECT_EQ(keys[0]["seq"], r["seq"]);
  if (point == "keys.rotate.staged") {
    EXPECT_EQ(r["resumed"], false);  // the staged key was never used: discarded, a new rotation made
  } else {
    EXPECT_EQ(r["resumed"], true);  // keys/ was exchanged: that rotation is finished, no other made
    EXPECT_EQ(KeyId(), r["new_key_id"]);
  }
  if (point == "keys.rotate.exchanged") {
    EXPECT_EQ(keys[0]["details"]["resumed"], true);
    EXPECT_EQ(SignatureLines(ReadFile(LogFile("checkpoints/" + std::to_string(r["checkpoint_size"].get<uint64_t>())))),
              2u);
  }
  AddClip("mkv", "B.mkv");
  Offload();
  ExpectVaultVerifies();
}

INSTANTIATE_TEST_SUITE_P(Points, KeyRotationCrashTest,
                         ::testing::Values("keys.rotate.staged", "keys.rotate.exchanged", "keys.rotate.logged"));

}  // namespace
}  // namespace custodia::testing
