#include "custodia/minisign.h"

#include <sodium.h>

#include <cstring>
#include <new>

#include "custodia/encoding.h"

namespace custodia {

namespace {
constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
constexpr std::string_view kTrustedPrefix = "trusted comment: ";
constexpr size_t kSecretBlobSize = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;  // 158
constexpr size_t kMaxCommentBytes = 8192;                              // minisign's TRUSTEDCOMMENTMAXBYTES

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) std::abort();
}

// Splits text into lines (accepting \n or \r\n); at most max_lines + 1 entries.
std::vector<std::string_view> Lines(std::string_view text, size_t max_lines) {
  std::vector<std::string_view> out;
  while (!text.empty() && out.size() <= max_lines) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

void SecretChecksum(const KeyId& id, const unsigned char* sk, unsigned char out[32]) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>("Ed"), 2);
  crypto_generichash_update(&st, id.data(), id.size());
  crypto_generichash_update(&st, sk, 64);
  crypto_generichash_final(&st, out, 32);
  sodium_memzero(&st, sizeof st);
}
}  // namespace

std::string KeyIdString(const KeyId& id) {
  KeyId be;
  for (size_t i = 0; i < 8; ++i) be[i] = id[7 - i];
  return ToHexUpper(be);
}

void WipeString(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
  s.shrink_to_fit();
}

// ---- public key ----

Result<PublicKey> PublicKey::Parse(std::string_view text, std::string_view where) {
  auto lines = Lines(text, 3);
  std::string_view b64;
  if (lines.size() == 1) {
    b64 = lines[0];
  } else if (lines.size() >= 2 && lines[0].substr(0, kUntrustedPrefix.size()) == kUntrustedPrefix) {
    b64 = lines[1];
  } else {
    return Status::Invalid(std::string(where) + ": not a minisign public key (expected an \"untrusted comment:\" line "
                           "and a base64 line)");
  }
  auto raw = Base64Decode(b64, std::string(where) + " public key");
  if (!raw.ok()) return raw.status();
  if (raw->size() != 42 || (*raw)[0] != 'E' || (*raw)[1] != 'd') {
    return Status::Invalid(std::string(where) + ": not an Ed25519 minisign public key (" +
                           std::to_string(raw->size()) + " bytes)");
  }
  PublicKey pk;
  std::memcpy(pk.key_id.data(), raw->data() + 2, 8);
  std::memcpy(pk.key.data(), raw->data() + 10, 32);
  return pk;
}

std::string PublicKey::Base64() const {
  uint8_t raw[42] = {'E', 'd'};
  std::memcpy(raw + 2, key_id.data(), 8);
  std::memcpy(raw + 10, key.data(), 32);
  return Base64Encode(std::span<const uint8_t>(raw, sizeof raw));
}

std::string PublicKey::FileText(std::string_view untrusted_comment) const {
  return std::string(kUntrustedPrefix) + std::string(untrusted_comment) + "\n" + Base64() + "\n";
}

// ---- signature ----

