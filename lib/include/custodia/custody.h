// The custody log (SPEC §5): an append-only JSON-lines file whose entries are
// the leaves of an RFC 6962 Merkle tree, with signed C2SP checkpoints.
//
// Files (names given by LogPaths, owned by the vault layout):
//   entries.jsonl       one canonical JSON entry per line, append-only
//   offsets             append-only: uint64 little-endian byte offset of each
//                       entry's first byte (derived; rebuilt from entries)
//   tree                append-only: 32-byte node hashes of every complete
//                       subtree, in post-order (derived; rebuilt from entries)
//   checkpoint          latest signed checkpoint (+ checkpoint.minisig)
//   checkpoints/<size>  every checkpoint ever issued
// No RocksDB and no libav here: this module runs in the bundle verifier too.
#ifndef CUSTODIA_CUSTODY_H_
#define CUSTODIA_CUSTODY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/env.h"
#include "custodia/hash.h"
#include "custodia/json.h"
#include "custodia/minisign.h"
#include "custodia/note.h"
#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia {

// ---- entries ----

// Longest entry line accepted (without its newline).
inline constexpr size_t kMaxEntryLine = 1 << 20;

struct CustodyEntry {
  uint64_t seq = 0;  // 0-based, equals the RFC 6962 leaf index
  TimeMs time = 0;
  std::string station;
  std::string actor;    // a claim (--actor, CUSTODIA_ACTOR, SUDO_USER, OS user)
  std::string os_user;  // a fact (the real uid's name)
  std::string action;   // init, ingest, receipt, duplicate, wipe, abandon, import, ...
  std::string outcome = "ok";
  std::optional<std::string> reason;  // null when none
  std::vector<std::string> clips;       // subjects.clips (sha256 hex)
  std::vector<std::string> attentions;  // subjects.attentions (ids)
  Json details = Json::object();

  // {"action","actor","details","os_user","outcome","reason","seq","station",
  //  "subjects":{"attentions":[…],"clips":[…]},"time","v":1}
  Json ToJson() const;
  Result<std::string> ToLine() const;  // canonical JSON, no newline
  // Strict: all fields present with the right types, v == 1; canonical form
  // (ToLine() of the result equals `line`) is NOT required here; Verify checks it.
  static Result<CustodyEntry> FromLine(std::string_view line, std::string_view where);
};

// ---- RFC 6962 hashing and proofs (pure functions) ----

Sha256Digest LeafHash(std::string_view leaf);  // SHA-256(0x00 ‖ leaf)
Sha256Digest NodeHash(const Sha256Digest& left, const Sha256Digest& right);  // SHA-256(0x01 ‖ l ‖ r)
Sha256Digest EmptyTreeRoot();  // SHA-256 of the empty string
// Root of the tree whose leaf hashes are given (in memory; tests, small sets).
Sha256Digest RootFromLeafHashes(std::span<const Sha256Digest> leaves);

struct InclusionProof {
  uint64_t leaf_index = 0;
  uint64_t tree_size = 0;
  Sha256Digest leaf_hash{};
  std::vector<Sha256Digest> hashes;
  std::string checkpoint;  // signed note text the proof is against ("" if none)

  // {"checkpoint","hashes":[b64…],"leaf_hash":b64,"leaf_index","tree_size"}
  Json ToJson() const;
  static Result<InclusionProof> FromJson(const Json& j, std::string_view where);
};

struct ConsistencyProof {
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  std::vector<Sha256Digest> hashes;

  Json ToJson() const;  // {"hashes":[b64…],"new_size","old_size"}
  static Result<ConsistencyProof> FromJson(const Json& j, std::string_view where);
};

// Verifiers per RFC 9162 §2.1.3.2 / §2.1.4.2 (the algorithms the
// transparency-dev test vectors exercise). kIntegrity on mismatch.
Status VerifyInclusion(uint64_t leaf_index, uint64_t tree_size, const Sha256Digest& leaf_hash,
                       std::span<const Sha256Digest> proof, const Sha256Digest& root);
Status VerifyConsistency(uint64_t size1, uint64_t size2, const Sha256Digest& root1, const Sha256Digest& root2,
                         std::span<const Sha256Digest> proof);
// The same algorithms over hashes of any length, as proofs arrive from outside
// (the published vectors include wrong-length hashes). A hash that is not 32
// bytes never verifies, except that for size1 == size2 > 0 only the equality
// of the two roots can be (and is) checked. A consistency proof from size 0 is
// rejected (it proves nothing); size 0 == 0 requires both roots to be the
// empty-tree hash.
Status VerifyInclusionRaw(uint64_t leaf_index, uint64_t tree_size, std::span<const uint8_t> leaf_hash,
                          std::span<const std::vector<uint8_t>> proof, std::span<const uint8_t> root);
Status VerifyConsistencyRaw(uint64_t size1, uint64_t size2, std::span<const uint8_t> root1,
                            std::span<const uint8_t> root2, std::span<const std::vector<uint8_t>> proof);

// ---- checkpoints ----

struct Checkpoint {
  std::string origin;  // "custodia/<station>"
  uint64_t size = 0;
  Sha256Digest root{};

  std::string Body() const;  // "<origin>\n<size>\n<base64 root>\n"
  // Parses a checkpoint body (C2SP tlog-checkpoint: origin, decimal size
  // without leading zeros, base64 root; extension lines are rejected).
  static Result<Checkpoint> ParseBody(std::string_view body, std::string_view where);
};

// A signed checkpoint file: parses the note, then its body.
struct SignedCheckpoint {
  Checkpoint checkpoint;
  SignedNote note;
  static Result<SignedCheckpoint> Parse(std::string_view text, std::string_view where);
};

