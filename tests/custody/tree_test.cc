// The tree file layout (post-order positions) and the proofs generated from
// it, checked against RFC 6962's recursive definitions computed in memory.
#include <bit>
#include <random>

#include <gtest/gtest.h>

#include "custodia/custody_tree.h"
#include "custody_testutil.h"

namespace custodia {
namespace {

std::vector<Sha256Digest> SyntheticLeaves(uint64_t n) {
  std::vector<Sha256Digest> out;
  out.reserve(n);
  for (uint64_t i = 0; i < n; ++i) out.push_back(LeafHash("leaf " + std::to_string(i)));
  return out;
}

// RFC 6962 §2.1.1 PATH(m, D[n]) and §2.1.2 SUBPROOF, literally.
using Leaves = std::span<const Sha256Digest>;
uint64_t K(uint64_t n) { return std::bit_floor(n - 1); }

std::vector<Sha256Digest> RefPath(uint64_t m, Leaves d) {
  if (d.size() == 1) return {};
  uint64_t k = K(d.size());
  std::vector<Sha256Digest> p;
  if (m < k) {
    p = RefPath(m, d.first(k));
    p.push_back(RootFromLeafHashes(d.subspan(k)));
  } else {
    p = RefPath(m - k, d.subspan(k));
    p.push_back(RootFromLeafHashes(d.first(k)));
  }
  return p;
}

std::vector<Sha256Digest> RefSubproof(uint64_t m, Leaves d, bool b) {
  if (m == d.size()) {
    if (b) return {};
    return {RootFromLeafHashes(d)};
  }
  uint64_t k = K(d.size());
  std::vector<Sha256Digest> p;
  if (m <= k) {
    p = RefSubproof(m, d.first(k), b);
    p.push_back(RootFromLeafHashes(d.subspan(k)));
  } else {
    p = RefSubproof(m - k, d.subspan(k), false);
    p.push_back(RootFromLeafHashes(d.first(k)));
  }
  return p;
}

class TreeFileTest : public ::testing::Test {
 protected:
  void Build(uint64_t n) {
    leaves_ = SyntheticLeaves(n);
    auto t = TreeFile::Open(Env::Default(), dir_ / "tree", true);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    tree_ = std::move(t).value();
    TreeBuilder b;
    std::string hashes;
    for (const auto& l : leaves_) b.Append(l, &hashes);
    ASSERT_TRUE(tree_->Append(hashes, n).ok());
    ASSERT_TRUE(tree_->Sync().ok());
    root_ = b.Root();
  }
  testing::TempDir dir_;
  std::vector<Sha256Digest> leaves_;
  std::unique_ptr<TreeFile> tree_;
  Sha256Digest root_{};
};

TEST(TreeLayout, PositionFormula) {
  // Post-order: l0 l1 n(1,0) l2 l3 n(1,1) n(2,0) l4 ...
  EXPECT_EQ(TreeNodePosition(0, 0), 0u);
  EXPECT_EQ(TreeNodePosition(0, 1), 1u);
  EXPECT_EQ(TreeNodePosition(1, 0), 2u);
  EXPECT_EQ(TreeNodePosition(0, 2), 3u);
  EXPECT_EQ(TreeNodePosition(0, 3), 4u);
  EXPECT_EQ(TreeNodePosition(1, 1), 5u);
  EXPECT_EQ(TreeNodePosition(2, 0), 6u);
  EXPECT_EQ(TreeNodePosition(0, 4), 7u);
  EXPECT_EQ(TreeNodePosition(3, 0), 14u);
  EXPECT_EQ(TreeNodeCount(0), 0u);
  EXPECT_EQ(TreeNodeCount(1), 1u);
  EXPECT_EQ(TreeNodeCount(4), 7u);
  EXPECT_EQ(TreeNodeCount(10000000), 20000000u - 8u);  // popcount(10^7) = 8
  // TreeLeavesFor inverts TreeNodeCount, flooring torn counts.
  uint64_t n = 0;
  for (uint64_t nodes = 0; nodes < 5000; ++nodes) {
    while (TreeNodeCount(n + 1) <= nodes) ++n;
    ASSERT_EQ(TreeLeavesFor(nodes), n) << nodes;
  }
}

TEST_F(TreeFileTest, EveryStoredNodeIsTheSubtreeHashAtItsPosition) {
  Build(200);
  EXPECT_EQ(tree_->bytes(), TreeNodeCount(200) * 32);
  std::string raw = testing::ReadFile(dir_ / "tree");
  ASSERT_EQ(raw.size(), TreeNodeCount(200) * 32);
  uint64_t checked = 0;
  for (unsigned level = 0; level < 8; ++level) {
    for (uint64_t j = 0; ((j + 1) << level) <= 200; ++j) {
      Sha256Digest want = RootFromLeafHashes(std::span(leaves_).subspan(j << level, uint64_t(1) << level));
      uint64_t pos = TreeNodePosition(level, j);
      ASSERT_EQ(raw.substr(pos * 32, 32), std::string(reinterpret_cast<const char*>(want.data()), 32))
          << "level " << level << " index " << j;
      ASSERT_EQ(*tree_->Node(level, j), want);
      ++checked;
    }
  }
  EXPECT_EQ(checked, TreeNodeCount(200));
  EXPECT_FALSE(tree_->Node(0, 200).ok());
  EXPECT_FALSE(tree_->Node(4, 12).ok());  // would need leaves up to 207
}

TEST_F(TreeFileTest, RootsAtEverySizeMatchTheRecursiveDefinition) {
  Build(130);
  for (uint64_t n = 0; n <= 130; ++n) {
    auto r = TreeRoot(*tree_, n);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(*r, RootFromLeafHashes(std::span(leaves_).first(n))) << n;
  }
  EXPECT_EQ(root_, RootFromLeafHashes(leaves_));
}

TEST_F(TreeFileTest, AllInclusionAndConsistencyProofsUpTo64Leaves) {
  Build(64);
  for (uint64_t n = 1; n <= 64; ++n) {
    Leaves d = std::span(leaves_).first(n);
    Sha256Digest root = RootFromLeafHashes(d);
    for (uint64_t i = 0; i < n; ++i) {
      auto path = TreeInclusionPath(*tree_, i, n);
      ASSERT_TRUE(path.ok());
      ASSERT_EQ(*path, RefPath(i, d)) << i << "/" << n;
      ASSERT_TRUE(VerifyInclusion(i, n, leaves_[i], *path, root).ok()) << i << "/" << n;
      // And not for a neighbour's leaf.
      if (n > 1) {
        ASSERT_FALSE(VerifyInclusion(i, n, leaves_[(i + 1) % n], *path, root).ok());
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      auto proof = TreeConsistencyPath(*tree_, m, n);
      ASSERT_TRUE(proof.ok());
      ASSERT_EQ(*proof, m == n ? std::vector<Sha256Digest>{} : RefSubproof(m, d, true)) << m << "->" << n;
      Sha256Digest old_root = RootFromLeafHashes(d.first(m));
      ASSERT_TRUE(VerifyConsistency(m, n, old_root, root, *proof).ok()) << m << "->" << n;
      if (m < n) {
        Sha256Digest wrong = old_root;
        wrong[5] ^= 1;
        ASSERT_FALSE(VerifyConsistency(m, n, wrong, root, *proof).ok());
      }
    }
  }
  EXPECT_FALSE(TreeConsistencyPath(*tree_, 0, 5).ok());
  EXPECT_FALSE(TreeConsistencyPath(*tree_, 6, 5).ok());
  EXPECT_FALSE(TreeInclusionPath(*tree_, 5, 5).ok());
}

TEST_F(TreeFileTest, RandomProofsInALargerTree) {
  const uint64_t kLeaves = 20011;
  Build(kLeaves);
  std::mt19937_64 rng(6962);
  for (int round = 0; round < 40; ++round) {
    uint64_t n = 1 + rng() % kLeaves;
    uint64_t i = rng() % n;
    uint64_t m = 1 + rng() % n;
    Sha256Digest root = RootFromLeafHashes(std::span(leaves_).first(n));
    ASSERT_EQ(*TreeRoot(*tree_, n), root) << n;
    auto path = TreeInclusionPath(*tree_, i, n);
    ASSERT_TRUE(path.ok());
    EXPECT_LE(path->size(), 15u);
    ASSERT_TRUE(VerifyInclusion(i, n, leaves_[i], *path, root).ok()) << i << "/" << n;
    auto proof = TreeConsistencyPath(*tree_, m, n);
    ASSERT_TRUE(proof.ok());
    Sha256Digest old_root = RootFromLeafHashes(std::span(leaves_).first(m));
    ASSERT_TRUE(VerifyConsistency(m, n, old_root, root, *proof).ok()) << m << "->" << n;
  }
}

TEST_F(TreeFileTest, ResumedBuilderContinuesTheSameTree) {
  Build(77);
  auto resumed = TreeBuilder::Resume(*tree_, 77);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->Root(), root_);
  auto more = SyntheticLeaves(100);
  std::string hashes;
  for (uint64_t i = 77; i < 100; ++i) resumed->Append(more[i], &hashes);
  ASSERT_TRUE(tree_->Append(hashes, 23).ok());
  EXPECT_EQ(resumed->Root(), RootFromLeafHashes(more));
  EXPECT_EQ(*TreeRoot(*tree_, 100), RootFromLeafHashes(more));
  // A torn append (half a hash) is ignored by the next open.
  testing::WriteFile(dir_ / "tree2", testing::ReadFile(dir_ / "tree") + std::string(17, 'x'));
  auto torn = TreeFile::Open(Env::Default(), dir_ / "tree2", false);
  ASSERT_TRUE(torn.ok());
  EXPECT_EQ((*torn)->leaves(), 100u);
}

}  // namespace
}  // namespace custodia
