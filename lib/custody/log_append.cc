// Append (SPEC §2 order): all lines + fsync of entries.jsonl, then offsets
// and tree + fsync. A crash after the first fsync loses nothing: the next
// writable open rebuilds the missing offsets/tree records from the lines.
#include "custodia/crashpoint.h"
#include "custody/log_impl.h"

namespace custodia::custody_internal {

Status FileCustodyLog::Usable() const {
  if (!damage_.ok()) return damage_;
  return Status::Ok();
}

Status FileCustodyLog::CheckWritable() const {
  if (!writable_) return Status::Invalid("internal: the custody log was opened read-only");
  if (broken_) {
    return Status::Io("an earlier append to " + paths_.entries + " failed half-way",
                      "open the custody log again (it completes or cuts what was written)");
  }
  return Usable();
}

Status FileCustodyLog::Append(std::vector<CustodyEntry>& entries) {
  RETURN_IF_ERROR(CheckWritable());
  if (entries.empty()) return Status::Ok();

  // Another process may have appended since this one opened the log (the
  // vault lock is held per unit, not for a process's lifetime).
  ASSIGN_OR_RETURN(FileInfo info, entries_in_->Stat());
  if (info.size != end_) {
    return Status::Integrity(paths_.entries + " is " + std::to_string(info.size) + " bytes, but this process " +
                                 "expected " + std::to_string(end_) + ": it changed since the log was opened",
                             "open the custody log again while holding the vault lock");
  }

  std::string lines;
  std::vector<uint64_t> starts;
  starts.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    entries[i].seq = size_ + i;
    ASSIGN_OR_RETURN(std::string line, entries[i].ToLine());
    starts.push_back(end_ + lines.size());
    lines += line;
    lines += '\n';
  }

  // From here on, a failure leaves the files in a state only a new open can
  // sort out (it truncates a partial line, adds complete ones).
  broken_ = true;
  if (CrashPointHit("log.torn_write")) {
    // A crash in the middle of the write: half of the lines reach the disk.
    (void)entries_out_->Append(std::string_view(lines).substr(0, lines.size() / 2));
    (void)entries_out_->Sync();
    CrashNow();
  }
  Status s = entries_out_->Append(lines);
  if (s.ok()) s = entries_out_->Sync();
  if (!s.ok()) {
    // Best effort: take back what may have been written; if this fails too,
    // the next writable open sees the lines (or a torn one) and handles them.
    if (env_->Truncate(paths_.entries, end_).ok() && entries_out_->Sync().ok()) broken_ = false;
    return s.Prefixed("custody log append failed");
  }

  std::string tree_buf, offsets_buf;
  tree_buf.reserve(entries.size() * 64 + 64 * 32);
  offsets_buf.reserve(entries.size() * 8);
  TreeBuilder next = builder_;
  size_t pos = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    size_t len = (i + 1 < entries.size() ? starts[i + 1] - end_ : lines.size()) - pos;
    next.Append(LeafHash(std::string_view(lines).substr(pos, len - 1)), &tree_buf);
    OffsetsFile::Encode(starts[i], &offsets_buf);
    pos += len;
  }
  RETURN_IF_ERROR(offsets_->Append(offsets_buf, entries.size()));
  RETURN_IF_ERROR(tree_->Append(tree_buf, entries.size()));
  RETURN_IF_ERROR(offsets_->Sync());
  RETURN_IF_ERROR(tree_->Sync());

  builder_ = std::move(next);
  size_ += entries.size();
  end_ += lines.size();
  broken_ = false;
  return Status::Ok();
}

}  // namespace custodia::custody_internal
