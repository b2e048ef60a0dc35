// log/tree on disk: positional reads of 32-byte hashes, O_APPEND writes.
#include <cstring>

#include "custodia/custody_tree.h"

namespace custodia {

namespace {
constexpr uint64_t kHash = 32;
constexpr uint32_t kFileMode = 0644;
}  // namespace

Result<std::unique_ptr<TreeFile>> TreeFile::Open(Env* env, const std::string& path, bool writable) {
  std::unique_ptr<TreeFile> t(new TreeFile());
  t->env_ = env;
  t->path_ = path;
  if (writable) {
    ASSIGN_OR_RETURN(t->out_, env->OpenAppend(path, kFileMode));
  }
  ASSIGN_OR_RETURN(t->in_, env->OpenRead(path));
  ASSIGN_OR_RETURN(FileInfo fi, t->in_->Stat());
  if (!fi.is_regular) return Status::Integrity(path + " is not a regular file");
  t->bytes_ = fi.size;
  t->leaves_ = TreeLeavesFor(fi.size / kHash);
  return t;
}

Result<Sha256Digest> TreeFile::Node(unsigned level, uint64_t index) {
  if (level >= 64 || (index >> (63 - level)) != 0 || ((index + 1) << level) > leaves_) {
    return Status::Invalid("internal: " + path_ + " has no node at level " + std::to_string(level) + " index " +
                           std::to_string(index) + " (it covers " + std::to_string(leaves_) + " entries)");
  }
  uint64_t pos = TreeNodePosition(level, index);
  Sha256Digest d;
  ASSIGN_OR_RETURN(size_t n, in_->ReadAt(pos * kHash, d.data(), d.size()));
  if (n != d.size()) {
    return Status::Integrity(path_ + " ends inside node " + std::to_string(pos) + ": the file was truncated");
  }
  return d;
}

void TreeFile::Prefetch(unsigned level, uint64_t index) {
  if (level >= 64 || (index >> (63 - level)) != 0 || ((index + 1) << level) > leaves_) return;
  in_->WillNeed(TreeNodePosition(level, index) * kHash, kHash);
}

Status TreeFile::ReadHashes(uint64_t first, uint64_t count, std::string* out) {
  out->resize(count * kHash);
  ASSIGN_OR_RETURN(size_t n, in_->ReadAt(first * kHash, out->data(), out->size()));
  out->resize(n - n % kHash);
  return Status::Ok();
}

Status TreeFile::Append(std::string_view hashes, uint64_t new_leaves) {
  if (!out_) return Status::Invalid(path_ + " is open read-only");
  if (hashes.size() != (TreeNodeCount(leaves_ + new_leaves) - TreeNodeCount(leaves_)) * kHash) {
    return Status::Invalid("internal: wrong number of tree hashes for " + std::to_string(new_leaves) + " leaves");
  }
  RETURN_IF_ERROR(out_->Append(hashes));
  leaves_ += new_leaves;
  bytes_ += hashes.size();
  return Status::Ok();
}

Status TreeFile::Sync() {
  if (!out_) return Status::Ok();
  return out_->Sync();
}

Status TreeFile::TruncateToLeaves(uint64_t leaves) {
  if (!out_) return Status::Invalid(path_ + " is open read-only");
  RETURN_IF_ERROR(env_->Truncate(path_, TreeNodeCount(leaves) * kHash));
  leaves_ = leaves;
  bytes_ = TreeNodeCount(leaves) * kHash;
  return Status::Ok();
}

}  // namespace custodia
