// `log verify`: recompute every leaf and the whole tree from entries.jsonl in
// one streaming pass (memory O(log n)), compare with log/offsets and log/tree
// as they are read alongside, and check every checkpoint, stored or outside,
// against the recomputed roots.
#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "custodia/encoding.h"
#include "custody/checkpoint_check.h"
#include "custody/log_impl.h"
#include "custody/problem_list.h"

namespace custodia::custody_internal {

namespace {

constexpr uint64_t kHashesPerRead = 1 << 15;
constexpr uint64_t kOffsetsPerRead = 1 << 16;
constexpr uint64_t kProgressEvery = 4 << 20;

// Stored hashes of log/tree, read sequentially in the order they were written.
class HashStream {
 public:
  HashStream(TreeFile* tree, uint64_t limit) : tree_(tree), limit_(limit) {}
  bool more() const { return next_ < limit_; }
  Result<Sha256Digest> Next() {
    if (pos_ == buf_.size()) {
      RETURN_IF_ERROR(tree_->ReadHashes(next_, std::min(kHashesPerRead, limit_ - next_), &buf_));
      pos_ = 0;
      if (buf_.empty()) return Status::Integrity(tree_->path() + " ended early while being read");
    }
    Sha256Digest d;
    std::memcpy(d.data(), buf_.data() + pos_, 32);
    pos_ += 32;
    ++next_;
    return d;
  }

 private:
  TreeFile* tree_;
  uint64_t limit_;
  uint64_t next_ = 0;
  std::string buf_;
  size_t pos_ = 0;
};

class OffsetStream {
 public:
  OffsetStream(OffsetsFile* file, uint64_t limit) : file_(file), limit_(limit) {}
  Result<uint64_t> Next() {
    if (pos_ == buf_.size()) {
      RETURN_IF_ERROR(file_->ReadRange(next_, std::min(kOffsetsPerRead, limit_ - next_), &buf_));
      pos_ = 0;
      if (buf_.empty()) return Status::Integrity("log/offsets ended early while being read");
    }
    ++next_;
    return buf_[pos_++];
  }

 private:
  OffsetsFile* file_;
  uint64_t limit_;
  uint64_t next_ = 0;
  std::vector<uint64_t> buf_;
  size_t pos_ = 0;
};

std::string ShortB64(const Sha256Digest& d) { return Base64Encode(d); }

}  // namespace

class LogVerifier {
 public:
  LogVerifier(FileCustodyLog& log, const std::vector<NoteVerifier>& verifiers,
              const std::function<void(uint64_t, uint64_t)>& progress)
      : log_(log), verifiers_(verifiers), progress_(progress) {}

  Status GatherCheckpoints(const std::vector<std::string>& external);
  Status StreamEntries();
  void CompareCheckpoints();
  LogVerifyReport Finish();

 private:
  void CheckLine(uint64_t seq, std::string_view line, bool* seq_ok);
  void Keep(std::optional<CheckedCheckpoint> c) {
    ++checked_;
    if (c) cps_.push_back(std::move(*c));
  }

