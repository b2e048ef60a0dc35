// The published RFC 6962 proof vectors (tests/data/rfc6962, from
// transparency-dev/merkle): every case, including every wantErr one, and the
// proofs our tree file generates for the same 8-leaf reference tree.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "custodia/custody_tree.h"
#include "custody_testutil.h"

namespace custodia {
namespace {

namespace fs = std::filesystem;

const std::string kVectors = std::string(CUSTODIA_TESTDATA_DIR) + "/rfc6962";

Json Load(const fs::path& p) {
  auto j = ParseJson(testing::ReadFile(p.string()), p.string());
  EXPECT_TRUE(j.ok()) << j.status().ToString();
  return j.ok() ? *j : Json();
}

Bytes B64(const Json& v) {
  auto raw = Base64Decode(v.get<std::string>());
  EXPECT_TRUE(raw.ok()) << v;
  return raw.ok() ? *raw : Bytes{};
}

std::vector<Bytes> ProofOf(const Json& j) {
  std::vector<Bytes> out;
  if (j.is_null()) return out;
  for (const auto& h : j) out.push_back(B64(h));
  return out;
}

std::vector<fs::path> Files(const std::string& sub) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(kVectors + "/" + sub)) {
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool All32(const std::vector<Bytes>& hs) {
  return std::all_of(hs.begin(), hs.end(), [](const Bytes& b) { return b.size() == 32; });
}
Sha256Digest D(const Bytes& b) {
  Sha256Digest d{};
  std::copy(b.begin(), b.end(), d.begin());
  return d;
}
std::vector<Sha256Digest> Ds(const std::vector<Bytes>& bs) {
  std::vector<Sha256Digest> out;
  for (const auto& b : bs) out.push_back(D(b));
  return out;
}

TEST(ProofVectors, EveryInclusionCase) {
  auto files = Files("inclusion");
  ASSERT_GE(files.size(), 90u) << "vectors missing from " << kVectors;
  int rejected = 0;
  for (const auto& f : files) {
    Json j = Load(f);
    uint64_t index = j["leafIdx"], size = j["treeSize"];
    Bytes leaf = B64(j["leafHash"]), root = B64(j["root"]);
    std::vector<Bytes> proof = ProofOf(j["proof"]);
    bool want_err = j["wantErr"];
    Status s = VerifyInclusionRaw(index, size, leaf, proof, root);
    EXPECT_EQ(s.ok(), !want_err) << f << ": " << s.ToString();
    if (!s.ok()) {
      ++rejected;
      EXPECT_EQ(s.code(), Code::kIntegrity) << f;
    }
    // Where every hash is a SHA-256, the typed API must agree.
    if (leaf.size() == 32 && root.size() == 32 && All32(proof)) {
      auto typed = Ds(proof);
      EXPECT_EQ(VerifyInclusion(index, size, D(leaf), typed, D(root)).ok(), !want_err) << f;
    }
  }
  EXPECT_GE(rejected, 80);
}

TEST(ProofVectors, EveryConsistencyCase) {
  auto files = Files("consistency");
  ASSERT_GE(files.size(), 90u) << "vectors missing from " << kVectors;
  int rejected = 0;
  for (const auto& f : files) {
    Json j = Load(f);
    uint64_t size1 = j["size1"], size2 = j["size2"];
    Bytes root1 = B64(j["root1"]), root2 = B64(j["root2"]);
    std::vector<Bytes> proof = ProofOf(j["proof"]);
    bool want_err = j["wantErr"];
    Status s = VerifyConsistencyRaw(size1, size2, root1, root2, proof);
    EXPECT_EQ(s.ok(), !want_err) << f << ": " << s.ToString();
    if (!s.ok()) ++rejected;
    if (root1.size() == 32 && root2.size() == 32 && All32(proof)) {
      auto typed = Ds(proof);
      EXPECT_EQ(VerifyConsistency(size1, size2, D(root1), D(root2), typed).ok(), !want_err) << f;
    }
  }
  EXPECT_GE(rejected, 80);
}

// The 8-leaf reference tree of RFC 6962 / Certificate Transparency.
std::vector<Sha256Digest> ReferenceLeaves() {
  const char* hex[] = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                       "606162636465666768696a6b6c6d6e6f"};
  std::vector<Sha256Digest> out;
  for (const char* h : hex) {
    auto raw = FromHex(h);
    out.push_back(LeafHash(AsString(*raw)));
  }
  return out;
}

class ReferenceTree : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path = dir_ / "tree";
    auto tree = TreeFile::Open(Env::Default(), path, true);
    ASSERT_TRUE(tree.ok()) << tree.status().ToString();
    tree_ = std::move(tree).value();
    TreeBuilder b;
    std::string hashes;
    for (const auto& leaf : ReferenceLeaves()) b.Append(leaf, &hashes);
    ASSERT_TRUE(tree_->Append(hashes, 8).ok());
  }
  testing::TempDir dir_;
  std::unique_ptr<TreeFile> tree_;
};

