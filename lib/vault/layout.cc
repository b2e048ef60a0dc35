// Every on-disk name of a vault, in one place (SPEC §2).
#include "custodia/vault.h"

namespace custodia {

VaultLayout::VaultLayout(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string VaultLayout::VaultJson() const { return JoinPath(root_, "VAULT.json"); }
std::string VaultLayout::Lock() const { return JoinPath(root_, "LOCK"); }
std::string VaultLayout::KeysDir() const { return JoinPath(root_, "keys"); }
std::string VaultLayout::StationPub() const { return JoinPath(KeysDir(), "station.pub"); }
std::string VaultLayout::StationKey() const { return JoinPath(KeysDir(), "station.key"); }
std::string VaultLayout::KeyPub(std::string_view key_id) const {
  return JoinPath(KeysDir(), std::string(key_id) + ".pub");
}

std::string VaultLayout::ObjectsDir() const { return JoinPath(root_, "objects/sha256"); }
std::string VaultLayout::ObjectShard(std::string_view hex) const { return JoinPath(ObjectsDir(), Shard(hex)); }
std::string VaultLayout::Object(std::string_view hex) const { return JoinPath(ObjectShard(hex), hex); }
std::string VaultLayout::ClipSig(std::string_view hex) const {
  return JoinPath(JoinPath(root_, "sigs"), Shard(hex) + "/" + std::string(hex) + ".minisig");
}
std::string VaultLayout::Manifest(std::string_view hex) const {
  return JoinPath(JoinPath(root_, "manifests"), Shard(hex) + "/" + std::string(hex) + ".json");
}
std::string VaultLayout::ManifestSig(std::string_view hex) const { return Manifest(hex) + ".minisig"; }
std::string VaultLayout::Receipt(std::string_view id) const {
  return JoinPath(JoinPath(root_, "receipts"), std::string(id) + ".json");
}
std::string VaultLayout::ReceiptSig(std::string_view id) const { return Receipt(id) + ".minisig"; }
std::string VaultLayout::Import(std::string_view hex) const {
  return JoinPath(JoinPath(root_, "imports"), Shard(hex) + "/" + std::string(hex));
}
std::string VaultLayout::ImportSig(std::string_view hex) const { return Import(hex) + ".minisig"; }
std::string VaultLayout::ProfilesDir() const { return JoinPath(root_, "profiles"); }
std::string VaultLayout::LogDir() const { return JoinPath(root_, "log"); }

LogPaths VaultLayout::Log(const std::string& tmp_dir) const {
  LogPaths p;
  std::string dir = LogDir();
  p.entries = JoinPath(dir, "entries.jsonl");
  p.offsets = JoinPath(dir, "offsets");
  p.tree = JoinPath(dir, "tree");
  p.checkpoint = JoinPath(dir, "checkpoint");
  p.checkpoint_sig = JoinPath(dir, "checkpoint.minisig");
  p.checkpoints_dir = JoinPath(dir, "checkpoints");
  p.tmp_dir = tmp_dir;
  return p;
}

std::string VaultLayout::IndexDir() const { return JoinPath(root_, "index"); }
std::string VaultLayout::QuarantineDir() const { return JoinPath(root_, "quarantine"); }
std::string VaultLayout::TmpDir() const { return JoinPath(root_, "tmp"); }

std::vector<std::string> VaultLayout::Directories() const {
  return {root_,
          KeysDir(),
          JoinPath(root_, "objects"),
          ObjectsDir(),
          JoinPath(root_, "sigs"),
          JoinPath(root_, "manifests"),
          JoinPath(root_, "receipts"),
          JoinPath(root_, "imports"),
          ProfilesDir(),
          LogDir(),
          JoinPath(LogDir(), "checkpoints"),
          QuarantineDir(),
          TmpDir()};
}

}  // namespace custodia