  FileCustodyLog& log_;
  const std::vector<NoteVerifier>& verifiers_;
  const std::function<void(uint64_t, uint64_t)>& progress_;
  ProblemList problems_;
  std::vector<CheckedCheckpoint> cps_;
  uint64_t checked_ = 0;
  std::map<uint64_t, Sha256Digest> roots_;  // recomputed, at every trusted checkpoint size
  uint64_t lines_ = 0;
};

Status LogVerifier::GatherCheckpoints(const std::vector<std::string>& external) {
  Env* env = log_.env_;
  const LogPaths& paths = log_.paths_;
  if (env->Exists(paths.checkpoints_dir)) {
    ASSIGN_OR_RETURN(std::vector<DirEntry> names, env->ListDir(paths.checkpoints_dir));
    for (const DirEntry& e : names) {
      std::string path = JoinPath(paths.checkpoints_dir, e.name);
      auto size = CheckpointSizeFromName(e.name);
      if (!size || e.type != EntryType::kRegular) {
        problems_.Add(std::nullopt, path + ": unexpected file (checkpoint files are named by their tree size)");
        continue;
      }
      auto text = ReadFileToString(env, path, kMaxCheckpointFile);
      if (!text.ok()) {
        problems_.Add(std::nullopt, text.status().message());
        continue;
      }
      auto c = CheckCheckpoint(path, std::move(text).value(), verifiers_, problems_);
      if (c && c->checkpoint.size != *size) {
        problems_.Add(std::nullopt, path + " holds a checkpoint of size " + std::to_string(c->checkpoint.size) +
                                        ": the file was renamed or replaced");
        c->trusted = false;
      }
      Keep(std::move(c));
    }
  }
  auto latest = ReadFileToString(env, paths.checkpoint, kMaxCheckpointFile);
  if (latest.ok()) {
    auto c = CheckCheckpoint(paths.checkpoint, *latest, verifiers_, problems_);
    if (c) {
      auto archived = ReadFileToString(env, log_.CheckpointPath(c->checkpoint.size), kMaxCheckpointFile);
      if (!archived.ok()) {
        problems_.Add(std::nullopt, paths.checkpoint + " (size " + std::to_string(c->checkpoint.size) +
                                        ") is not archived in " + paths.checkpoints_dir);
      } else if (*archived != *latest) {
        problems_.Add(std::nullopt, paths.checkpoint + " differs from " + log_.CheckpointPath(c->checkpoint.size));
      } else {
        c->trusted = false;  // the same text as the archived one: compared once, under that name
      }
    }
    auto sig = ReadFileToString(env, paths.checkpoint_sig, kMaxCheckpointFile);
    if (sig.ok()) {
      CheckCheckpointMinisig(paths.checkpoint_sig, *sig, *latest, verifiers_, problems_);
    } else {
      problems_.Add(std::nullopt, sig.status().message());
    }
    Keep(std::move(c));
  } else if (latest.status().sys_errno() != ENOENT) {
    problems_.Add(std::nullopt, latest.status().message());
  }
  for (size_t i = 0; i < external.size(); ++i) {
    Keep(CheckCheckpoint("external checkpoint #" + std::to_string(i + 1), external[i], verifiers_, problems_));
  }
  if (verifiers_.empty() && checked_ > 0) {
    problems_.Add(std::nullopt, "no trusted checkpoint keys were given: checkpoint signatures were not checked");
  }
  // One log, one origin.
  std::map<std::string, std::string> origins;  // origin -> first label
  for (const auto& c : cps_) {
    if (c.trusted) origins.emplace(c.checkpoint.origin, c.label);
  }
  if (origins.size() > 1) {
    std::string list;
    for (const auto& [origin, label] : origins) list += (list.empty() ? "" : ", ") + origin + " (" + label + ")";
    problems_.Add(std::nullopt, "checkpoints name different logs: " + list);
  }
  for (const auto& c : cps_) {
    if (c.trusted) roots_.emplace(c.checkpoint.size, Sha256Digest{});
  }
  return Status::Ok();
}

void LogVerifier::CheckLine(uint64_t seq, std::string_view line, bool* seq_ok) {
  *seq_ok = false;
  auto entry = CustodyEntry::FromLine(line, log_.EntryWhere(seq));
  if (!entry.ok()) {
    std::string why = entry.status().message();
    problems_.AddRun("unreadable", seq, [why](uint64_t first, uint64_t last) {
      if (first == last) return why;
      return EntrySpan(first, last) + " cannot be read as custody entries; the first: " + why;
    });
    return;
  }
  if (entry->seq != seq) {
    int64_t delta = int64_t(entry->seq - seq);
    problems_.AddRun("seq" + std::to_string(delta), seq, [delta](uint64_t first, uint64_t last) {
      auto at = [delta](uint64_t s) { return std::to_string(uint64_t(int64_t(s) + delta)); };
      std::string where = first == last ? "line " + std::to_string(first + 1) + " of entries.jsonl holds entry seq " +
                                              at(first) + " where " + EntrySpan(first, last) + " belongs"
                                        : "lines " + std::to_string(first + 1) + ".." + std::to_string(last + 1) +
                                              " of entries.jsonl hold entries seq " + at(first) + ".." + at(last) +
                                              " where " + EntrySpan(first, last) + " belong";
      return where + ": entries were deleted, inserted or reordered";
    });
  } else {
    *seq_ok = true;
  }
  auto canonical = entry->ToLine();
  if (!canonical.ok() || *canonical != line) {
    problems_.AddRun("canonical", seq, [](uint64_t first, uint64_t last) {
      return EntrySpan(first, last) + (first == last ? " is" : " are") +
             " not in canonical form: changed by something other than custodia";
    });
  }
}

Status LogVerifier::StreamEntries() {
  FileCustodyLog& log = log_;
  ASSIGN_OR_RETURN(FileInfo info, log.entries_in_->Stat());
  const uint64_t total = info.size;
  const uint64_t covered = log.size_;
  HashStream stored_tree(log.tree_.get(), log.tree_ ? TreeNodeCount(covered) : 0);
  OffsetStream stored_offsets(log.offsets_.get(), covered);
  std::vector<bool> dirty;  // per stored peak: a leaf below it is already reported
  TreeBuilder rebuilt;
  auto next_root = roots_.begin();
  while (next_root != roots_.end() && next_root->first == 0) (next_root++)->second = EmptyTreeRoot();

  LineReader reader(log.entries_in_.get(), 0, total);
  uint64_t last_progress = 0;
  std::string_view line;
  uint64_t offset;
  Status failure;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&line, &offset));
    if (!more) break;
    const uint64_t seq = lines_;
    bool seq_ok;
    CheckLine(seq, line, &seq_ok);
    const bool in_tree = seq < covered;
    if (in_tree) {
      ASSIGN_OR_RETURN(uint64_t stored_offset, stored_offsets.Next());
      if (seq_ok && stored_offset != offset) {
        problems_.AddRun("offset", seq, [&log](uint64_t first, uint64_t last) {
          return log.paths_.offsets + " gives the wrong start for " + EntrySpan(first, last) +
                 " (it is derived: a writable open after removing it rebuilds it)";
        });
      }
    }
    unsigned level = 0;
    rebuilt.AppendEach(LeafHash(line), [&](const Sha256Digest& h) {
      if (!failure.ok() || !in_tree || !stored_tree.more()) return;
      auto stored = stored_tree.Next();
      if (!stored.ok()) {
        failure = stored.status();
        return;
      }
      if (level == 0) {
        bool wrong = *stored != h;
        if (seq_ok && wrong) {
          problems_.AddRun("edited", seq, [&log](uint64_t first, uint64_t last) {
            return EntrySpan(first, last) + (first == last ? " does" : " do") + " not match the hash " +
                   log.paths_.tree + " recorded when appended (edited since, or the tree file is damaged)";
          });
        }
        dirty.push_back(wrong || !seq_ok);
      } else {
        bool below = dirty.back();
        dirty.pop_back();
        below = dirty.back() || below;
        dirty.pop_back();
        // Leaves that match but a node that does not: the tree file itself.
        if (!below && *stored != h) {
          uint64_t first = seq + 1 - (uint64_t(1) << level);
          problems_.Add(first, log.paths_.tree + " holds a wrong hash for the subtree over " + EntrySpan(first, seq) +
                                   ": the tree file is damaged (it is derived from entries.jsonl: remove it and " +
                                   "open the log for writing to rebuild it)");
        }
        dirty.push_back(below);
      }
      ++level;
    });
    RETURN_IF_ERROR(failure);
    lines_ = seq + 1;
    if (next_root != roots_.end() && next_root->first == lines_) (next_root++)->second = rebuilt.Root();
    if (progress_ && offset - last_progress >= kProgressEvery) {
      progress_(offset, total);
      last_progress = offset;
    }
  }
  if (progress_) progress_(total, total);
  if (lines_ < covered) {
    problems_.Add(lines_, EntrySpan(lines_, covered - 1) + (covered - lines_ == 1 ? " is" : " are") +
                              " missing from " + log.paths_.entries + ", although " + log.paths_.tree + " covers " +
                              std::to_string(covered) + " entries: the log was truncated or entries were deleted");
  }
  return Status::Ok();
}