TEST_F(ReferenceTree, RootsAreTheKnownOnes) {
  // Roots of the reference tree at sizes 1..8 (RFC 6962 test data, as in
  // transparency-dev/merkle).
  const char* roots[] = {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                         "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                         "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                         "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                         "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                         "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                         "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                         "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  auto leaves = ReferenceLeaves();
  for (uint64_t n = 1; n <= 8; ++n) {
    auto r = TreeRoot(*tree_, n);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(HexOf(*r), roots[n - 1]) << "size " << n;
    EXPECT_EQ(HexOf(RootFromLeafHashes(std::span(leaves).first(n))), roots[n - 1]);
  }
  EXPECT_EQ(HexOf(EmptyTreeRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(ReferenceTree, GeneratedInclusionProofsEqualTheVectors) {
  int compared = 0;
  for (int i = 0; i <= 4; ++i) {
    fs::path f = kVectors + "/inclusion/" + std::to_string(i) + "/happy-path.json";
    Json j = Load(f);
    uint64_t index = j["leafIdx"], size = j["treeSize"];
    auto leaf = tree_->Node(0, index);
    ASSERT_TRUE(leaf.ok());
    EXPECT_EQ(Bytes(leaf->begin(), leaf->end()), B64(j["leafHash"])) << f;
    auto root = TreeRoot(*tree_, size);
    EXPECT_EQ(Bytes(root->begin(), root->end()), B64(j["root"])) << f;
    auto path = TreeInclusionPath(*tree_, index, size);
    ASSERT_TRUE(path.ok()) << path.status().ToString();
    std::vector<Bytes> got;
    for (const auto& h : *path) got.emplace_back(h.begin(), h.end());
    EXPECT_EQ(got, ProofOf(j["proof"])) << f;
    ++compared;
  }
  EXPECT_EQ(compared, 5);
}

TEST_F(ReferenceTree, GeneratedConsistencyProofsEqualTheVectors) {
  for (int i = 0; i <= 4; ++i) {
    fs::path f = kVectors + "/consistency/" + std::to_string(i) + "/happy-path.json";
    Json j = Load(f);
    uint64_t size1 = j["size1"], size2 = j["size2"];
    EXPECT_EQ(HexOf(*TreeRoot(*tree_, size1)), ToHex(B64(j["root1"]))) << f;
    EXPECT_EQ(HexOf(*TreeRoot(*tree_, size2)), ToHex(B64(j["root2"]))) << f;
    auto path = TreeConsistencyPath(*tree_, size1, size2);
    ASSERT_TRUE(path.ok()) << path.status().ToString();
    std::vector<Bytes> got;
    for (const auto& h : *path) got.emplace_back(h.begin(), h.end());
    EXPECT_EQ(got, ProofOf(j["proof"])) << f;
  }
}

}  // namespace
}  // namespace custodia
