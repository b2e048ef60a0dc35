// Reading entries (O(1) through log/offsets), roots and proofs (O(log n)
// through log/tree).
#include <cerrno>

#include "custody/log_impl.h"

namespace custodia::custody_internal {

namespace {
Status NoSuchEntry(uint64_t seq, uint64_t size) {
  return Status::NotFound("custody log entry seq " + std::to_string(seq) + " does not exist (the log has " +
                          std::to_string(size) + " entries, seq 0.." +
                          (size == 0 ? std::string("none") : std::to_string(size - 1)) + ")");
}
Status BadSize(uint64_t tree_size, uint64_t size) {
  return Status::Invalid("tree size " + std::to_string(tree_size) + " is larger than the custody log (" +
                         std::to_string(size) + " entries)");
}
}  // namespace

Result<uint64_t> FileCustodyLog::OffsetOf(uint64_t seq) {
  RETURN_IF_ERROR(Usable());
  if (seq > size_) return NoSuchEntry(seq, size_);
  if (seq == size_) return end_;
  return offsets_->Get(seq);
}

Result<std::string> FileCustodyLog::ReadLine(uint64_t seq) {
  RETURN_IF_ERROR(Usable());
  if (seq >= size_) return NoSuchEntry(seq, size_);
  ASSIGN_OR_RETURN(uint64_t start, OffsetOf(seq));
  ASSIGN_OR_RETURN(uint64_t end, OffsetOf(seq + 1));
  if (end <= start || end - start > kMaxEntryLine + 1) {
    return Status::Integrity(paths_.offsets + " gives " + EntryWhere(seq) + " an impossible extent (bytes " +
                             std::to_string(start) + ".." + std::to_string(end) + ")");
  }
  std::string line(end - start, '\0');
  ASSIGN_OR_RETURN(size_t n, entries_in_->ReadAt(start, line.data(), line.size()));
  if (n != line.size() || line.back() != '\n') {
    return Status::Integrity(EntryWhere(seq) + " does not end where " + paths_.offsets +
                             " says: entries.jsonl was changed");
  }
  line.pop_back();
  return line;
}

Result<CustodyEntry> FileCustodyLog::Read(uint64_t seq) {
  ASSIGN_OR_RETURN(std::string line, ReadLine(seq));
  ASSIGN_OR_RETURN(CustodyEntry e, CustodyEntry::FromLine(line, EntryWhere(seq)));
  if (e.seq != seq) {
    return Status::Integrity(EntryWhere(seq) + " says seq " + std::to_string(e.seq) +
                             ": entries were deleted, inserted or reordered");
  }
  return e;
}

Status FileCustodyLog::ForEach(uint64_t from, uint64_t to,
                               const std::function<Status(const CustodyEntry&, std::string_view line)>& fn) {
  RETURN_IF_ERROR(Usable());
  if (from > to || to > size_) {
    return Status::Invalid("entries " + std::to_string(from) + ".." + std::to_string(to) +
                           " are not a range of the custody log (it has " + std::to_string(size_) + " entries)");
  }
  if (from == to) return Status::Ok();
  ASSIGN_OR_RETURN(uint64_t begin, OffsetOf(from));
  ASSIGN_OR_RETURN(uint64_t end, OffsetOf(to));
  LineReader reader(entries_in_.get(), begin, end);
  uint64_t seq = from;
  std::string_view line;
  uint64_t offset;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&line, &offset));
    if (!more) break;
    if (seq >= to) break;
    ASSIGN_OR_RETURN(CustodyEntry e, CustodyEntry::FromLine(line, EntryWhere(seq)));
    if (e.seq != seq) {
      return Status::Integrity(EntryWhere(seq) + " says seq " + std::to_string(e.seq) +
                               ": entries were deleted, inserted or reordered");
    }
    RETURN_IF_ERROR(fn(e, line));
    ++seq;
  }
  if (seq != to) {
    return Status::Integrity(paths_.entries + " ends after entry seq " + std::to_string(seq) +
                             " although the log has " + std::to_string(size_) + " entries");
  }
  return Status::Ok();
}

Result<Sha256Digest> FileCustodyLog::LeafHashAt(uint64_t seq) {
  RETURN_IF_ERROR(Usable());
  if (seq >= size_) return NoSuchEntry(seq, size_);
  return tree_->Node(0, seq);
}

Result<Sha256Digest> FileCustodyLog::Root(uint64_t tree_size) {
  RETURN_IF_ERROR(Usable());
  if (tree_size > size_) return BadSize(tree_size, size_);
  if (tree_size == size_) return builder_.Root();
  return TreeRoot(*tree_, tree_size);
}

Result<InclusionProof> FileCustodyLog::ProveInclusion(uint64_t leaf_index, uint64_t tree_size) {
  RETURN_IF_ERROR(Usable());
  if (tree_size > size_) return BadSize(tree_size, size_);
  if (leaf_index >= tree_size) {
    return Status::Invalid("entry seq " + std::to_string(leaf_index) + " is not in a tree of size " +
                           std::to_string(tree_size));
  }
  InclusionProof p;
  p.leaf_index = leaf_index;
  p.tree_size = tree_size;
  tree_->Prefetch(0, leaf_index);
  ASSIGN_OR_RETURN(p.hashes, TreeInclusionPath(*tree_, leaf_index, tree_size));
  ASSIGN_OR_RETURN(p.leaf_hash, tree_->Node(0, leaf_index));
  std::string cp = CheckpointPath(tree_size);
  auto text = ReadFileToString(env_, cp, kMaxCheckpointFile);
  if (text.ok()) {
    p.checkpoint = std::move(text).value();
  } else if (text.status().sys_errno() != ENOENT) {
    return text.status();
  }
  return p;
}

Result<ConsistencyProof> FileCustodyLog::ProveConsistency(uint64_t old_size, uint64_t new_size) {
  RETURN_IF_ERROR(Usable());
  if (new_size > size_) return BadSize(new_size, size_);
  if (old_size == 0 || old_size > new_size) {
    return Status::Invalid("no consistency proof from size " + std::to_string(old_size) + " to size " +
                           std::to_string(new_size) + ": it needs 1 <= old size <= new size");
  }
  ConsistencyProof p;
  p.old_size = old_size;
  p.new_size = new_size;
  ASSIGN_OR_RETURN(p.hashes, TreeConsistencyPath(*tree_, old_size, new_size));
  return p;
}

}  // namespace custodia::custody_internal
