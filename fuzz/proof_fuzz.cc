// libFuzzer target: custody/proofs/<seq>.json of a bundle (JSON, depth
// bound, strict inclusion proof) and the inclusion walk over whatever parses.
// Seeds: tests/bundle/corpus/proof/.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "custodia/bundle.h"
#include "custodia/custody.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto proof = custodia::ParseBundleProof(text, "custody/proofs/1.json");
  if (proof.ok()) {
    (void)custodia::VerifyInclusion(proof->leaf_index, proof->tree_size, proof->leaf_hash, proof->hashes,
                                    proof->leaf_hash);
    auto again = custodia::InclusionProof::FromJson(proof->ToJson(), "round trip");
    if (!again.ok() || again->hashes != proof->hashes || again->leaf_index != proof->leaf_index) std::abort();
  }
  // Entries go through the same depth bound, then the entry parser.
  if (size <= custodia::kMaxEntryLine) {
    auto e = custodia::ParseBundleEntry(text, "custody/entries.jsonl line 1");
    if (e.ok()) (void)e->ToLine();
  }
  return 0;
}
