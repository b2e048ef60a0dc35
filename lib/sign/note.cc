#include "custodia/note.h"

#include <cstring>

#include "custodia/encoding.h"
#include "custodia/hash.h"

namespace custodia {

namespace {
constexpr std::string_view kDash = "\xE2\x80\x94 ";  // U+2014 EM DASH + space
constexpr uint8_t kAlgEd25519 = 0x01;
constexpr size_t kMaxNote = 1 << 20;
constexpr size_t kMaxSigs = 100;
}  // namespace

bool IsValidNoteName(std::string_view name) {
  if (name.empty() || !IsValidUtf8(name)) return false;
  for (unsigned char c : name) {
    if (c == '+' || c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::array<uint8_t, 4> NoteKeyHash(std::string_view name, const std::array<uint8_t, 32>& key) {
  Sha256 h;
  h.Update(name);
  uint8_t sep[2] = {0x0A, kAlgEd25519};
  h.Update(sep, 2);
  h.Update(key.data(), key.size());
  Sha256Digest d = h.Final();
  return {d[0], d[1], d[2], d[3]};
}

NoteVerifier NoteVerifier::For(std::string_view name, const PublicKey& pk) {
  NoteVerifier v;
  v.name = std::string(name);
  v.key = pk.key;
  v.key_hash = NoteKeyHash(name, pk.key);
  return v;
}

std::string NoteVerifier::ToString() const {
  uint8_t raw[33];
  raw[0] = kAlgEd25519;
  std::memcpy(raw + 1, key.data(), 32);
  return name + "+" + ToHex(key_hash) + "+" + Base64Encode(std::span<const uint8_t>(raw, sizeof raw));
}

Result<NoteVerifier> NoteVerifier::Parse(std::string_view vkey) {
  auto bad = [&](const std::string& why) {
    return Status::Invalid("malformed verifier key \"" + std::string(vkey.substr(0, 200)) + "\": " + why);
  };
  while (!vkey.empty() && (vkey.back() == '\n' || vkey.back() == '\r')) vkey.remove_suffix(1);
  size_t p1 = vkey.find('+');
  if (p1 == std::string_view::npos) return bad("expected name+hash+key");
  size_t p2 = vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return bad("expected name+hash+key");
  NoteVerifier v;
  v.name = std::string(vkey.substr(0, p1));
  if (!IsValidNoteName(v.name)) return bad("invalid name");
  std::string_view hash_hex = vkey.substr(p1 + 1, p2 - p1 - 1);
  if (hash_hex.size() != 8 || !IsLowerHex(hash_hex)) return bad("key hash must be 8 lowercase hex digits");
  auto raw = Base64Decode(vkey.substr(p2 + 1), "verifier key");
  if (!raw.ok()) return bad(raw.status().message());
  if (raw->size() != 33 || (*raw)[0] != kAlgEd25519) return bad("not an Ed25519 key");
  std::memcpy(v.key.data(), raw->data() + 1, 32);
  v.key_hash = NoteKeyHash(v.name, v.key);
  if (ToHex(v.key_hash) != hash_hex) return bad("key hash does not match the name and key");
  return v;
}

Result<SignedNote> SignedNote::Parse(std::string_view note, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::Invalid(std::string(where) + ": malformed signed note: " + why);
  };
  if (note.size() > kMaxNote) return bad("larger than 1 MiB");
  if (!IsValidUtf8(note)) return bad("invalid UTF-8");
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return bad("no blank line before the signatures");
  SignedNote n;
  n.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return bad("signature block must end with a newline");
  while (!sigs.empty()) {
    size_t nl = sigs.find('\n');
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    if (line.substr(0, kDash.size()) != kDash) return bad("signature line must start with \"\xE2\x80\x94 \"");
    line.remove_prefix(kDash.size());
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return bad("signature line needs a name and a signature");
    NoteSignature s;
    s.name = std::string(line.substr(0, sp));
    if (!IsValidNoteName(s.name)) return bad("invalid signer name \"" + s.name + "\"");
    auto raw = Base64Decode(line.substr(sp + 1), "note signature");
    if (!raw.ok()) return bad(raw.status().message());
    if (raw->size() < 5) return bad("signature too short");
    std::memcpy(s.key_hash.data(), raw->data(), 4);
    s.signature.assign(raw->begin() + 4, raw->end());
    n.signatures.push_back(std::move(s));
    if (n.signatures.size() > kMaxSigs) return bad("too many signatures");
  }
  return n;
}

std::string SignedNote::Serialize() const {
  std::string out = text;
  out += "\n";
  for (const auto& s : signatures) {
    std::vector<uint8_t> raw(s.key_hash.begin(), s.key_hash.end());
    raw.insert(raw.end(), s.signature.begin(), s.signature.end());
    out += kDash;
    out += s.name;
    out += " ";
    out += Base64Encode(raw);
    out += "\n";
  }
  return out;
}

Result<SignedNote> SignNote(std::string_view text, std::string_view name, const std::vector<const SecretKey*>& keys) {
  if (text.empty() || text.back() != '\n') return Status::Invalid("note text must end with a newline");
  if (text.find("\n\n") != std::string_view::npos) return Status::Invalid("note text must not contain a blank line");
  if (!IsValidNoteName(name)) return Status::Invalid("invalid note name \"" + std::string(name) + "\"");
  SignedNote n;
  n.text = std::string(text);
  for (const SecretKey* k : keys) {
    NoteSignature s;
    s.name = std::string(name);
    s.key_hash = NoteKeyHash(name, k->public_key().key);
    Ed25519Signature sig = k->SignRaw(AsBytes(text));
    s.signature.assign(sig.begin(), sig.end());
    n.signatures.push_back(std::move(s));
    RETURN_IF_ERROR(VerifyNote(n, NoteVerifier::For(name, k->public_key()), "freshly signed note"));
  }
  return n;
}

Status VerifyNote(const SignedNote& note, const NoteVerifier& verifier, std::string_view where) {
  bool seen = false;
  for (const auto& s : note.signatures) {
    if (s.name != verifier.name || s.key_hash != verifier.key_hash) continue;
    seen = true;
    if (s.signature.size() != 64) continue;
    Ed25519Signature sig;
    std::memcpy(sig.data(), s.signature.data(), 64);
    if (VerifyRaw(verifier.key, AsBytes(note.text), sig)) return Status::Ok();
  }
  if (!seen) {
    return Status::Integrity(std::string(where) + ": no signature by " + verifier.name + " key " +
                             ToHex(verifier.key_hash));
  }
  return Status::Integrity(std::string(where) + ": signature by " + verifier.name +
                           " does not match the note text (note altered)");
}

}  // namespace custodia
