// The RocksDB index (SPEC §2: derived from the files, rebuildable). One place
// owns every key layout (index/keys.cc). Writers use IndexBatch under the
// vault lock; readers open read-only and never take the lock.
//
// Column families (doc/formats/index.md has the exact byte layouts; values
// are binary, version-prefixed, encoded by index/codec.cc):
//   default      meta: applied_seq, applied_offset, max clip/attention durations, roster
//   clips        sha256[32] -> ClipRecord
//   clip_time    start‖sha -> end                 (time range scans)
//   clip_officer officer\0 start‖sha -> end‖ClipRecord   (covering)
//   clip_device  device\0 start‖sha -> end‖ClipRecord    (covering)
//   clip_status  status\0 start‖sha -> end
//   sightings    device\0path\0size‖mtime -> sha  (resumable offload)
//   attentions   id -> AttentionState
//   att_versions id\0 version -> older AttentionState
//   att_time     opened‖id -> ""
//   att_dim      dim value\0 opened‖id -> "" (module, zone, category, officer);
//                module+category -> AttentionState (covering)
//   counts       dim value\0 day -> int64 (merge: add) (reports)
//   links        sha‖id -> LinkRecord;  att_links id\0 sha -> ""
//   link_blocks  sha‖id -> LinkRecord (manual unlinks auto-link respects)
//   subject_seqs c‖sha‖seq / a id\0 seq -> action (custody entries about a subject)
#ifndef CUSTODIA_INDEX_H_
#define CUSTODIA_INDEX_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/attention.h"
#include "custodia/hash.h"
#include "custodia/json.h"
#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia {

struct ClipRecord {
  std::string sha256;  // hex
  uint64_t size = 0;
  std::string device;          // "" unknown
  std::string officer;         // "" unknown
  std::string officer_source;  // flag | device | roster | amend | none
  TimeMs start = 0, end = 0;
  std::string recorded_source;  // creation_time | profile | mtime | none
  std::string status;           // ok | truncated | unreadable
  std::string container;
  int64_t duration_ms = -1;
  std::string original_name, original_path;
  std::string offload_id;
  TimeMs ingested_at = 0;
  uint64_t seq = 0;  // custody entry of the ingest
  std::vector<std::string> problems;
  Json sidecars = Json::array();  // [{name, sha256, size}]

  Json ToJson() const;
  static Result<ClipRecord> FromJson(const Json& j, std::string_view where);
};

struct AttentionState {
  Attention record;
  int64_t version = 1;
  std::string content_hash;
  uint64_t seq = 0;         // import entry that set this version
  std::string import_sha;   // stored import file it came from
  TimeMs updated = 0;

  Json ToJson() const;
  static Result<AttentionState> FromJson(const Json& j, std::string_view where);
};

struct LinkRecord {
  std::string clip;       // sha256 hex
  std::string attention;  // id
  std::string method;     // auto | manual
  std::string rule;       // auto: "officer+overlap margin=10m"; manual: ""
  std::string actor;
  TimeMs time = 0;
  std::string reason;
  uint64_t seq = 0;

  Json ToJson() const;
  static Result<LinkRecord> FromJson(const Json& j, std::string_view where);
};

// Dimensions with their own attention index and report counters.
enum class AttDim { kModule, kZone, kCategory, kOfficer, kModuleCategory };
std::string_view AttDimName(AttDim d);

// The device roster in force (SPEC §6): the last `roster` entry's file.
struct StoredRoster {
  Roster roster;
  std::string import_sha256;  // imports/ab/<sha> it was read from
  std::string file_name;      // as the clerk named it
  uint64_t seq = 0;           // the `roster` custody entry
  TimeMs time = 0;
};

// The local day (days since 1970-01-01 in the vault's zone) of time t: the
// day the per-day attention counters file an attention under.
int64_t AttentionDay(const TimeZone& tz, TimeMs t);

