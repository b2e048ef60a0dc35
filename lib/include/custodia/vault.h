// The vault on disk (SPEC §2): every path name, VAULT.json, the vault
// location rules, the LOCK, the station keys and the write-once object store.
// VaultLayout is the only place that knows on-disk names (like LevelDB's
// filename.cc).
#ifndef CUSTODIA_VAULT_H_
#define CUSTODIA_VAULT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/custody.h"
#include "custodia/env.h"
#include "custodia/json.h"
#include "custodia/minisign.h"
#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia {

constexpr int kVaultFormat = 1;
constexpr uint32_t kDirMode = 0700;
constexpr uint32_t kObjectMode = 0444;
constexpr uint32_t kFileMode = 0644;
constexpr uint32_t kSecretMode = 0600;

class VaultLayout {
 public:
  explicit VaultLayout(std::string root);
  const std::string& root() const { return root_; }

  std::string VaultJson() const;
  std::string Lock() const;
  std::string KeysDir() const;
  std::string StationPub() const;
  std::string StationKey() const;
  std::string KeyPub(std::string_view key_id) const;  // keys/<KEYID>.pub

  std::string ObjectsDir() const;                      // objects/sha256
  std::string ObjectShard(std::string_view hex) const; // objects/sha256/ab
  std::string Object(std::string_view hex) const;      // objects/sha256/ab/<hex>
  std::string ClipSig(std::string_view hex) const;     // sigs/ab/<hex>.minisig
  std::string Manifest(std::string_view hex) const;    // manifests/ab/<hex>.json
  std::string ManifestSig(std::string_view hex) const; // manifests/ab/<hex>.json.minisig
  std::string Receipt(std::string_view id) const;      // receipts/<id>.json
  std::string ReceiptSig(std::string_view id) const;
  std::string Import(std::string_view hex) const;      // imports/ab/<hex>
  std::string ImportSig(std::string_view hex) const;
  std::string ProfilesDir() const;
  std::string LogDir() const;
  LogPaths Log(const std::string& tmp_dir) const;
  std::string IndexDir() const;
  std::string QuarantineDir() const;
  std::string TmpDir() const;

  // Every directory a vault has (created by init, checked by fsck).
  std::vector<std::string> Directories() const;
  // The two-hex-digit shard directories under a sharded directory.
  static std::string Shard(std::string_view hex) { return std::string(hex.substr(0, 2)); }

 private:
  std::string root_;
};

struct VaultConfig {
  int format = kVaultFormat;
  std::string station;
  std::string origin;  // "custodia/<station>"
  TimeMs created = 0;
  std::string timezone = "America/Lima";

  Json ToJson() const;
  static Result<VaultConfig> FromJson(const Json& j, std::string_view where);
};

// [A-Za-z0-9._-]{1,64}
bool IsValidStationId(std::string_view id);

// The vault directory, by SPEC §2: flag, else $CUSTODIA_VAULT, else vault= in
// /etc/custodia/custodia.conf (or $CUSTODIA_CONF), else $XDG_DATA_HOME/custodia,
// else ~/.local/share/custodia.
struct VaultLocation {
  std::string path;
  std::string source;  // "--vault", "CUSTODIA_VAULT", "<conf file>", "XDG_DATA_HOME", "default"
};
Result<VaultLocation> ResolveVaultLocation(const std::string& flag);

// flock(2) on VAULT/LOCK, exclusive, waiting up to wait_seconds (0: try once).
// kLocked if still held, naming the holder's pid when known.
class VaultLock {
 public:
  static Result<std::unique_ptr<VaultLock>> Acquire(const std::string& lock_path, double wait_seconds);
  ~VaultLock();
  VaultLock(const VaultLock&) = delete;
  VaultLock& operator=(const VaultLock&) = delete;

 private:
  explicit VaultLock(int fd) : fd_(fd) {}
  int fd_;
};

struct InitOptions {
  std::string station;   // default: host name (sanitised)
  std::string timezone = "America/Lima";
};

// Creates the directory tree, VAULT.json and the station key pair. Does not
// write the custody log (the station layer logs the init). Fails with
// kInvalid if the directory already holds a vault or other files.
Status CreateVaultFiles(Env* env, const VaultLayout& layout, const InitOptions& opts, VaultConfig* out_config);

// Reads and checks VAULT.json: kVault with a clear message for "no vault
// here", a newer format, or a damaged file.
Result<VaultConfig> ReadVaultConfig(Env* env, const VaultLayout& layout);

// The station's public key (keys/station.pub) and every key it ever had
// (keys/*.pub), for verification.
Result<PublicKey> ReadStationPublicKey(Env* env, const VaultLayout& layout);
Result<std::vector<PublicKey>> ReadAllPublicKeys(Env* env, const VaultLayout& layout);

// Trusted comment of a clip signature (SPEC §4).
struct ClipFacts {
  std::string sha256_hex;
  uint64_t size = 0;
  std::string station, device, officer;
  TimeMs start = 0;  // 0 or negative: unknown
  TimeMs ingested = 0;
};
std::string ClipTrustedComment(const ClipFacts& facts);

std::string DefaultStationId();
std::string CurrentOsUser();

}  // namespace custodia

#endif  // CUSTODIA_VAULT_H_
