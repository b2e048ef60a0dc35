#include "custodia/hash.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstring>
#include <memory>
#include <vector>

#include "custodia/encoding.h"

namespace custodia {

static_assert(sizeof(crypto_generichash_state) <= 384, "grow Blake2b512::state_");

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::Update(const void* data, size_t n) { EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data, n); }

Sha256Digest Sha256::Final() {
  Sha256Digest d{};
  unsigned int len = 0;
  auto* ctx = static_cast<EVP_MD_CTX*>(ctx_);
  EVP_DigestFinal_ex(ctx, d.data(), &len);
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  return d;
}

Sha256Digest Sha256::Of(const void* data, size_t n) {
  Sha256Digest d{};
  unsigned int len = 0;
  EVP_Digest(data, n, d.data(), &len, EVP_sha256(), nullptr);
  return d;
}

Sha256Digest Sha256::Of(std::string_view data) { return Of(data.data(), data.size()); }

namespace {
crypto_generichash_state* State(unsigned char* p) { return reinterpret_cast<crypto_generichash_state*>(p); }
struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) std::abort();
  }
};
}  // namespace

Blake2b512::Blake2b512() {
  static SodiumInit init;
  crypto_generichash_init(State(state_), nullptr, 0, crypto_generichash_BYTES_MAX);
}

void Blake2b512::Update(const void* data, size_t n) {
  crypto_generichash_update(State(state_), static_cast<const unsigned char*>(data), n);
}

Blake2bDigest Blake2b512::Final() {
  Blake2bDigest d{};
  crypto_generichash_final(State(state_), d.data(), d.size());
  crypto_generichash_init(State(state_), nullptr, 0, crypto_generichash_BYTES_MAX);
  return d;
}

Blake2bDigest Blake2b512::Of(std::string_view data) {
  Blake2b512 h;
  h.Update(data);
  return h.Final();
}

std::string HexOf(const Sha256Digest& d) { return ToHex(d); }

Result<Sha256Digest> ParseSha256Hex(std::string_view hex) {
  if (hex.size() != 64) return Status::Invalid("a SHA-256 is 64 hex digits, got " + std::to_string(hex.size()));
  ASSIGN_OR_RETURN(Bytes b, FromHex(hex));
  Sha256Digest d;
  std::memcpy(d.data(), b.data(), 32);
  return d;
}

Result<FileDigests> HashFile(Env* env, const std::string& path, bool want_blake2b, bool drop_cache) {
  ASSIGN_OR_RETURN(auto file, env->OpenRead(path));
  file->AdviseSequential();
  if (drop_cache) file->DropCache();
  constexpr size_t kBuf = 1 << 20;
  std::unique_ptr<uint8_t[]> buf(new uint8_t[kBuf]);
  Sha256 sha;
  Blake2b512 blake;
  FileDigests out;
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, file->Read(buf.get(), kBuf));
    if (n == 0) break;
    sha.Update(buf.get(), n);
    if (want_blake2b) blake.Update(buf.get(), n);
    out.size += n;
  }
  if (drop_cache) file->DropCache();
  out.sha256 = sha.Final();
  if (want_blake2b) out.blake2b = blake.Final();
  return out;
}

}  // namespace custodia