struct IndexMeta {
  uint64_t applied_seq = 0;     // number of custody entries applied
  uint64_t applied_offset = 0;  // byte offset in entries.jsonl after them
  int64_t max_clip_ms = 0;      // longest clip (end - start), for overlap scans
  int64_t max_attention_ms = 0; // longest attention (closed - opened), likewise
};

class IndexBatch;

class Index {
 public:
  enum class Mode { kReadOnly, kReadWrite };
  // kReadOnly on a missing index is NotFound; kReadWrite creates it.
  static Result<std::unique_ptr<Index>> Open(const std::string& dir, Mode mode);
  // Removes the index directory (reindex).
  static Status Destroy(const std::string& dir);
  ~Index();

  Result<IndexMeta> Meta();
  Result<std::optional<std::string>> GetMetaString(std::string_view key);

  // ---- clips ----
  Result<std::optional<ClipRecord>> GetClip(std::string_view sha_hex);
  // Many clips at once (one sorted, batched read), in the order given;
  // nullopt where absent. For query results of thousands of rows.
  Result<std::vector<std::optional<ClipRecord>>> GetClips(const std::vector<std::string>& shas_hex);
  // Every clip whose id starts with the (lowercase) hex prefix, up to limit.
  Result<std::vector<std::string>> ClipIdsWithPrefix(std::string_view hex_prefix, size_t limit);
  // The clip a sidecar (by its SHA-256) belongs to.
  Result<std::optional<std::string>> ClipOfSidecar(std::string_view sidecar_sha_hex);
  Result<std::optional<std::string>> SightingOf(std::string_view device, std::string_view path, uint64_t size,
                                                int64_t mtime_ns);
  // Scans clips whose recording overlaps [from, to) through the named
  // secondary index (by = "time" | "officer" | "device" | "status", value for
  // the latter three). cb returns false to stop.
  Status ScanClips(std::string_view by, std::string_view value, TimeMs from, TimeMs to,
                   const std::function<bool(const std::string& sha_hex, TimeMs start, TimeMs end)>& cb);
  // The same scan, giving the clip records: read from the officer and device
  // indexes themselves (they hold the record), else looked up in one batch.
  Status ScanClipRecords(std::string_view by, std::string_view value, TimeMs from, TimeMs to,
                         const std::function<bool(ClipRecord&&)>& cb);
  Status ForEachClip(const std::function<bool(const ClipRecord&)>& cb);
  Result<uint64_t> ClipCount();

  // ---- attentions ----
  Result<std::optional<AttentionState>> GetAttention(std::string_view id);
  // Many attentions at once (one sorted, batched read), in the order given.
  Result<std::vector<std::optional<AttentionState>>> GetAttentions(const std::vector<std::string>& ids);
  Result<std::vector<AttentionState>> AttentionVersions(std::string_view id);  // older versions, ascending
  // The current version's content hash without decoding the record (cheap:
  // the importer compares a million records with it).
  Result<std::optional<std::string>> GetAttentionHash(std::string_view id);
  // Attentions with opened_at in [from, to): by time, or through a dimension.
  Status ScanAttentions(std::optional<AttDim> dim, std::string_view value, TimeMs from, TimeMs to,
                        const std::function<bool(const std::string& id, TimeMs opened)>& cb);
  // The same scan giving the current records, in (opened_at, id) order: read
  // from the module+category index itself (it holds them), else in batches.
  Status ScanAttentionStates(std::optional<AttDim> dim, std::string_view value, TimeMs from, TimeMs to,
                             const std::function<bool(AttentionState&&)>& cb);
  // Sum of counters for dim values over local days [day_from, day_to) (days
  // since epoch in the vault's zone), value -> count.
  Result<std::map<std::string, int64_t>> CountsByDay(AttDim dim, int64_t day_from, int64_t day_to);
  Result<uint64_t> AttentionCount();
  // The per-day counters one by one: (value, local day, count) for days in
  // [day_from, day_to), count != 0, ordered by value then day.
  Status ForEachCount(AttDim dim, int64_t day_from, int64_t day_to,
                      const std::function<bool(const std::string& value, int64_t day, int64_t count)>& cb);
  // Every value of a dimension that some attention has (from the counters).
  Result<std::vector<std::string>> DimensionValues(AttDim dim);

