#include "custody/checkpoint_check.h"

#include <cstring>

#include "custodia/encoding.h"

namespace custodia::custody_internal {

namespace {
std::string KeyName(const std::string& name, const std::array<uint8_t, 4>& hash) {
  return name + " (key " + ToHex(hash) + ")";
}
}  // namespace

std::optional<CheckedCheckpoint> CheckCheckpoint(std::string label, std::string text,
                                                 const std::vector<NoteVerifier>& verifiers, ProblemList& problems) {
  auto parsed = SignedCheckpoint::Parse(text, label);
  if (!parsed.ok()) {
    problems.Add(std::nullopt, parsed.status().message());
    return std::nullopt;
  }
  CheckedCheckpoint c;
  c.label = std::move(label);
  c.text = std::move(text);
  c.checkpoint = parsed->checkpoint;
  if (verifiers.empty()) {
    c.trusted = true;
    return c;
  }
  bool verified = false, failed = false;
  for (const NoteSignature& s : parsed->note.signatures) {
    for (const NoteVerifier& v : verifiers) {
      if (v.name != s.name || v.key_hash != s.key_hash) continue;
      Ed25519Signature sig{};
      bool ok = s.signature.size() == sig.size();
      if (ok) {
        std::memcpy(sig.data(), s.signature.data(), sig.size());
        ok = VerifyRaw(v.key, AsBytes(parsed->note.text), sig);
      }
      if (ok) {
        verified = true;
      } else {
        failed = true;
        problems.Add(std::nullopt, c.label + ": the signature by " + KeyName(s.name, s.key_hash) +
                                       " does not verify: the checkpoint was altered or forged");
      }
    }
  }
  if (!verified && !failed) {
    std::string keys;
    for (const NoteVerifier& v : verifiers) keys += (keys.empty() ? "" : ", ") + KeyName(v.name, v.key_hash);
    problems.Add(std::nullopt, c.label + ": not signed by any trusted key (" + keys + ")");
  }
  c.trusted = verified && !failed;
  return c;
}

void CheckCheckpointMinisig(const std::string& sig_label, std::string_view sig_text, std::string_view checkpoint_text,
                            const std::vector<NoteVerifier>& verifiers, ProblemList& problems) {
  auto sig = Signature::Parse(sig_text, sig_label);
  if (!sig.ok()) {
    problems.Add(std::nullopt, sig.status().message());
    return;
  }
  if (verifiers.empty()) return;
  Status last;
  for (const NoteVerifier& v : verifiers) {
    PublicKey pk;
    pk.key_id = sig->key_id;  // the key id only names the key; the Ed25519 key is what counts
    pk.key = v.key;
    last = VerifyData(pk, *sig, checkpoint_text, sig_label);
    if (last.ok()) return;
  }
  problems.Add(std::nullopt, sig_label + " does not verify the checkpoint with any trusted key (" +
                                 last.message() + "): an interrupted checkpoint write, or an altered file");
}

}  // namespace custodia::custody_internal
