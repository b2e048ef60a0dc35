// Inclusion and consistency proof verification, RFC 9162 §2.1.3.2 and
// §2.1.4.2, in the decomposed form transparency-dev/merkle uses (its published
// vectors are our tests): a proof splits into the "inner" part below the point
// where the paths to the leaf and to the last leaf diverge, and the "border"
// part along the right edge of the tree.
#include <bit>
#include <cstring>

#include "custodia/custody.h"
#include "custodia/encoding.h"

namespace custodia {

namespace {

Sha256Digest ToDigest(std::span<const uint8_t> b) {
  Sha256Digest d{};
  std::memcpy(d.data(), b.data(), d.size());
  return d;
}

bool Equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Bottom part: siblings on either side, chosen by the bits of `index`.
Sha256Digest ChainInner(Sha256Digest seed, std::span<const Bytes> proof, uint64_t index) {
  for (size_t i = 0; i < proof.size(); ++i) {
    Sha256Digest h = ToDigest(proof[i]);
    seed = ((index >> i) & 1) == 0 ? NodeHash(seed, h) : NodeHash(h, seed);
  }
  return seed;
}

// Like ChainInner but only the left siblings: the hash of the same subtree as
// it was in the older, smaller tree.
Sha256Digest ChainInnerRight(Sha256Digest seed, std::span<const Bytes> proof, uint64_t index) {
  for (size_t i = 0; i < proof.size(); ++i) {
    if (((index >> i) & 1) == 1) seed = NodeHash(ToDigest(proof[i]), seed);
  }
  return seed;
}

// Upper part along the right border: every sibling is on the left.
Sha256Digest ChainBorderRight(Sha256Digest seed, std::span<const Bytes> proof) {
  for (const Bytes& h : proof) seed = NodeHash(ToDigest(h), seed);
  return seed;
}

struct Decomposition {
  size_t inner;
  size_t border;
};
Decomposition Decompose(uint64_t index, uint64_t size) {
  size_t inner = size_t(std::bit_width(index ^ (size - 1)));
  size_t border = size_t(std::popcount(index >> inner));
  return {inner, border};
}

Status CheckHashSizes(std::span<const Bytes> proof) {
  for (size_t i = 0; i < proof.size(); ++i) {
    if (proof[i].size() != 32) {
      return Status::Integrity("proof hash #" + std::to_string(i + 1) + " is " + std::to_string(proof[i].size()) +
                               " bytes, not 32");
    }
  }
  return Status::Ok();
}

}  // namespace

Status VerifyInclusionRaw(uint64_t leaf_index, uint64_t tree_size, std::span<const uint8_t> leaf_hash,
                          std::span<const Bytes> proof, std::span<const uint8_t> root) {
  std::string what = "inclusion proof for entry " + std::to_string(leaf_index) + " in tree size " +
                     std::to_string(tree_size);
  if (leaf_index >= tree_size) return Status::Integrity(what + ": the entry is not below the tree size");
  if (leaf_hash.size() != 32) {
    return Status::Integrity(what + ": leaf hash is " + std::to_string(leaf_hash.size()) + " bytes, not 32");
  }
  if (root.size() != 32) return Status::Integrity(what + ": root is " + std::to_string(root.size()) + " bytes, not 32");
  Decomposition d = Decompose(leaf_index, tree_size);
  if (proof.size() != d.inner + d.border) {
    return Status::Integrity(what + ": has " + std::to_string(proof.size()) + " hashes, a valid one has " +
                             std::to_string(d.inner + d.border));
  }
  Status sizes = CheckHashSizes(proof);
  if (!sizes.ok()) return sizes.Prefixed(what);
  Sha256Digest h = ChainInner(ToDigest(leaf_hash), proof.first(d.inner), leaf_index);
  h = ChainBorderRight(h, proof.subspan(d.inner));
  if (!Equal(h, root)) return Status::Integrity(what + ": does not lead to the expected root");
  return Status::Ok();
}

Status VerifyConsistencyRaw(uint64_t size1, uint64_t size2, std::span<const uint8_t> root1,
                            std::span<const uint8_t> root2, std::span<const Bytes> proof) {
  std::string what = "consistency proof from size " + std::to_string(size1) + " to size " + std::to_string(size2);
  if (size2 < size1) return Status::Integrity(what + ": the new size is smaller than the old one");
  if (size1 == size2) {
    if (!proof.empty()) return Status::Integrity(what + ": equal sizes need an empty proof");
    if (size1 == 0 && !Equal(root1, EmptyTreeRoot())) {
      return Status::Integrity(what + ": the root of the empty tree must be SHA-256 of the empty string");
    }
    if (!Equal(root1, root2)) return Status::Integrity(what + ": equal sizes but different roots");
    return Status::Ok();
  }
  if (size1 == 0) return Status::Integrity(what + ": a proof from the empty tree proves nothing");
  if (proof.empty()) return Status::Integrity(what + ": the proof is empty");
  if (root1.size() != 32 || root2.size() != 32) return Status::Integrity(what + ": roots must be 32 bytes");
  Status sizes = CheckHashSizes(proof);
  if (!sizes.ok()) return sizes.Prefixed(what);

  Decomposition d = Decompose(size1 - 1, size2);
  size_t shift = size_t(std::countr_zero(size1));
  d.inner -= shift;  // shift < inner because size1 < size2
  // The proof starts with the hash of the old tree's last perfect subtree,
  // unless the old tree is itself perfect: then that hash is root1.
  Sha256Digest seed;
  size_t start;
  if (size1 == (uint64_t(1) << shift)) {
    seed = ToDigest(root1);
    start = 0;
  } else {
    seed = ToDigest(proof[0]);
    start = 1;
  }
  if (proof.size() != start + d.inner + d.border) {
    return Status::Integrity(what + ": has " + std::to_string(proof.size()) + " hashes, a valid one has " +
                             std::to_string(start + d.inner + d.border));
  }
  std::span<const Bytes> rest = proof.subspan(start);
  uint64_t mask = (size1 - 1) >> shift;
  Sha256Digest h1 = ChainInnerRight(seed, rest.first(d.inner), mask);
  h1 = ChainBorderRight(h1, rest.subspan(d.inner));
  if (!Equal(h1, root1)) return Status::Integrity(what + ": does not lead to the old root");
  Sha256Digest h2 = ChainInner(seed, rest.first(d.inner), mask);
  h2 = ChainBorderRight(h2, rest.subspan(d.inner));
  if (!Equal(h2, root2)) return Status::Integrity(what + ": does not lead to the new root");
  return Status::Ok();
}

namespace {
std::vector<Bytes> ToBytes(std::span<const Sha256Digest> proof) {
  std::vector<Bytes> out;
  out.reserve(proof.size());
  for (const auto& h : proof) out.emplace_back(h.begin(), h.end());
  return out;
}
}  // namespace

Status VerifyInclusion(uint64_t leaf_index, uint64_t tree_size, const Sha256Digest& leaf_hash,
                       std::span<const Sha256Digest> proof, const Sha256Digest& root) {
  std::vector<Bytes> p = ToBytes(proof);
  return VerifyInclusionRaw(leaf_index, tree_size, leaf_hash, p, root);
}

Status VerifyConsistency(uint64_t size1, uint64_t size2, const Sha256Digest& root1, const Sha256Digest& root2,
                         std::span<const Sha256Digest> proof) {
  std::vector<Bytes> p = ToBytes(proof);
  return VerifyConsistencyRaw(size1, size2, root1, root2, p);
}

}  // namespace custodia