Result<Signature> Signature::Parse(std::string_view text, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::Invalid(std::string(where) + ": not a valid minisign signature: " + why);
  };
  if (text.size() > 4 * kMaxCommentBytes) return bad("file too large (" + std::to_string(text.size()) + " bytes)");
  auto lines = Lines(text, 4);
  if (lines.size() < 4) return bad("expected 4 lines, found " + std::to_string(lines.size()));
  if (lines.size() > 4 && !(lines.size() == 5 && lines[4].empty())) return bad("unexpected data after line 4");
  if (lines[0].substr(0, kUntrustedPrefix.size()) != kUntrustedPrefix) {
    return bad("line 1 must start with \"untrusted comment: \"");
  }
  if (lines[2].substr(0, kTrustedPrefix.size()) != kTrustedPrefix) {
    return bad("line 3 must start with \"trusted comment: \"");
  }
  Signature s;
  s.untrusted_comment = std::string(lines[0].substr(kUntrustedPrefix.size()));
  s.trusted_comment = std::string(lines[2].substr(kTrustedPrefix.size()));
  if (s.trusted_comment.size() > kMaxCommentBytes) return bad("trusted comment too long");
  auto raw = Base64Decode(lines[1], "signature (line 2)");
  if (!raw.ok()) return bad(raw.status().message());
  if (raw->size() != 74) return bad("line 2 decodes to " + std::to_string(raw->size()) + " bytes, expected 74");
  if ((*raw)[0] == 'E' && (*raw)[1] == 'D') {
    s.prehashed = true;
  } else if ((*raw)[0] == 'E' && (*raw)[1] == 'd') {
    s.prehashed = false;
  } else {
    return bad("unsupported signature algorithm");
  }
  std::memcpy(s.key_id.data(), raw->data() + 2, 8);
  std::memcpy(s.sig.data(), raw->data() + 10, 64);
  auto global = Base64Decode(lines[3], "global signature (line 4)");
  if (!global.ok()) return bad(global.status().message());
  if (global->size() != 64) return bad("line 4 decodes to " + std::to_string(global->size()) + " bytes, expected 64");
  std::memcpy(s.global_sig.data(), global->data(), 64);
  return s;
}

std::string Signature::FileText() const {
  uint8_t raw[74] = {'E', static_cast<uint8_t>(prehashed ? 'D' : 'd')};
  std::memcpy(raw + 2, key_id.data(), 8);
  std::memcpy(raw + 10, sig.data(), 64);
  std::string out;
  out += kUntrustedPrefix;
  out += untrusted_comment;
  out += "\n";
  out += Base64Encode(std::span<const uint8_t>(raw, sizeof raw));
  out += "\n";
  out += kTrustedPrefix;
  out += trusted_comment;
  out += "\n";
  out += Base64Encode(global_sig);
  out += "\n";
  return out;
}

// ---- secret key ----

SecretKey::SecretKey() {
  EnsureSodium();
  sk_ = static_cast<unsigned char*>(sodium_malloc(crypto_sign_SECRETKEYBYTES));
  if (!sk_) throw std::bad_alloc();
}

SecretKey::SecretKey(SecretKey&& o) noexcept : sk_(o.sk_), pub_(o.pub_) { o.sk_ = nullptr; }

SecretKey& SecretKey::operator=(SecretKey&& o) noexcept {
  if (this != &o) {
    if (sk_) sodium_free(sk_);
    sk_ = o.sk_;
    pub_ = o.pub_;
    o.sk_ = nullptr;
  }
  return *this;
}

SecretKey::~SecretKey() {
  if (sk_) sodium_free(sk_);  // sodium_free wipes before releasing
}

Result<SecretKey> SecretKey::Generate() {
  SecretKey k;
  randombytes_buf(k.pub_.key_id.data(), k.pub_.key_id.size());
  crypto_sign_keypair(k.pub_.key.data(), k.sk_);
  return k;
}

Result<SecretKey> SecretKey::Load(Env* env, const std::string& path) {
  auto info = env->Stat(path);
  if (!info.ok()) {
    return Status::Vault("cannot read the station secret key " + path + ": " + info.status().message(),
                         "restore keys/station.key from your backup; without it the station cannot sign");
  }
  if (info->mode & 077) {
    char mode[16];
    std::snprintf(mode, sizeof mode, "%04o", info->mode);
    return Status::Vault("refusing to use " + path + ": it is readable by group or others (mode " + mode + ")",
                         "run: chmod 600 " + path + " (and consider the key compromised if others could read it)");
  }
  // Read into guarded memory, never into a std::string: a growing string
  // frees its old buffer unwiped (SPEC §4: the key text is wiped after use).
  constexpr size_t kMaxKeyFile = 4096;
  auto file = env->OpenRead(path);
  if (!file.ok()) return Status::Vault(file.status().message());
  EnsureSodium();
  char* buf = static_cast<char*>(sodium_malloc(kMaxKeyFile));
  if (!buf) throw std::bad_alloc();
  size_t got = 0;
  Status read_status;
  while (got < kMaxKeyFile) {
    auto n = (*file)->Read(buf + got, kMaxKeyFile - got);
    if (!n.ok()) {
      read_status = Status::Vault(n.status().message());
      break;
    }
    if (*n == 0) break;
    got += *n;
  }
  if (read_status.ok() && got == kMaxKeyFile) {
    read_status = Status::Vault(path + " is too large to be a minisign secret key (limit 4096 bytes)");
  }
  Result<SecretKey> key = read_status.ok() ? Parse(std::string_view(buf, got), path) : Result<SecretKey>(read_status);
  sodium_free(buf);  // wipes
  return key;
}