// ---- the log files ----

struct LogPaths {
  std::string entries;          // log/entries.jsonl
  std::string offsets;          // log/offsets
  std::string tree;             // log/tree
  std::string checkpoint;       // log/checkpoint
  std::string checkpoint_sig;   // log/checkpoint.minisig
  std::string checkpoints_dir;  // log/checkpoints
  std::string tmp_dir;          // tmp/ (durable writes)
};

struct TornTail {
  uint64_t offset = 0;  // where the partial line started
  uint64_t bytes = 0;   // how many bytes were cut
};

struct LogProblem {
  std::optional<uint64_t> seq;  // the entry concerned, when there is one
  std::string message;          // names the entry/checkpoint and what is wrong
};

struct LogVerifyReport {
  uint64_t entries = 0;  // complete lines read from entries.jsonl
  uint64_t checkpoints_checked = 0;
  // Complete lines after the part log/tree covers (a read-only open after an
  // interrupted append, or an append running concurrently): checked for form
  // and seq, not a problem by themselves; a writable open adds them to the tree.
  uint64_t uncovered = 0;
  std::vector<LogProblem> problems;
  bool ok() const { return problems.empty(); }
};

class CustodyLog {
 public:
  virtual ~CustodyLog() = default;

  // Opens (creating empty files if `create`). When `writable`, a final line
  // without its newline is truncated (reported by torn_tail(); the caller logs
  // it) and offsets/tree are brought up to date with entries.jsonl. Read-only
  // opens never modify anything and use only the complete, tree-covered part.
  // O(log n) work beyond the catch-up: it never rescans the whole log.
  static Result<std::unique_ptr<CustodyLog>> Open(Env* env, const LogPaths& paths, bool writable, bool create = false);

  virtual uint64_t size() const = 0;
  // Set by both kinds of open; only a writable open truncates the torn line.
  virtual std::optional<TornTail> torn_tail() const = 0;
  // Ok, unless a read-only open found entries.jsonl inconsistent with offsets
  // or tree (a truncated, rolled back or edited log; a writable open refuses
  // such a log with this same kIntegrity status). Such a log still opens
  // read-only so that Verify can name every problem; every other operation
  // except the checkpoint getters returns this status.
  virtual Status damage() const = 0;

  // Assigns seq = size(), size()+1, … to the entries, appends their lines,
  // fsyncs entries.jsonl, then appends offsets and tree nodes and fsyncs them.
  // On failure nothing is reported as appended; a partial line is left for the
  // next writable open to truncate.
  virtual Status Append(std::vector<CustodyEntry>& entries) = 0;

  virtual Result<std::string> ReadLine(uint64_t seq) = 0;
  virtual Result<CustodyEntry> Read(uint64_t seq) = 0;
  // Streams entries [from, to) in order; stop early by returning a non-ok Status.
  virtual Status ForEach(uint64_t from, uint64_t to,
                         const std::function<Status(const CustodyEntry&, std::string_view line)>& fn) = 0;
  // Byte offset where entry `seq` starts (seq == size(): the end of the log).
  // Append refuses to write if entries.jsonl no longer ends there (another
  // process appended since this one opened it): reopen under the vault lock.
  virtual Result<uint64_t> OffsetOf(uint64_t seq) = 0;

  virtual Result<Sha256Digest> LeafHashAt(uint64_t seq) = 0;
  virtual Result<Sha256Digest> Root(uint64_t tree_size) = 0;  // O(log n)
  // `checkpoint` is filled from checkpoints/<tree_size> when that file exists.
  virtual Result<InclusionProof> ProveInclusion(uint64_t leaf_index, uint64_t tree_size) = 0;
  // Needs 1 <= old_size <= new_size <= size() (RFC 9162 has no proof from 0).
  virtual Result<ConsistencyProof> ProveConsistency(uint64_t old_size, uint64_t new_size) = 0;

  // Signs a checkpoint of the current size as a signed note with every key in
  // `note_keys` (name = origin), writes checkpoints/<size>, then checkpoint and
  // checkpoint.minisig (minisign signature by `minisign_key`), all durably.
  // Returns the checkpoint text.
  virtual Result<std::string> WriteCheckpoint(const std::string& origin, const std::vector<const SecretKey*>& note_keys,
                                              const SecretKey& minisign_key) = 0;
  // Text of log/checkpoint; NotFound if none was written yet.
  virtual Result<std::string> LatestCheckpoint() = 0;
  // Sizes of every checkpoint kept in checkpoints/, ascending.
  virtual Result<std::vector<uint64_t>> CheckpointSizes() = 0;
  virtual Result<std::string> CheckpointAt(uint64_t size) = 0;

  // Recomputes every leaf from entries.jsonl (each line must be canonical and
  // have seq == its index), the offsets and tree files, the root; checks every
  // stored checkpoint (signature by one of `verifiers`, root == our root at its
  // size, consistency) and every external checkpoint text in `external`.
  // Lists every problem, each naming the entry (seq) or checkpoint; runs of the
  // same problem on consecutive entries are reported once, with the range.
  // `external` texts are named "external checkpoint #1", #2, ... in messages.
  // progress(done, total) counts bytes of entries.jsonl. `log verify` should
  // use a read-only open: a writable open refuses a damaged log outright.
  virtual Result<LogVerifyReport> Verify(const std::vector<NoteVerifier>& verifiers,
                                         const std::vector<std::string>& external,
                                         const std::function<void(uint64_t done, uint64_t total)>& progress) = 0;
};

}  // namespace custodia

#endif  // CUSTODIA_CUSTODY_H_
