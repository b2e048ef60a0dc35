// Hashes: SHA-256 through OpenSSL's EVP (SHA extensions), BLAKE2b-512 through
// libsodium (the prehash minisign's "ED" signatures need).
#ifndef CUSTODIA_HASH_H_
#define CUSTODIA_HASH_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "custodia/env.h"
#include "custodia/status.h"

namespace custodia {

using Sha256Digest = std::array<uint8_t, 32>;
using Blake2bDigest = std::array<uint8_t, 64>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(const void* data, size_t n);
  void Update(std::string_view s) { Update(s.data(), s.size()); }
  Sha256Digest Final();  // resets for reuse

  static Sha256Digest Of(std::string_view data);
  static Sha256Digest Of(const void* data, size_t n);

 private:
  void* ctx_;  // EVP_MD_CTX
};

class Blake2b512 {
 public:
  Blake2b512();
  void Update(const void* data, size_t n);
  void Update(std::string_view s) { Update(s.data(), s.size()); }
  Blake2bDigest Final();  // resets for reuse
  static Blake2bDigest Of(std::string_view data);

 private:
  alignas(64) unsigned char state_[384];  // crypto_generichash_state
};

std::string HexOf(const Sha256Digest& d);
Result<Sha256Digest> ParseSha256Hex(std::string_view hex);

struct FileDigests {
  uint64_t size = 0;
  Sha256Digest sha256{};
  Blake2bDigest blake2b{};
};

// Reads the file once, computing SHA-256 and (if want_blake2b) BLAKE2b-512.
// drop_cache: read around the page cache where possible (verify --read-data).
Result<FileDigests> HashFile(Env* env, const std::string& path, bool want_blake2b, bool drop_cache = false);

}  // namespace custodia

#endif  // CUSTODIA_HASH_H_
