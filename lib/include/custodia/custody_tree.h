// The Merkle tree storage of the custody log (log/tree) and RFC 6962 proof
// generation over it. CustodyLog is built on this; tests and benchmarks use it
// directly (e.g. to rebuild the RFC 6962 reference tree from its leaf hashes).
//
// Layout (doc/formats/custody-log.md): the tree file holds the 32-byte hash of
// every complete subtree, in post-order: leaf i, then every subtree that leaf
// i completes, lowest first. The node at `level` (0 = leaf) with index j
// covers leaves [j·2^level, (j+1)·2^level) and is hash number
//     pos(level, j) = 2^(level+1)·(j+1) − 2 − popcount(j)
// (byte offset 32·pos). A tree of n leaves holds 2n − popcount(n) hashes, so
// appending a leaf writes 1 + (trailing one bits of its index) hashes, and any
// root or proof for a size <= n reads O(log n) of them.
#ifndef CUSTODIA_CUSTODY_TREE_H_
#define CUSTODIA_CUSTODY_TREE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/env.h"
#include "custodia/hash.h"
#include "custodia/status.h"

namespace custodia {

uint64_t TreeNodePosition(unsigned level, uint64_t index);
uint64_t TreeNodeCount(uint64_t leaves);
// The largest n with TreeNodeCount(n) <= nodes: how many leaves a tree file
// of `nodes` whole hashes covers completely.
uint64_t TreeLeavesFor(uint64_t nodes);

// Where roots and proofs read complete-subtree hashes from.
class TreeNodeReader {
 public:
  virtual ~TreeNodeReader() = default;
  virtual Result<Sha256Digest> Node(unsigned level, uint64_t index) = 0;
  // A hint that Node(level, index) follows soon. Roots and proofs announce
  // every node they will read first: on a cold page cache the O(log n)
  // scattered reads then overlap instead of queueing one after another.
  virtual void Prefetch(unsigned level, uint64_t index) {
    (void)level;
    (void)index;
  }
};

// RFC 6962 MTH / PATH / PROOF for the first `size` leaves, reading O(log size)
// nodes. Arguments out of range are kInvalid.
Result<Sha256Digest> TreeRoot(TreeNodeReader& tree, uint64_t size);
Result<std::vector<Sha256Digest>> TreeInclusionPath(TreeNodeReader& tree, uint64_t index, uint64_t size);
Result<std::vector<Sha256Digest>> TreeConsistencyPath(TreeNodeReader& tree, uint64_t old_size, uint64_t new_size);

// Builds the tree one leaf at a time, keeping only the compact range: the
// hash of one perfect subtree per set bit of size() ("peaks").
class TreeBuilder {
 public:
  TreeBuilder() = default;
  // Continues a tree of `size` leaves: reads its O(log size) peaks.
  static Result<TreeBuilder> Resume(TreeNodeReader& tree, uint64_t size);

  uint64_t size() const { return size_; }
  // Adds a leaf hash and appends to `out` the 32-byte hashes the tree file
  // gets: the leaf, then every node it completes (post-order).
  void Append(const Sha256Digest& leaf, std::string* out);
  // Same, handing each hash to `emit` (verification compares them).
  template <typename Emit>
  void AppendEach(const Sha256Digest& leaf, Emit&& emit);
  Sha256Digest Root() const;  // EmptyTreeRoot() for size 0

 private:
  struct Peak {
    unsigned level;
    Sha256Digest hash;
  };
  std::vector<Peak> peaks_;  // highest level first
  uint64_t size_ = 0;
};

// log/tree: ReadAt for nodes, O_APPEND for new ones. Only whole records that
// form a complete tree are used (a torn append leaves extra bytes behind).
class TreeFile final : public TreeNodeReader {
 public:
  static Result<std::unique_ptr<TreeFile>> Open(Env* env, const std::string& path, bool writable);

  // Leaves covered by the usable part of the file.
  uint64_t leaves() const { return leaves_; }
  uint64_t bytes() const { return bytes_; }  // file size, torn records included
  Result<Sha256Digest> Node(unsigned level, uint64_t index) override;
  void Prefetch(unsigned level, uint64_t index) override;
  // Reads hashes [first, first + count) of the file into `out` (32 bytes each).
  Status ReadHashes(uint64_t first, uint64_t count, std::string* out);
  // Appends the hashes a TreeBuilder produced for `new_leaves` more leaves.
  Status Append(std::string_view hashes, uint64_t new_leaves);
  Status Sync();
  // Cuts the file back to exactly the hashes of `leaves` leaves.
  Status TruncateToLeaves(uint64_t leaves);
  const std::string& path() const { return path_; }

 private:
  TreeFile() = default;
  Env* env_ = nullptr;
  std::string path_;
  std::unique_ptr<ReadableFile> in_;
  std::unique_ptr<WritableFile> out_;
  uint64_t leaves_ = 0;
  uint64_t bytes_ = 0;
};

// ---- inline ----

Sha256Digest NodeHash(const Sha256Digest& left, const Sha256Digest& right);

template <typename Emit>
void TreeBuilder::AppendEach(const Sha256Digest& leaf, Emit&& emit) {
  emit(leaf);
  Sha256Digest h = leaf;
  unsigned level = 0;
  while (!peaks_.empty() && peaks_.back().level == level) {
    h = NodeHash(peaks_.back().hash, h);
    peaks_.pop_back();
    ++level;
    emit(h);
  }
  peaks_.push_back({level, h});
  ++size_;
}

}  // namespace custodia

#endif  // CUSTODIA_CUSTODY_TREE_H_
