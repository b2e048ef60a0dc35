// libFuzzer target: minisign signature and public key files as a bundle
// carries them (*.minisig, station.pub, keys/*.pub).
// Seeds: tests/bundle/corpus/minisig/.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "custodia/minisign.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto sig = custodia::Signature::Parse(text, "x.minisig");
  if (sig.ok()) {
    // What parses re-serializes to something that parses to the same thing.
    auto again = custodia::Signature::Parse(sig->FileText(), "x.minisig");
    if (!again.ok() || again->key_id != sig->key_id || again->sig != sig->sig ||
        again->trusted_comment != sig->trusted_comment || again->global_sig != sig->global_sig) {
      std::abort();
    }
    custodia::PublicKey pk;
    pk.key_id = sig->key_id;
    (void)custodia::VerifyData(pk, *sig, text, "x");
  }
  auto pk = custodia::PublicKey::Parse(text, "station.pub");
  if (pk.ok()) {
    auto again = custodia::PublicKey::Parse(pk->FileText("c"), "station.pub");
    if (!again.ok() || !(*again == *pk)) std::abort();
  }
  return 0;
}
