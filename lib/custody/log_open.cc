// Opening the log: find its size from offsets and tree (O(1)), check the
// last covered entry against them, and look only at what follows it: a torn
// final line, or complete lines whose offsets/tree records a crash lost.
#include "custody/log_impl.h"

namespace custodia {

using custody_internal::FileCustodyLog;

Result<std::unique_ptr<CustodyLog>> CustodyLog::Open(Env* env, const LogPaths& paths, bool writable, bool create) {
  if (create && !writable) return Status::Invalid("internal: only a writable open can create the custody log");
  auto log = std::make_unique<FileCustodyLog>(env, paths, writable);
  RETURN_IF_ERROR(log->Init(create));
  return std::unique_ptr<CustodyLog>(std::move(log));
}

namespace custody_internal {

namespace {
constexpr size_t kFlushBytes = 4 << 20;
const char kRewriteHint[] =
    "custody log lines must never be edited or deleted; `custodia log verify` lists every problem";
}  // namespace

std::string FileCustodyLog::EntryWhere(uint64_t seq) const {
  return paths_.entries + " entry seq " + std::to_string(seq) + " (line " + std::to_string(seq + 1) + ")";
}

Status FileCustodyLog::Init(bool create) {
  if (!env_->Exists(paths_.entries)) {
    if (!create) {
      return Status::NotFound(paths_.entries + ": there is no custody log here",
                              "check --vault; `custodia init` creates a vault");
    }
    RETURN_IF_ERROR(MakeDirs(env_, DirName(paths_.entries), 0755));
  }
  if (writable_) {
    ASSIGN_OR_RETURN(entries_out_, env_->OpenAppend(paths_.entries, kLogFileMode));
    if (create) RETURN_IF_ERROR(MakeDirs(env_, paths_.checkpoints_dir, 0755));
  }
  ASSIGN_OR_RETURN(entries_in_, env_->OpenRead(paths_.entries));
  ASSIGN_OR_RETURN(FileInfo info, entries_in_->Stat());
  if (!info.is_regular) return Status::Integrity(paths_.entries + " is not a regular file");
  const uint64_t bytes = info.size;

  // Derived files may be missing (deleted, or a log from before they
  // existed): a writable open rebuilds them, a read-only one sees size 0.
  if (writable_ || env_->Exists(paths_.offsets)) {
    ASSIGN_OR_RETURN(offsets_, OffsetsFile::Open(env_, paths_.offsets, writable_));
  }
  if (writable_ || env_->Exists(paths_.tree)) {
    ASSIGN_OR_RETURN(tree_, TreeFile::Open(env_, paths_.tree, writable_));
  }
  const uint64_t in_offsets = offsets_ ? offsets_->count() : 0;
  const uint64_t in_tree = tree_ ? tree_->leaves() : 0;
  // A crash between the entries fsync and the offsets/tree fsync can leave
  // either of them short; both are never longer than entries.jsonl.
  const uint64_t known = std::min(in_offsets, in_tree);
  const uint64_t derived = std::max(in_offsets, in_tree);

  Status problem;
  uint64_t covered_end = 0;
  if (known > 0) {
    auto end = CheckCoveredEnd(known, bytes);
    if (end.ok()) {
      covered_end = *end;
    } else {
      problem = end.status();
    }
  }
  uint64_t tail_lines = 0;
  if (problem.ok()) {
    LineReader reader(entries_in_.get(), covered_end, bytes);
    std::string_view line;
    uint64_t offset;
    for (;;) {
      auto more = reader.Next(&line, &offset);
      if (!more.ok()) {
        problem = more.status().WithHint(kRewriteHint);
        break;
      }
      if (!*more) break;
      ++tail_lines;
    }
    if (problem.ok() && reader.rest_bytes() > 0) torn_ = TornTail{reader.rest_offset(), reader.rest_bytes()};
  }
  if (problem.ok() && derived > known + tail_lines) {
    std::string which = in_tree > in_offsets ? paths_.tree : paths_.offsets;
    problem = Status::Integrity(which + " covers " + std::to_string(derived) + " entries but " + paths_.entries +
                                    " holds only " + std::to_string(known + tail_lines) +
                                    " complete entries: the log was truncated or rolled back",
                                kRewriteHint);
  }
  if (!problem.ok()) {
    if (writable_) return problem;
    damage_ = problem;
  }

  size_ = known;
  end_ = covered_end;
  if (tree_ && known > 0) {
    auto b = TreeBuilder::Resume(*tree_, known);
    if (!b.ok()) {
      if (writable_) return b.status();
      if (damage_.ok()) damage_ = b.status();
    } else {
      builder_ = std::move(b).value();
    }
  }
  if (!writable_) return Status::Ok();

  // Writable: cut the torn line, drop partial or unmatched derived records,
  // then add the complete lines that follow the covered part.
  if (torn_) {
    RETURN_IF_ERROR(env_->Truncate(paths_.entries, torn_->offset));
    RETURN_IF_ERROR(entries_out_->Sync());
  }
  bool changed = false;
  if (offsets_->bytes() != known * 8) {
    RETURN_IF_ERROR(offsets_->TruncateTo(known));
    changed = true;
  }
  if (tree_->bytes() != TreeNodeCount(known) * 32) {
    RETURN_IF_ERROR(tree_->TruncateToLeaves(known));
    changed = true;
  }
  if (tail_lines > 0) return CatchUp(covered_end, torn_ ? torn_->offset : bytes);
  if (changed) {
    RETURN_IF_ERROR(offsets_->Sync());
    RETURN_IF_ERROR(tree_->Sync());
  }
  return Status::Ok();
}

Result<uint64_t> FileCustodyLog::CheckCoveredEnd(uint64_t known, uint64_t entries_bytes) {
  const uint64_t seq = known - 1;
  ASSIGN_OR_RETURN(uint64_t offset, offsets_->Get(seq));
  if (offset >= entries_bytes) {
    return Status::Integrity(paths_.offsets + " says " + EntryWhere(seq) + " starts at byte " +
                                 std::to_string(offset) + ", but " + paths_.entries + " is only " +
                                 std::to_string(entries_bytes) + " bytes: the log was truncated or rolled back",
                             kRewriteHint);
  }
  if (offset > 0) {
    char before = 0;
    ASSIGN_OR_RETURN(size_t n, entries_in_->ReadAt(offset - 1, &before, 1));
    if (n != 1 || before != '\n') {
      return Status::Integrity(paths_.offsets + " says " + EntryWhere(seq) + " starts at byte " +
                                   std::to_string(offset) +
                                   ", which is not the start of a line: entries before it were edited or deleted",
                               kRewriteHint);
    }
  }
  auto line = ReadLineAt(entries_in_.get(), offset, entries_bytes, EntryWhere(seq));
  if (!line.ok()) return line.status().WithHint(kRewriteHint);
  ASSIGN_OR_RETURN(Sha256Digest stored, tree_->Node(0, seq));
  if (LeafHash(*line) != stored) {
    return Status::Integrity(EntryWhere(seq) + " does not match the hash " + paths_.tree +
                                 " recorded when it was appended: the entry was edited or replaced",
                             kRewriteHint);
  }
  return offset + line->size() + 1;
}

Status FileCustodyLog::CatchUp(uint64_t from_offset, uint64_t entries_bytes) {
  LineReader reader(entries_in_.get(), from_offset, entries_bytes);
  std::string tree_buf, offsets_buf;
  uint64_t pending = 0;
  auto flush = [&]() -> Status {
    if (pending == 0) return Status::Ok();
    RETURN_IF_ERROR(offsets_->Append(offsets_buf, pending));
    RETURN_IF_ERROR(tree_->Append(tree_buf, pending));
    size_ += pending;
    offsets_buf.clear();
    tree_buf.clear();
    pending = 0;
    return Status::Ok();
  };
  std::string_view line;
  uint64_t offset;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&line, &offset));
    if (!more) break;
    const uint64_t seq = size_ + pending;
    // Only lines custodia itself appended may enter the tree.
    auto entry = CustodyEntry::FromLine(line, EntryWhere(seq));
    if (!entry.ok()) {
      return Status::Integrity("cannot add " + EntryWhere(seq) + " to " + paths_.tree + ": " +
                                   entry.status().message(),
                               kRewriteHint);
    }
    if (entry->seq != seq) {
      return Status::Integrity("cannot add " + EntryWhere(seq) + " to " + paths_.tree + ": it says seq " +
                                   std::to_string(entry->seq) + " (entries were deleted, inserted or reordered)",
                               kRewriteHint);
    }
    builder_.Append(LeafHash(line), &tree_buf);
    OffsetsFile::Encode(offset, &offsets_buf);
    ++pending;
    end_ = offset + line.size() + 1;
    if (tree_buf.size() >= kFlushBytes) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(flush());
  RETURN_IF_ERROR(offsets_->Sync());
  return tree_->Sync();
}

}  // namespace custody_internal
}  // namespace custodia
