// An independent checker, written from the specifications (C2SP signed-note
// and tlog-checkpoint, RFC 9162 §2.1.3.2 and §2.1.4.2) with libsodium and
// OpenSSL only: it uses none of custodia's note, custody or encoding code.
// It verifies what the library produces: checkpoints, verifier keys,
// inclusion and consistency proofs, and the root over entries.jsonl.
#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "custody_testutil.h"

namespace independent {

using Hash = std::array<unsigned char, 32>;

Hash Sha256(const std::string& data) {
  Hash h{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), h.data(), &len, EVP_sha256(), nullptr);
  return h;
}

std::string Str(const unsigned char* p, size_t n) { return std::string(reinterpret_cast<const char*>(p), n); }

Hash Leaf(const std::string& line) { return Sha256(std::string(1, '\x00') + line); }
Hash Node(const Hash& l, const Hash& r) {
  return Sha256(std::string(1, '\x01') + Str(l.data(), 32) + Str(r.data(), 32));
}

std::optional<std::string> FromBase64(const std::string& b64) {
  std::string out(b64.size(), '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(), b64.size(), nullptr,
                        &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != b64.data() + b64.size()) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::string ToBase64(const std::string& bin) {
  std::string out(sodium_base64_ENCODED_LEN(bin.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bin.data()), bin.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

struct Key {
  std::string name;
  std::string id;  // 4 bytes
  std::string pk;  // 32 bytes
};

// key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]
Key MakeKey(const std::string& name, const std::string& pk) {
  Hash h = Sha256(name + "\n" + std::string(1, '\x01') + pk);
  return {name, Str(h.data(), 4), pk};
}

std::string VkeyString(const Key& k) {
  char hex[9];
  for (int i = 0; i < 4; ++i) std::snprintf(hex + 2 * i, 3, "%02x", static_cast<unsigned char>(k.id[size_t(i)]));
  return k.name + "+" + hex + "+" + ToBase64(std::string(1, '\x01') + k.pk);
}

// Returns the note text if `k` signed it. Signature lines: U+2014, space,
// name, space, base64(key ID || signature), newline; the text is everything
// before the last blank line, final newline included.
std::optional<std::string> OpenNote(const std::string& note, const Key& k) {
  for (unsigned char c : note) {
    if (c < 0x20 && c != '\n') return std::nullopt;
  }
  size_t split = note.rfind("\n\n");
  if (split == std::string::npos) return std::nullopt;
  std::string text = note.substr(0, split + 1);
  std::string sigs = note.substr(split + 2);
  const std::string dash = "\xE2\x80\x94 ";
  bool ok = false;
  size_t pos = 0;
  while (pos < sigs.size()) {
    size_t nl = sigs.find('\n', pos);
    if (nl == std::string::npos) return std::nullopt;
    std::string line = sigs.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.compare(0, dash.size(), dash) != 0) return std::nullopt;
    line = line.substr(dash.size());
    size_t sp = line.find(' ');
    if (sp == std::string::npos) return std::nullopt;
    auto raw = FromBase64(line.substr(sp + 1));
    if (!raw || raw->size() < 4) return std::nullopt;
    if (line.substr(0, sp) != k.name || raw->substr(0, 4) != k.id) continue;
    if (raw->size() != 4 + crypto_sign_BYTES) return std::nullopt;
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(raw->data() + 4),
                                    reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                    reinterpret_cast<const unsigned char*>(k.pk.data())) != 0) {
      return std::nullopt;  // a known key that fails: reject the note
    }
    ok = true;
  }
  if (!ok) return std::nullopt;
  return text;
}

struct TreeHead {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
};

std::optional<TreeHead> ParseCheckpoint(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) return std::nullopt;
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  if (lines.size() != 3 || lines[0].empty() || lines[1].empty()) return std::nullopt;
  if (lines[1].size() > 1 && lines[1][0] == '0') return std::nullopt;
  TreeHead h;
  h.origin = lines[0];
  for (char c : lines[1]) {
    if (c < '0' || c > '9') return std::nullopt;
    h.size = h.size * 10 + uint64_t(c - '0');
  }
  auto root = FromBase64(lines[2]);
  if (!root || root->size() != 32) return std::nullopt;
  std::copy(root->begin(), root->end(), h.root.begin());
  return h;
}