void LogVerifier::CompareCheckpoints() {
  std::map<uint64_t, const CheckedCheckpoint*> matching;  // size -> a trusted checkpoint the entries match
  for (const auto& c : cps_) {
    const uint64_t size = c.checkpoint.size;
    if (c.trusted && size <= lines_ && roots_.at(size) == c.checkpoint.root) matching.emplace(size, &c);
  }
  std::map<uint64_t, const CheckedCheckpoint*> by_size;
  for (const auto& c : cps_) {
    if (!c.trusted) continue;
    const uint64_t size = c.checkpoint.size;
    auto [it, fresh] = by_size.emplace(size, &c);
    if (!fresh && it->second->checkpoint.root != c.checkpoint.root) {
      problems_.Add(std::nullopt, it->second->label + " and " + c.label + " both sign size " + std::to_string(size) +
                                      " with different roots: two different versions of the log were signed");
    }
    std::string name = c.label + " (size " + std::to_string(size) + ")";
    if (size > lines_) {
      problems_.Add(lines_, name + " covers " + EntrySpan(lines_, size - 1) + ", which " + log_.paths_.entries +
                                " does not have: the log was truncated or rolled back after that checkpoint " +
                                "was signed");
      continue;
    }
    if (roots_.at(size) == c.checkpoint.root) continue;
    // The entries before the largest matching checkpoint are as signed; the
    // change lies after it.
    auto below = matching.upper_bound(size);
    uint64_t good = below == matching.begin() ? 0 : std::prev(below)->first;
    std::string msg = name + " does not match " + EntrySpan(good, size - 1) + " (entries.jsonl gives root " +
                      ShortB64(roots_.at(size)) + ", the checkpoint signs " + ShortB64(c.checkpoint.root) +
                      "): one of them was changed, deleted, inserted or reordered after it was signed";
    if (good > 0) msg += "; " + std::prev(below)->second->label + " (size " + std::to_string(good) + ") still matches";
    if (size <= log_.size_ && log_.tree_ && log_.damage_.ok()) {
      auto stored = TreeRoot(*log_.tree_, size);
      if (stored.ok() && *stored == c.checkpoint.root) msg += "; " + log_.paths_.tree + " still agrees with it";
    }
    problems_.Add(good, msg);
  }
}

LogVerifyReport LogVerifier::Finish() {
  LogVerifyReport report;
  report.entries = lines_;
  report.checkpoints_checked = checked_;
  report.uncovered = lines_ > log_.size_ ? lines_ - log_.size_ : 0;
  if (problems_.empty() && !log_.damage_.ok()) problems_.Add(std::nullopt, log_.damage_.message());
  report.problems = problems_.Finish();
  return report;
}

Result<LogVerifyReport> FileCustodyLog::Verify(const std::vector<NoteVerifier>& verifiers,
                                               const std::vector<std::string>& external,
                                               const std::function<void(uint64_t done, uint64_t total)>& progress) {
  LogVerifier v(*this, verifiers, progress);
  RETURN_IF_ERROR(v.GatherCheckpoints(external));
  RETURN_IF_ERROR(v.StreamEntries());
  v.CompareCheckpoints();
  return v.Finish();
}

}  // namespace custodia::custody_internal
