// The file-backed CustodyLog (private to the custody module).
//
// State kept in memory is O(log n): the size, the byte offset where the next
// entry goes, and the tree's peaks (TreeBuilder). Everything else is read on
// demand from log/offsets and log/tree.
#ifndef CUSTODIA_CUSTODY_LOG_IMPL_H_
#define CUSTODIA_CUSTODY_LOG_IMPL_H_

#include <memory>
#include <optional>
#include <string>

#include "custodia/custody.h"
#include "custodia/custody_tree.h"

namespace custodia::custody_internal {

inline constexpr uint32_t kLogFileMode = 0644;
inline constexpr uint64_t kMaxCheckpointFile = 1 << 20;

// Reads the complete lines of [begin, end) of a file in order, in large
// chunks. A line longer than kMaxEntryLine is an error, not a torn write.
class LineReader {
 public:
  LineReader(ReadableFile* file, uint64_t begin, uint64_t end);
  // Sets *line (without its newline) and *offset; false once no complete
  // line is left.
  Result<bool> Next(std::string_view* line, uint64_t* offset);
  // After Next returned false: the bytes after the last newline.
  uint64_t rest_offset() const { return pos_ + start_; }
  uint64_t rest_bytes() const { return (pos_ + buf_.size()) - rest_offset(); }

 private:
  ReadableFile* file_;
  uint64_t pos_;  // file offset of buf_[0]
  uint64_t end_;
  std::string buf_;
  size_t start_ = 0;  // first unconsumed byte in buf_
  size_t scan_ = 0;   // no newline in buf_[start_, scan_)
};

// Reads the line starting at `offset` (up to `end`); kIntegrity if it has no
// newline before `end`.
Result<std::string> ReadLineAt(ReadableFile* file, uint64_t offset, uint64_t end, std::string_view what);

// log/offsets: uint64 little-endian start offset of every entry.
class OffsetsFile {
 public:
  static Result<std::unique_ptr<OffsetsFile>> Open(Env* env, const std::string& path, bool writable);
  uint64_t count() const { return count_; }
  uint64_t bytes() const { return bytes_; }
  Result<uint64_t> Get(uint64_t seq);
  // Reads offsets [first, first + n) into out (fewer at the end of the file).
  Status ReadRange(uint64_t first, uint64_t n, std::vector<uint64_t>* out);
  Status Append(std::string_view encoded, uint64_t n);
  Status Sync();
  Status TruncateTo(uint64_t n);
  static void Encode(uint64_t offset, std::string* out);

 private:
  Env* env_ = nullptr;
  std::string path_;
  std::unique_ptr<ReadableFile> in_;
  std::unique_ptr<WritableFile> out_;
  uint64_t count_ = 0;
  uint64_t bytes_ = 0;  // file size when opened or last changed
};

class FileCustodyLog final : public CustodyLog {
 public:
  FileCustodyLog(Env* env, LogPaths paths, bool writable) : env_(env), paths_(std::move(paths)), writable_(writable) {}
  Status Init(bool create);  // log_open.cc

  uint64_t size() const override { return size_; }
  std::optional<TornTail> torn_tail() const override { return torn_; }
  Status damage() const override { return damage_; }

  Status Append(std::vector<CustodyEntry>& entries) override;  // log_append.cc

  Result<std::string> ReadLine(uint64_t seq) override;  // log_read.cc
  Result<CustodyEntry> Read(uint64_t seq) override;
  Status ForEach(uint64_t from, uint64_t to,
                 const std::function<Status(const CustodyEntry&, std::string_view line)>& fn) override;
  Result<uint64_t> OffsetOf(uint64_t seq) override;
  Result<Sha256Digest> LeafHashAt(uint64_t seq) override;
  Result<Sha256Digest> Root(uint64_t tree_size) override;
  Result<InclusionProof> ProveInclusion(uint64_t leaf_index, uint64_t tree_size) override;
  Result<ConsistencyProof> ProveConsistency(uint64_t old_size, uint64_t new_size) override;

  Result<std::string> WriteCheckpoint(const std::string& origin, const std::vector<const SecretKey*>& note_keys,
                                      const SecretKey& minisign_key) override;  // log_checkpoint.cc
  Result<std::string> LatestCheckpoint() override;
  Result<std::vector<uint64_t>> CheckpointSizes() override;
  Result<std::string> CheckpointAt(uint64_t size) override;

  Result<LogVerifyReport> Verify(const std::vector<NoteVerifier>& verifiers, const std::vector<std::string>& external,
                                 const std::function<void(uint64_t done, uint64_t total)>& progress) override;

 private:
  friend class LogVerifier;
  // Checks that entry known-1 ends where the derived files say and hashes to
  // the leaf log/tree holds; returns the byte offset after its newline.
  Result<uint64_t> CheckCoveredEnd(uint64_t known, uint64_t entries_bytes);
  // Adds the complete lines after the covered part to offsets and tree.
  Status CatchUp(uint64_t from_offset, uint64_t entries_bytes);
  Status Usable() const;
  Status CheckWritable() const;
  std::string EntryWhere(uint64_t seq) const;
  std::string CheckpointPath(uint64_t size) const;

  Env* env_;
  LogPaths paths_;
  bool writable_;
  std::unique_ptr<ReadableFile> entries_in_;
  std::unique_ptr<WritableFile> entries_out_;
  std::unique_ptr<OffsetsFile> offsets_;  // null: read-only and the file is missing
  std::unique_ptr<TreeFile> tree_;        // null: read-only and the file is missing
  uint64_t size_ = 0;
  uint64_t end_ = 0;  // byte offset just after entry size_-1
  TreeBuilder builder_;
  std::optional<TornTail> torn_;
  Status damage_;
  bool broken_ = false;  // an append failed half-way: the object must be reopened
};

// "entry seq 7" / "entries seq 7..9 (3 entries)"
std::string EntrySpan(uint64_t first, uint64_t last);

// The tree size a checkpoints/ file name stands for (strict decimal).
std::optional<uint64_t> CheckpointSizeFromName(std::string_view name);

}  // namespace custodia::custody_internal

#endif  // CUSTODIA_CUSTODY_LOG_IMPL_H_
