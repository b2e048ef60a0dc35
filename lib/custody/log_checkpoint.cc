// Signed checkpoints (SPEC §5): checkpoints/<size> (write-once archive), then
// log/checkpoint and log/checkpoint.minisig, each written durably.
#include <cerrno>

#include "custodia/encoding.h"
#include "custody/log_impl.h"

namespace custodia::custody_internal {

// Strict decimal: a checkpoint file name is its tree size, nothing else.
std::optional<uint64_t> CheckpointSizeFromName(std::string_view name) {
  if (name.empty() || name.size() > 20 || (name.size() > 1 && name[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t d = uint64_t(c - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  return v;
}

std::string FileCustodyLog::CheckpointPath(uint64_t size) const {
  return JoinPath(paths_.checkpoints_dir, std::to_string(size));
}

Result<std::string> FileCustodyLog::WriteCheckpoint(const std::string& origin,
                                                    const std::vector<const SecretKey*>& note_keys,
                                                    const SecretKey& minisign_key) {
  RETURN_IF_ERROR(CheckWritable());
  if (!IsValidNoteName(origin)) {
    return Status::Invalid("checkpoint origin \"" + origin + "\" is not a valid signed-note key name");
  }
  if (note_keys.empty()) return Status::Invalid("internal: a checkpoint needs at least one signing key");
  Checkpoint cp{origin, size_, builder_.Root()};
  const std::string body = cp.Body();
  ASSIGN_OR_RETURN(SignedNote note, SignNote(body, origin, note_keys));
  std::string text = note.Serialize();

  RETURN_IF_ERROR(MakeDirs(env_, paths_.checkpoints_dir, 0755));
  RETURN_IF_ERROR(MakeDirs(env_, paths_.tmp_dir, 0755));
  const std::string archived = CheckpointPath(size_);
  auto existing = ReadFileToString(env_, archived, kMaxCheckpointFile);
  if (existing.ok()) {
    // A checkpoint of this size exists (no entries since): it must be the
    // same tree head, and it stays as it was first signed.
    auto parsed = SignedCheckpoint::Parse(*existing, archived);
    if (!parsed.ok()) {
      return Status::Integrity(archived + " cannot be read: " + parsed.status().message(),
                               "`custodia log verify` lists every problem of the log");
    }
    if (parsed->note.text != body) {
      return Status::Integrity(archived + " holds a different tree head for size " + std::to_string(size_) +
                                   ": the log was rewritten after that checkpoint was signed",
                               "`custodia log verify` lists every problem of the log");
    }
    text = std::move(existing).value();
  } else if (existing.status().sys_errno() == ENOENT) {
    RETURN_IF_ERROR(WriteFileOnce(env_, paths_.tmp_dir, archived, text, kLogFileMode));
  } else {
    return existing.status();
  }

  std::string trusted = "custodia checkpoint origin=" + PercentEncodeValue(origin) +
                        " size=" + std::to_string(size_) + " root=" + HexOf(cp.root);
  ASSIGN_OR_RETURN(Signature sig, minisign_key.SignData(text, trusted, "custodia log checkpoint signature"));
  // Both written in full before either replaces the old pair: a full disk
  // cannot leave a new checkpoint beside the old one's signature.
  std::string sig_text = sig.FileText();
  RETURN_IF_ERROR(WriteFilesDurably(env_, paths_.tmp_dir,
                                    {{paths_.checkpoint, text}, {paths_.checkpoint_sig, sig_text}}, kLogFileMode));
  return text;
}

Result<std::string> FileCustodyLog::LatestCheckpoint() {
  auto text = ReadFileToString(env_, paths_.checkpoint, kMaxCheckpointFile);
  if (!text.ok() && text.status().sys_errno() == ENOENT) {
    return Status::NotFound("no checkpoint has been written yet (" + paths_.checkpoint + " does not exist)",
                            "`custodia log checkpoint` writes one");
  }
  return text;
}

Result<std::vector<uint64_t>> FileCustodyLog::CheckpointSizes() {
  std::vector<uint64_t> sizes;
  if (!env_->Exists(paths_.checkpoints_dir)) return sizes;
  ASSIGN_OR_RETURN(std::vector<DirEntry> entries, env_->ListDir(paths_.checkpoints_dir));
  for (const auto& e : entries) {
    if (e.type != EntryType::kRegular) continue;
    if (auto s = CheckpointSizeFromName(e.name)) sizes.push_back(*s);
  }
  std::sort(sizes.begin(), sizes.end());
  return sizes;
}

Result<std::string> FileCustodyLog::CheckpointAt(uint64_t size) {
  std::string path = CheckpointPath(size);
  auto text = ReadFileToString(env_, path, kMaxCheckpointFile);
  if (!text.ok() && text.status().sys_errno() == ENOENT) {
    return Status::NotFound("no checkpoint of size " + std::to_string(size) + " (" + path + " does not exist)");
  }
  return text;
}

}  // namespace custodia::custody_internal
