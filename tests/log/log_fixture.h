// A vault with a few clips, the custody log's files, and an independent
// RFC 6962 / RFC 9162 checker (OpenSSL SHA-256 only: none of custodia's
// custody or encoding code) to check what `custodia log` prints.
#ifndef CUSTODIA_TESTS_LOG_FIXTURE_H_
#define CUSTODIA_TESTS_LOG_FIXTURE_H_

#include <openssl/evp.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "../cli/cli_fixture.h"

namespace custodia::testing {

using Hash = std::array<unsigned char, 32>;

namespace rfc9162 {

inline Hash Sha256(const std::string& data) {
  Hash h{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), h.data(), &len, EVP_sha256(), nullptr);
  return h;
}
inline std::string Str(const Hash& h) { return std::string(reinterpret_cast<const char*>(h.data()), h.size()); }
inline Hash Leaf(const std::string& line) { return Sha256(std::string(1, '\0') + line); }
inline Hash Node(const Hash& l, const Hash& r) { return Sha256(std::string(1, '\1') + Str(l) + Str(r)); }

// RFC 6962 MTH over leaves [lo, hi).
inline Hash Root(const std::vector<Hash>& leaves, size_t lo, size_t hi) {
  if (hi == lo) return Sha256("");
  if (hi - lo == 1) return leaves[lo];
  size_t k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return Node(Root(leaves, lo, lo + k), Root(leaves, lo + k, hi));
}

// 32-byte hash from standard base64 (44 characters, one '=').
inline std::optional<Hash> FromB64(const std::string& b64) {
  if (b64.size() != 44) return std::nullopt;
  unsigned char out[48];
  if (EVP_DecodeBlock(out, reinterpret_cast<const unsigned char*>(b64.data()), 44) != 33) return std::nullopt;
  Hash h;
  std::copy(out, out + 32, h.begin());
  return h;
}

// RFC 9162 §2.1.3.2.
inline bool VerifyInclusion(uint64_t index, uint64_t size, Hash r, const std::vector<Hash>& path, const Hash& root) {
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  for (const Hash& p : path) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = Node(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = Node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

// RFC 9162 §2.1.4.2 (first_hash..., for 0 < size1 <= size2).
inline bool VerifyConsistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                              std::vector<Hash> path) {
  if (size1 == 0 || size1 > size2) return false;
  if (size1 == size2) return path.empty() && root1 == root2;
  if (path.empty()) return false;
  if ((size1 & (size1 - 1)) == 0) path.insert(path.begin(), root1);  // size1 a power of two
  uint64_t fn = size1 - 1, sn = size2 - 1;
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
  return fr == root1 && sr == root2 && sn == 0;
}

}  // namespace rfc9162

class LogTest : public CliTest {
 protected:
  std::string LogFile(const std::string& name) { return vault_ + "/log/" + name; }
  // entries.jsonl as lines, without their newlines.
  std::vector<std::string> Lines() {
    std::vector<std::string> out;
    std::string data = ReadFile(LogFile("entries.jsonl")), line;
    size_t at = 0;
    while (at < data.size()) {
      size_t nl = data.find('\n', at);
      if (nl == std::string::npos) break;
      out.push_back(data.substr(at, nl - at));
      at = nl + 1;
    }
    return out;
  }
  void WriteLines(const std::vector<std::string>& lines) {
    std::string data;
    for (const auto& l : lines) data += l + "\n";
    WriteFile(LogFile("entries.jsonl"), data);
  }
  std::vector<Json> Entries() {
    std::vector<Json> out;
    for (const auto& l : Lines()) out.push_back(Json::parse(l));
    return out;
  }
  std::vector<Hash> LeafHashes() {
    std::vector<Hash> out;
    for (const auto& l : Lines()) out.push_back(rfc9162::Leaf(l));
    return out;
  }
  // Offloads the camera folder (after adding clips to it).
  void Offload(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"offload", cam_, "--progress", "none"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = C(args);
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }
  // Init and two clips.
  void SetUpVault() {
    Init();
    AddClip("mp4", "A.MP4");
    AddClip("mkv", "B.mkv");
    Offload();
  }
  // The clip ids, from the ingest entries, in log order.
  std::vector<std::string> IngestedClips() {
    std::vector<std::string> out;
    for (const auto& e : Entries()) {
      if (e["action"] == "ingest") out.push_back(e["subjects"]["clips"][0]);
    }
    return out;
  }
  // The root in a checkpoint text (third line).
  Hash CheckpointRoot(const std::string& text) {
    size_t a = text.find('\n'), b = text.find('\n', a + 1), c = text.find('\n', b + 1);
    auto h = rfc9162::FromB64(text.substr(b + 1, c - b - 1));
    EXPECT_TRUE(h) << text;
    return h.value_or(Hash{});
  }
  uint64_t CheckpointSize(const std::string& text) {
    size_t a = text.find('\n'), b = text.find('\n', a + 1);
    return std::stoull(text.substr(a + 1, b - a - 1));
  }
};

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_LOG_FIXTURE_H_
