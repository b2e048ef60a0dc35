// Post-order positions, the incremental builder, and RFC 6962 roots and proofs
// computed from complete-subtree hashes (see custodia/custody_tree.h).
#include <algorithm>
#include <bit>

#include "custodia/custody.h"
#include "custodia/custody_tree.h"

namespace custodia {

uint64_t TreeNodePosition(unsigned level, uint64_t index) {
  // The subtree ends right after its last leaf L = (j+1)·2^k − 1 and the k
  // nodes L completes: 2L − popcount(L) + k, which simplifies to this.
  return ((index + 1) << (level + 1)) - 2 - uint64_t(std::popcount(index));
}

uint64_t TreeNodeCount(uint64_t leaves) { return 2 * leaves - uint64_t(std::popcount(leaves)); }

uint64_t TreeLeavesFor(uint64_t nodes) {
  // TreeNodeCount is strictly increasing and TreeNodeCount(n) >= n.
  uint64_t lo = 0, hi = nodes;
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo + 1) / 2;
    if (TreeNodeCount(mid) <= nodes) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

namespace {

unsigned LevelOf(uint64_t pow2) { return unsigned(std::countr_zero(pow2)); }

// MTH of leaves [lo, hi): the perfect subtrees of the range, left to right,
// folded from the right (RFC 6962 splits at the largest power of two < n).
Result<Sha256Digest> RangeHash(TreeNodeReader& tree, uint64_t lo, uint64_t hi) {
  Sha256Digest parts[64];
  int count = 0;
  while (lo < hi) {
    uint64_t k = std::bit_floor(hi - lo);
    if (lo % k != 0) return Status::Invalid("internal: unaligned subtree in a Merkle proof");
    ASSIGN_OR_RETURN(parts[count], tree.Node(LevelOf(k), lo / k));
    ++count;
    lo += k;
  }
  Sha256Digest acc = parts[count - 1];
  for (int i = count - 2; i >= 0; --i) acc = NodeHash(parts[i], acc);
  return acc;
}

// Largest power of two strictly smaller than n (n >= 2).
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

// Which nodes a computation reads depends only on sizes and indexes, never on
// hash values: a dry run through this reader announces them all.
class PrefetchAll final : public TreeNodeReader {
 public:
  explicit PrefetchAll(TreeNodeReader& tree) : tree_(tree) {}
  Result<Sha256Digest> Node(unsigned level, uint64_t index) override {
    tree_.Prefetch(level, index);
    return Sha256Digest{};
  }

 private:
  TreeNodeReader& tree_;
};

template <typename F>
auto WithPrefetch(TreeNodeReader& tree, F compute) {
  PrefetchAll dry(tree);
  (void)compute(dry);
  return compute(tree);
}

Result<Sha256Digest> RootOf(TreeNodeReader& tree, uint64_t size) {
  if (size == 0) return EmptyTreeRoot();
  return RangeHash(tree, 0, size);
}

Result<std::vector<Sha256Digest>> InclusionPathOf(TreeNodeReader& tree, uint64_t index, uint64_t size) {
  if (index >= size) {
    return Status::Invalid("no inclusion proof for entry " + std::to_string(index) + " in a tree of size " +
                           std::to_string(size));
  }
  // RFC 6962 §2.1.1 PATH, top-down; the proof lists siblings bottom-up.
  std::vector<Sha256Digest> top_down;
  uint64_t lo = 0, hi = size;
  while (hi - lo > 1) {
    uint64_t k = SplitPoint(hi - lo);
    if (index < lo + k) {
      ASSIGN_OR_RETURN(Sha256Digest right, RangeHash(tree, lo + k, hi));
      top_down.push_back(right);
      hi = lo + k;
    } else {
      ASSIGN_OR_RETURN(Sha256Digest left, tree.Node(LevelOf(k), lo / k));
      top_down.push_back(left);
      lo += k;
    }
  }
  std::reverse(top_down.begin(), top_down.end());
  return top_down;
}

Result<std::vector<Sha256Digest>> ConsistencyPathOf(TreeNodeReader& tree, uint64_t old_size, uint64_t new_size) {
  if (old_size == 0 || old_size > new_size) {
    return Status::Invalid("no consistency proof from size " + std::to_string(old_size) + " to size " +
                           std::to_string(new_size) + " (needs 1 <= old size <= new size)");
  }
  std::vector<Sha256Digest> out;
  if (old_size == new_size) return out;
  // RFC 6962 §2.1.2 SUBPROOF(m, D[lo:hi], b), top-down.
  std::vector<Sha256Digest> top_down;
  uint64_t lo = 0, hi = new_size;
  bool whole = true;  // b: the subtree [lo, hi) is the old tree itself so far
  while (old_size != hi) {
    uint64_t k = SplitPoint(hi - lo);
    if (old_size - lo <= k) {
      ASSIGN_OR_RETURN(Sha256Digest right, RangeHash(tree, lo + k, hi));
      top_down.push_back(right);
      hi = lo + k;
    } else {
      ASSIGN_OR_RETURN(Sha256Digest left, tree.Node(LevelOf(k), lo / k));
      top_down.push_back(left);
      lo += k;
      whole = false;
    }
  }
  if (!whole) {
    ASSIGN_OR_RETURN(Sha256Digest sub, RangeHash(tree, lo, hi));
    out.push_back(sub);
  }
  out.insert(out.end(), top_down.rbegin(), top_down.rend());
  return out;
}

}  // namespace

Result<Sha256Digest> TreeRoot(TreeNodeReader& tree, uint64_t size) {
  return WithPrefetch(tree, [size](TreeNodeReader& t) { return RootOf(t, size); });
}

Result<std::vector<Sha256Digest>> TreeInclusionPath(TreeNodeReader& tree, uint64_t index, uint64_t size) {
  return WithPrefetch(tree, [index, size](TreeNodeReader& t) { return InclusionPathOf(t, index, size); });
}

Result<std::vector<Sha256Digest>> TreeConsistencyPath(TreeNodeReader& tree, uint64_t old_size, uint64_t new_size) {
  return WithPrefetch(tree, [old_size, new_size](TreeNodeReader& t) {
    return ConsistencyPathOf(t, old_size, new_size);
  });
}

Result<TreeBuilder> TreeBuilder::Resume(TreeNodeReader& tree, uint64_t size) {
  TreeBuilder b;
  uint64_t lo = 0;
  for (int level = 63; level >= 0; --level) {
    uint64_t k = uint64_t(1) << level;
    if ((size & k) == 0) continue;
    tree.Prefetch(unsigned(level), lo / k);
    lo += k;
  }
  lo = 0;
  for (int level = 63; level >= 0; --level) {
    uint64_t k = uint64_t(1) << level;
    if ((size & k) == 0) continue;
    ASSIGN_OR_RETURN(Sha256Digest h, tree.Node(unsigned(level), lo / k));
    b.peaks_.push_back({unsigned(level), h});
    lo += k;
  }
  b.size_ = size;
  return b;
}

void TreeBuilder::Append(const Sha256Digest& leaf, std::string* out) {
  AppendEach(leaf, [out](const Sha256Digest& h) { out->append(reinterpret_cast<const char*>(h.data()), h.size()); });
}

Sha256Digest TreeBuilder::Root() const {
  if (peaks_.empty()) return EmptyTreeRoot();
  Sha256Digest acc = peaks_.back().hash;
  for (size_t i = peaks_.size() - 1; i-- > 0;) acc = NodeHash(peaks_[i].hash, acc);
  return acc;
}

}  // namespace custodia