Result<SecretKey> SecretKey::Parse(std::string_view text, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::Vault(std::string(where) + ": not a usable minisign secret key: " + why);
  };
  auto lines = Lines(text, 3);
  if (lines.size() < 2 || lines[0].substr(0, kUntrustedPrefix.size()) != kUntrustedPrefix) {
    return bad("expected an \"untrusted comment:\" line and a base64 line");
  }
  std::string_view b64 = lines[1];
  SecretKey k;
  unsigned char* blob = static_cast<unsigned char*>(sodium_malloc(kSecretBlobSize));
  if (!blob) throw std::bad_alloc();
  size_t len = 0;
  int rc = sodium_base642bin(blob, kSecretBlobSize, b64.data(), b64.size(), nullptr, &len, nullptr,
                             sodium_base64_VARIANT_ORIGINAL);
  Status st;
  if (rc != 0 || len != kSecretBlobSize) {
    st = bad("base64 line has the wrong size");
  } else if (std::memcmp(blob, "Ed", 2) != 0) {
    st = bad("unsupported signature algorithm");
  } else if (blob[2] != 0 || blob[3] != 0) {
    st = bad("the key is encrypted with a password; custodia needs an unencrypted key (minisign -G -W)");
  } else if (std::memcmp(blob + 4, "B2", 2) != 0) {
    st = bad("unsupported checksum algorithm");
  } else {
    const unsigned char* keynum = blob + 54;
    std::memcpy(k.pub_.key_id.data(), keynum, 8);
    std::memcpy(k.sk_, keynum + 8, 64);
    unsigned char chk[32];
    SecretChecksum(k.pub_.key_id, k.sk_, chk);
    const unsigned char* stored = keynum + 72;
    bool zero_chk = sodium_is_zero(stored, 32);  // minisign -W writes a zero checksum
    if (!zero_chk && sodium_memcmp(chk, stored, 32) != 0) {
      st = bad("checksum mismatch: the key file is damaged");
    }
    sodium_memzero(chk, sizeof chk);
    crypto_sign_ed25519_sk_to_pk(k.pub_.key.data(), k.sk_);
  }
  sodium_free(blob);
  if (!st.ok()) return st;
  return k;
}

std::string SecretKey::FileText(std::string_view untrusted_comment) const {
  unsigned char* blob = static_cast<unsigned char*>(sodium_malloc(kSecretBlobSize));
  if (!blob) throw std::bad_alloc();
  std::memset(blob, 0, kSecretBlobSize);
  std::memcpy(blob, "Ed", 2);
  std::memcpy(blob + 4, "B2", 2);
  std::memcpy(blob + 54, pub_.key_id.data(), 8);
  std::memcpy(blob + 62, sk_, 64);
  SecretChecksum(pub_.key_id, sk_, blob + 126);
  std::string out(kUntrustedPrefix);
  out += untrusted_comment;
  out += "\n";
  size_t b64_len = sodium_base64_ENCODED_LEN(kSecretBlobSize, sodium_base64_VARIANT_ORIGINAL);
  size_t start = out.size();
  out.resize(start + b64_len);
  sodium_bin2base64(out.data() + start, b64_len, blob, kSecretBlobSize, sodium_base64_VARIANT_ORIGINAL);
  out.resize(start + b64_len - 1);  // drop the NUL
  out += "\n";
  sodium_free(blob);
  return out;
}

Ed25519Signature SecretKey::SignRaw(std::span<const uint8_t> message) const {
  Ed25519Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), sk_);
  return sig;
}