// RFC 9162 §2.1.3.2, step by step.
bool VerifyInclusion(uint64_t leaf_index, uint64_t tree_size, Hash hash, const std::vector<Hash>& path,
                     const Hash& root) {
  if (leaf_index >= tree_size) return false;
  uint64_t fn = leaf_index, sn = tree_size - 1;
  Hash r = hash;
  for (const Hash& p : path) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = Node(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = Node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

// RFC 9162 §2.1.4.2, step by step.
bool VerifyConsistency(uint64_t first, uint64_t second, const Hash& first_hash, const Hash& second_hash,
                       std::vector<Hash> path) {
  if (first == second) return path.empty() && first_hash == second_hash;
  if (first == 0 || first > second || path.empty()) return false;
  if ((first & (first - 1)) == 0) path.insert(path.begin(), first_hash);
  uint64_t fn = first - 1, sn = second - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = Node(c, fr);
      sr = Node(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = Node(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == first_hash && sr == second_hash && sn == 0;
}

// MTH by a stack of perfect subtrees (a different route than RFC 6962's
// recursion that custodia's tests use).
Hash Root(const std::vector<Hash>& leaves) {
  if (leaves.empty()) return Sha256("");
  std::vector<std::pair<int, Hash>> stack;
  for (const Hash& l : leaves) {
    std::pair<int, Hash> cur{0, l};
    while (!stack.empty() && stack.back().first == cur.first) {
      cur = {cur.first + 1, Node(stack.back().second, cur.second)};
      stack.pop_back();
    }
    stack.push_back(cur);
  }
  Hash acc = stack.back().second;
  for (size_t i = stack.size() - 1; i-- > 0;) acc = Node(stack[i].second, acc);
  return acc;
}

}  // namespace independent

namespace custodia {
namespace {

independent::Hash H(const Sha256Digest& d) {
  independent::Hash h;
  std::copy(d.begin(), d.end(), h.begin());
  return h;
}
std::vector<independent::Hash> Hs(const std::vector<Sha256Digest>& v) {
  std::vector<independent::Hash> out;
  for (const auto& d : v) out.push_back(H(d));
  return out;
}

class IndependentChecker : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    station_ = std::make_unique<SecretKey>(SecretKey::Generate().value());
    next_ = std::make_unique<SecretKey>(SecretKey::Generate().value());
    log_ = testing::OpenLog(paths_, true, true);
    testing::AppendSamples(*log_, 13, 5);
    cp13_ = *log_->WriteCheckpoint("custodia/st1", {station_.get()}, *station_);
    testing::AppendSamples(*log_, 24, 7);
    cp37_ = *log_->WriteCheckpoint("custodia/st1", {station_.get(), next_.get()}, *station_);
  }
  independent::Key KeyOf(const SecretKey& k) {
    const auto& pk = k.public_key().key;
    return independent::MakeKey("custodia/st1", independent::Str(pk.data(), pk.size()));
  }

  testing::TempDir dir_;
  LogPaths paths_ = testing::PathsIn(dir_.path());
  std::unique_ptr<SecretKey> station_, next_;
  std::unique_ptr<CustodyLog> log_;
  std::string cp13_, cp37_;
};

TEST_F(IndependentChecker, VerifierKeysAgree) {
  for (const SecretKey* k : {station_.get(), next_.get()}) {
    EXPECT_EQ(NoteVerifier::For("custodia/st1", k->public_key()).ToString(), independent::VkeyString(KeyOf(*k)));
  }
}

TEST_F(IndependentChecker, CheckpointsOpenWithEveryKeyThatSignedThem) {
  auto text13 = independent::OpenNote(cp13_, KeyOf(*station_));
  ASSERT_TRUE(text13);
  EXPECT_FALSE(independent::OpenNote(cp13_, KeyOf(*next_)));  // not signed by it
  auto text37 = independent::OpenNote(cp37_, KeyOf(*station_));
  ASSERT_TRUE(text37);
  EXPECT_EQ(independent::OpenNote(cp37_, KeyOf(*next_)), text37);

  auto head = independent::ParseCheckpoint(*text37);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->origin, "custodia/st1");
  EXPECT_EQ(head->size, 37u);

  // The root over entries.jsonl, computed here from the raw lines.
  std::vector<independent::Hash> leaves;
  for (const auto& line : testing::SplitLines(testing::ReadFile(paths_.entries))) {
    leaves.push_back(independent::Leaf(line));
  }
  ASSERT_EQ(leaves.size(), 37u);
  EXPECT_EQ(independent::Root(leaves), head->root);
  auto head13 = independent::ParseCheckpoint(*text13);
  EXPECT_EQ(independent::Root(std::vector(leaves.begin(), leaves.begin() + 13)), head13->root);

  // Any change to the signed text is rejected; so is a name that differs.
  std::string altered = cp37_;
  altered[altered.find("\n37\n") + 2] = '8';
  EXPECT_FALSE(independent::OpenNote(altered, KeyOf(*station_)));
  independent::Key renamed = KeyOf(*station_);
  renamed.name = "custodia/st2";
  renamed = independent::MakeKey(renamed.name, renamed.pk);
  EXPECT_FALSE(independent::OpenNote(cp37_, renamed));
}

TEST_F(IndependentChecker, InclusionProofsVerifyAgainstTheCheckpointRoot) {
  auto head = independent::ParseCheckpoint(*independent::OpenNote(cp37_, KeyOf(*station_)));
  ASSERT_TRUE(head);
  auto lines = testing::SplitLines(testing::ReadFile(paths_.entries));
  for (uint64_t i = 0; i < 37; ++i) {
    auto proof = log_->ProveInclusion(i, 37);
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(proof->checkpoint, cp37_);
    // Through the JSON an auditor receives.
    Json j = proof->ToJson();
    std::vector<independent::Hash> path;
    for (const auto& h : j["hashes"]) {
      auto raw = independent::FromBase64(h.get<std::string>());
      ASSERT_TRUE(raw && raw->size() == 32);
      independent::Hash x;
      std::copy(raw->begin(), raw->end(), x.begin());
      path.push_back(x);
    }
    independent::Hash leaf = independent::Leaf(lines[i]);
    EXPECT_EQ(independent::ToBase64(independent::Str(leaf.data(), 32)), j["leaf_hash"].get<std::string>());
    EXPECT_TRUE(independent::VerifyInclusion(i, 37, leaf, path, head->root)) << i;
    EXPECT_FALSE(independent::VerifyInclusion(i ^ 1, 37, leaf, path, head->root)) << i;
    EXPECT_FALSE(independent::VerifyInclusion(i, 37, independent::Leaf(lines[(i + 1) % 37]), path, head->root)) << i;
    EXPECT_FALSE(independent::VerifyInclusion(i, 16, leaf, path, head->root)) << i;
  }
}

TEST_F(IndependentChecker, ConsistencyProofsVerifyBetweenCheckpoints) {
  auto h13 = independent::ParseCheckpoint(*independent::OpenNote(cp13_, KeyOf(*station_)));
  auto h37 = independent::ParseCheckpoint(*independent::OpenNote(cp37_, KeyOf(*station_)));
  auto proof = log_->ProveConsistency(13, 37);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(independent::VerifyConsistency(13, 37, h13->root, h37->root, Hs(proof->hashes)));
  EXPECT_FALSE(independent::VerifyConsistency(12, 37, h13->root, h37->root, Hs(proof->hashes)));
  EXPECT_FALSE(independent::VerifyConsistency(13, 37, h37->root, h13->root, Hs(proof->hashes)));
  for (uint64_t m = 1; m <= 37; ++m) {
    for (uint64_t n = m; n <= 37; ++n) {
      auto p = log_->ProveConsistency(m, n);
      ASSERT_TRUE(p.ok());
      ASSERT_TRUE(independent::VerifyConsistency(m, n, H(*log_->Root(m)), H(*log_->Root(n)), Hs(p->hashes)))
          << m << "->" << n;
    }
  }
}

}  // namespace
}  // namespace custodia
