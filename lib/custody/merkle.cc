// RFC 6962 §2.1 hashing: leaves and interior nodes are domain-separated by a
// prefix byte so that a leaf can never be passed off as a node.
#include <bit>

#include "custodia/custody.h"
#include "custodia/custody_tree.h"

namespace custodia {

namespace {
// One EVP context per thread: tree building hashes millions of nodes and a
// fresh context per hash would cost an allocation each.
Sha256& ThreadHasher() {
  thread_local Sha256 h;
  return h;
}
}  // namespace

Sha256Digest LeafHash(std::string_view leaf) {
  Sha256& h = ThreadHasher();
  const uint8_t prefix = 0x00;
  h.Update(&prefix, 1);
  h.Update(leaf);
  return h.Final();
}

Sha256Digest NodeHash(const Sha256Digest& left, const Sha256Digest& right) {
  uint8_t buf[65];
  buf[0] = 0x01;
  std::copy(left.begin(), left.end(), buf + 1);
  std::copy(right.begin(), right.end(), buf + 33);
  Sha256& h = ThreadHasher();
  h.Update(buf, sizeof buf);
  return h.Final();
}

Sha256Digest EmptyTreeRoot() { return Sha256::Of(std::string_view()); }

namespace {
// MTH(D[n]) exactly as RFC 6962 defines it: split at the largest power of two
// smaller than n. Kept recursive and in memory on purpose: it is the
// independent reference the tree file is checked against.
Sha256Digest Mth(std::span<const Sha256Digest> leaves) {
  if (leaves.size() == 1) return leaves[0];
  size_t k = std::bit_floor(leaves.size() - 1);
  return NodeHash(Mth(leaves.first(k)), Mth(leaves.subspan(k)));
}
}  // namespace

Sha256Digest RootFromLeafHashes(std::span<const Sha256Digest> leaves) {
  if (leaves.empty()) return EmptyTreeRoot();
  return Mth(leaves);
}

}  // namespace custodia