Result<Signature> SecretKey::SignPrehashed(const Blake2bDigest& prehash, std::string_view trusted_comment,
                                           std::string_view untrusted_comment) const {
  if (trusted_comment.find('\n') != std::string_view::npos || untrusted_comment.find('\n') != std::string_view::npos) {
    return Status::Invalid("a signature comment cannot contain a newline");
  }
  if (trusted_comment.size() > kMaxCommentBytes) return Status::Invalid("trusted comment too long");
  Signature s;
  s.untrusted_comment = std::string(untrusted_comment);
  s.trusted_comment = std::string(trusted_comment);
  s.prehashed = true;
  s.key_id = pub_.key_id;
  s.sig = SignRaw(prehash);
  std::string global(reinterpret_cast<const char*>(s.sig.data()), s.sig.size());
  global += trusted_comment;
  s.global_sig = SignRaw(AsBytes(global));
  // Sign, then verify our own signature before reporting success (SPEC §4).
  Status v = VerifyPrehashed(pub_, s, prehash, "freshly made signature");
  if (!v.ok()) return Status::Integrity("signing failed its own verification: " + v.message());
  return s;
}

Result<Signature> SecretKey::SignData(std::string_view data, std::string_view trusted_comment,
                                      std::string_view untrusted_comment) const {
  return SignPrehashed(Blake2b512::Of(data), trusted_comment, untrusted_comment);
}

// ---- verification ----

bool VerifyRaw(const std::array<uint8_t, 32>& pk, std::span<const uint8_t> message, const Ed25519Signature& sig) {
  EnsureSodium();
  return crypto_sign_verify_detached(sig.data(), message.data(), message.size(), pk.data()) == 0;
}

namespace {
Status VerifyParts(const PublicKey& pk, const Signature& sig, std::span<const uint8_t> signed_bytes,
                   std::string_view where) {
  if (sig.key_id != pk.key_id) {
    return Status::Integrity(std::string(where) + ": signed by key " + KeyIdString(sig.key_id) +
                             ", not by the expected key " + pk.IdString());
  }
  if (!VerifyRaw(pk.key, signed_bytes, sig.sig)) {
    return Status::Integrity(std::string(where) + ": signature does not match the file (file or signature altered)");
  }
  std::string global(reinterpret_cast<const char*>(sig.sig.data()), sig.sig.size());
  global += sig.trusted_comment;
  if (!VerifyRaw(pk.key, AsBytes(global), sig.global_sig)) {
    return Status::Integrity(std::string(where) + ": trusted comment signature does not match (comment altered)");
  }
  return Status::Ok();
}
}  // namespace

Status VerifyPrehashed(const PublicKey& pk, const Signature& sig, const Blake2bDigest& prehash,
                       std::string_view where) {
  if (!sig.prehashed) {
    return Status::Integrity(std::string(where) + ": legacy (non-prehashed) signature where a prehashed one is needed");
  }
  return VerifyParts(pk, sig, prehash, where);
}

Status VerifyData(const PublicKey& pk, const Signature& sig, std::string_view data, std::string_view where) {
  if (sig.prehashed) return VerifyParts(pk, sig, Blake2b512::Of(data), where);
  return VerifyParts(pk, sig, AsBytes(data), where);
}

Status VerifyFile(Env* env, const PublicKey& pk, const std::string& path, const std::string& sig_path) {
  ASSIGN_OR_RETURN(std::string sig_text, ReadFileToString(env, sig_path, 64 * 1024));
  ASSIGN_OR_RETURN(Signature sig, Signature::Parse(sig_text, sig_path));
  if (!sig.prehashed) {
    ASSIGN_OR_RETURN(std::string data, ReadFileToString(env, path, 1u << 30));
    return VerifyParts(pk, sig, AsBytes(data), path);
  }
  ASSIGN_OR_RETURN(FileDigests d, HashFile(env, path, true));
  return VerifyPrehashed(pk, sig, d.blake2b, path);
}

}  // namespace custodia
