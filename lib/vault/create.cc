// Creating a vault: directories (0700), VAULT.json, the station key pair.
#include <sys/stat.h>

#include "custodia/encoding.h"
#include "custodia/vault.h"

namespace custodia {

namespace {
std::string PublicKeyComment(const std::string& station, const PublicKey& pk) {
  return "custodia station " + station + " public key " + pk.IdString();
}
}  // namespace

Status CreateVaultFiles(Env* env, const VaultLayout& layout, const InitOptions& opts, VaultConfig* out_config) {
  std::string station = opts.station.empty() ? DefaultStationId() : opts.station;
  if (!IsValidStationId(station)) {
    return Status::Invalid("invalid station id \"" + station + "\"",
                           "use 1 to 64 characters from A-Z a-z 0-9 . _ - (it becomes the log origin custodia/<station>)");
  }
  auto tz = TimeZone::Load(opts.timezone);
  if (!tz.ok()) return tz.status();

  if (env->Exists(layout.VaultJson())) {
    return Status::Invalid("there is already a vault at " + layout.root(),
                           "use it as it is; a vault is never re-initialised over existing evidence");
  }
  if (env->Exists(layout.root())) {
    auto entries = env->ListDir(layout.root());
    if (!entries.ok()) return entries.status();
    if (!entries->empty()) {
      return Status::Invalid("refusing to create a vault in " + layout.root() + ": the directory is not empty",
                             "choose a new or empty directory");
    }
  }
  ::umask(077);
  for (const std::string& dir : layout.Directories()) {
    RETURN_IF_ERROR(MakeDirs(env, dir, kDirMode));
    RETURN_IF_ERROR(env->Chmod(dir, kDirMode));
  }

  ASSIGN_OR_RETURN(SecretKey key, SecretKey::Generate());
  const PublicKey& pk = key.public_key();
  std::string tmp = layout.TmpDir();
  std::string secret = key.FileText("custodia station " + station + " secret key " + pk.IdString() +
                                    " (unencrypted minisign format; keep mode 0600)");
  Status st = WriteFileOnce(env, tmp, layout.StationKey(), secret, kSecretMode);
  WipeString(secret);
  RETURN_IF_ERROR(st);
  std::string pub = pk.FileText(PublicKeyComment(station, pk));
  RETURN_IF_ERROR(WriteFileOnce(env, tmp, layout.StationPub(), pub, kFileMode));
  RETURN_IF_ERROR(WriteFileOnce(env, tmp, layout.KeyPub(pk.IdString()), pub, kFileMode));

  VaultConfig config;
  config.station = station;
  config.origin = "custodia/" + station;
  config.created = NowMs();
  config.timezone = tz->name();
  ASSIGN_OR_RETURN(std::string json, CanonicalJson(config.ToJson()));
  // VAULT.json last: a vault without it is not a vault, so a crash during
  // init leaves a directory init can be pointed at again after emptying it.
  RETURN_IF_ERROR(WriteFileOnce(env, tmp, layout.VaultJson(), json + "\n", kFileMode));
  if (out_config) *out_config = config;
  return Status::Ok();
}

Result<PublicKey> ReadStationPublicKey(Env* env, const VaultLayout& layout) {
  auto text = ReadFileToString(env, layout.StationPub(), 4096);
  if (!text.ok()) {
    return Status::Vault("cannot read the station public key: " + text.status().message(),
                         "restore keys/station.pub from a backup or an export bundle");
  }
  auto pk = PublicKey::Parse(*text, layout.StationPub());
  if (!pk.ok()) return Status::Vault(pk.status().message());
  return pk;
}

Result<std::vector<PublicKey>> ReadAllPublicKeys(Env* env, const VaultLayout& layout) {
  ASSIGN_OR_RETURN(PublicKey current, ReadStationPublicKey(env, layout));
  std::vector<PublicKey> out = {current};
  ASSIGN_OR_RETURN(auto entries, env->ListDir(layout.KeysDir()));
  for (const auto& e : entries) {
    if (e.type != EntryType::kRegular || e.name == "station.pub" || e.name.size() != 20 ||
        e.name.substr(16) != ".pub") {
      continue;
    }
    auto text = ReadFileToString(env, JoinPath(layout.KeysDir(), e.name), 4096);
    if (!text.ok()) return text.status();
    auto pk = PublicKey::Parse(*text, JoinPath(layout.KeysDir(), e.name));
    if (!pk.ok()) return pk.status();
    if (!(*pk == current)) out.push_back(*pk);
  }
  return out;
}

std::string ClipTrustedComment(const ClipFacts& f) {
  auto v = [](std::string_view s) { return PercentEncodeValue(s); };
  std::string out = "custodia clip sha256=" + f.sha256_hex + " size=" + std::to_string(f.size) +
                    " station=" + v(f.station) + " device=" + v(f.device) + " officer=" + v(f.officer) +
                    " start=" + (f.start > 0 ? FormatUtc(f.start) : std::string("-")) +
                    " ingested=" + FormatUtc(f.ingested);
  return out;
}

}  // namespace custodia
