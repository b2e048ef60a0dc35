// Ed25519 keys and signatures in minisign's file formats (SPEC §4), so that the
// stock `minisign -Vm FILE -p station.pub` checks everything custodia signs.
//
//   public key  : "untrusted comment: …\n" base64("Ed" ‖ keyid[8] ‖ pk[32]) "\n"
//   secret key  : "untrusted comment: …\n" base64("Ed" ‖ 00 00 ‖ "B2" ‖ salt[32]=0 ‖
//                 ops[8]=0 ‖ mem[8]=0 ‖ keyid[8] ‖ sk[64] ‖ chk[32]) "\n"
//                 (unencrypted, as `minisign -G -W`; chk = BLAKE2b-256("Ed"‖keyid‖sk))
//   signature   : "untrusted comment: …\n" base64("ED" ‖ keyid ‖ Ed25519(BLAKE2b-512(file)))
//                 "\ntrusted comment: <text>\n" base64(Ed25519(sig ‖ text)) "\n"
#ifndef CUSTODIA_MINISIGN_H_
#define CUSTODIA_MINISIGN_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "custodia/env.h"
#include "custodia/hash.h"
#include "custodia/status.h"

namespace custodia {

using KeyId = std::array<uint8_t, 8>;
using Ed25519Signature = std::array<uint8_t, 64>;

// As minisign prints it: the 8 bytes read little-endian, 16 upper-case hex digits.
std::string KeyIdString(const KeyId& id);

struct PublicKey {
  KeyId key_id{};
  std::array<uint8_t, 32> key{};

  // Parses a public key file (two lines) or a bare base64 line.
  static Result<PublicKey> Parse(std::string_view text, std::string_view where);
  std::string Base64() const;
  std::string FileText(std::string_view untrusted_comment) const;
  std::string IdString() const { return KeyIdString(key_id); }
  bool operator==(const PublicKey& o) const { return key_id == o.key_id && key == o.key; }
};

struct Signature {
  std::string untrusted_comment;  // without the "untrusted comment: " prefix
  bool prehashed = true;          // "ED" (BLAKE2b-512 prehash) or legacy "Ed"
  KeyId key_id{};
  Ed25519Signature sig{};
  std::string trusted_comment;    // without the prefix
  Ed25519Signature global_sig{};

  static Result<Signature> Parse(std::string_view text, std::string_view where);
  std::string FileText() const;
};

// A secret key held in sodium_malloc'd, guarded memory, wiped when destroyed.
class SecretKey {
 public:
  SecretKey(SecretKey&& o) noexcept;
  SecretKey& operator=(SecretKey&& o) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  ~SecretKey();

  static Result<SecretKey> Generate();
  // Loads a key file. Refuses (kVault) a file readable by group or others.
  static Result<SecretKey> Load(Env* env, const std::string& path);
  static Result<SecretKey> Parse(std::string_view text, std::string_view where);

  const PublicKey& public_key() const { return pub_; }
  // Key file text; the caller must wipe it (WipeString) once written.
  std::string FileText(std::string_view untrusted_comment) const;

  // Plain Ed25519 over `message` (signed notes, minisign global signatures).
  Ed25519Signature SignRaw(std::span<const uint8_t> message) const;
  // A minisign "ED" signature of a file whose BLAKE2b-512 is `prehash`.
  // Verifies the result before returning it.
  Result<Signature> SignPrehashed(const Blake2bDigest& prehash, std::string_view trusted_comment,
                                  std::string_view untrusted_comment) const;
  Result<Signature> SignData(std::string_view data, std::string_view trusted_comment,
                             std::string_view untrusted_comment) const;

 private:
  SecretKey();
  unsigned char* sk_ = nullptr;  // 64 bytes, sodium_malloc
  PublicKey pub_;
};

// Verifies a signature (key id, file signature, trusted-comment signature).
// Every failure says which and names `where`.
Status VerifyPrehashed(const PublicKey& pk, const Signature& sig, const Blake2bDigest& prehash,
                       std::string_view where);
Status VerifyData(const PublicKey& pk, const Signature& sig, std::string_view data, std::string_view where);
// Verifies signature file `sig_path` for file `path` (streams the file).
Status VerifyFile(Env* env, const PublicKey& pk, const std::string& path, const std::string& sig_path);
bool VerifyRaw(const std::array<uint8_t, 32>& pk, std::span<const uint8_t> message, const Ed25519Signature& sig);

// Overwrites a string's bytes with zeros (sodium_memzero), then clears it.
void WipeString(std::string& s);

}  // namespace custodia

#endif  // CUSTODIA_MINISIGN_H_