  // ---- roster ----
  Result<std::optional<StoredRoster>> GetRoster();

  // ---- links ----
  Result<std::vector<LinkRecord>> LinksOfClip(std::string_view sha_hex);
  Result<std::vector<LinkRecord>> LinksOfAttention(std::string_view id);
  Result<std::optional<LinkRecord>> GetLink(std::string_view sha_hex, std::string_view id);
  Result<std::optional<LinkRecord>> GetLinkBlock(std::string_view sha_hex, std::string_view id);
  Result<bool> ClipHasLinks(std::string_view sha_hex);
  Result<bool> AttentionHasLinks(std::string_view id);
  Result<size_t> AttentionLinkCount(std::string_view id);  // without reading the links
  Result<std::vector<size_t>> AttentionLinkCounts(const std::vector<std::string>& ids);  // one scan, in order given

  // ---- custody entries about a subject ----
  struct SubjectEntry {
    uint64_t seq;
    std::string action;
    TimeMs time;
  };
  Result<std::vector<SubjectEntry>> EntriesOfClip(std::string_view sha_hex);
  Result<std::vector<SubjectEntry>> EntriesOfAttention(std::string_view id);

  // ---- writing ----
  // Applies the batch atomically. sync=true makes it, and every earlier
  // unsynced write, durable before returning (the end of a unit: the batch
  // that records applied_seq). sync=false is for the parts of a big unit
  // before that: written without the WAL, so they cost no log I/O and are
  // made durable (memtables flushed) by the next synced write; a crash
  // before it loses them, and the replay from applied_seq redoes them.
  Status Write(IndexBatch& batch, bool sync);

  struct Impl;  // opaque (index/rocks.h)
  Impl* impl() const { return impl_.get(); }

 private:
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A set of changes applied atomically by Index::Write. Reads through the
// batch see its own pending writes (records only: clips, attentions, links).
class IndexBatch {
 public:
  explicit IndexBatch(Index* index, const TimeZone& tz);
  ~IndexBatch();

  void SetApplied(uint64_t applied_seq, uint64_t applied_offset);

  Status PutClip(const ClipRecord& rec);  // replaces secondary keys of an older version
  Result<std::optional<ClipRecord>> GetClip(std::string_view sha_hex);
  Status PutSidecar(std::string_view sidecar_sha_hex, std::string_view clip_sha_hex);
  void PutSighting(std::string_view device, std::string_view path, uint64_t size, int64_t mtime_ns,
                   std::string_view sha_hex);

  // Inserts or replaces (moving the previous version to att_versions).
  Status PutAttention(const AttentionState& state);
  // The same, for a caller that has read the current version already
  // (`previous`, nullopt for a new id): a bulk import then reads each id once.
  Status PutAttention(const AttentionState& state, const std::optional<AttentionState>& previous);
  Result<std::optional<AttentionState>> GetAttention(std::string_view id);
  Result<std::optional<std::string>> GetAttentionHash(std::string_view id);  // see Index::GetAttentionHash

  void PutRoster(const StoredRoster& roster);

  Status PutLink(const LinkRecord& link);
  Status RemoveLink(std::string_view sha_hex, std::string_view id);
  Status PutLinkBlock(const LinkRecord& block);
  Status RemoveLinkBlock(std::string_view sha_hex, std::string_view id);
  Result<std::optional<LinkRecord>> GetLink(std::string_view sha_hex, std::string_view id);
  Result<std::optional<LinkRecord>> GetLinkBlock(std::string_view sha_hex, std::string_view id);

  void AddSubjectSeq(bool clip, std::string_view subject, uint64_t seq, std::string_view action, TimeMs time);
  void PutMetaString(std::string_view key, std::string_view value);

  size_t ApproximateSize() const;

  struct Impl;  // opaque (index/batch.cc)
  Impl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace custodia

#endif  // CUSTODIA_INDEX_H_
