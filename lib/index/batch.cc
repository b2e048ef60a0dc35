// IndexBatch: one atomic set of index changes, with read-your-writes for the
// records (clips, attentions, links) so that applying several custody entries
// in one batch sees the earlier ones.
#include <algorithm>
#include <string_view>
#include <cstring>
#include <unordered_map>

#include "index/codec.h"
#include "index/keys.h"
#include "index/rocks.h"

namespace custodia {

using namespace index_keys;

// A batch's operations, per column family, emitted in key order when it is
// written: the memtable's skip list inserts keys that follow the previous
// one almost for free, and random order costs a search each (an import's
// ten keys per record made that most of its time). Operations on the same
// key keep their order (stable sort), so the batch means the same.
class SortedWrites {
 public:
  void Put(Cf c, std::string_view key, std::string_view value) { Add(c, Op::kPut, key, value); }
  void Delete(Cf c, std::string_view key) { Add(c, Op::kDelete, key, {}); }
  void Merge(Cf c, std::string_view key, std::string_view value) { Add(c, Op::kMerge, key, value); }
  size_t GetDataSize() const { return bytes_; }
  void Clear() {
    for (auto& v : ops_) v.clear();
    arena_.clear();
    bytes_ = 0;
  }
  void EmitInto(rocksdb::WriteBatch& out, const Index::Impl& db) {
    for (size_t c = 0; c < kCfCount; ++c) {
      auto& ops = ops_[c];
      auto key = [&](const Entry& e) { return std::string_view(arena_.data() + e.offset, e.key_size); };
      auto before = [&](const Entry& a, const Entry& b) {
        int cmp = key(a).compare(key(b));
        return cmp != 0 ? cmp < 0 : a.seq < b.seq;  // same key: in the order written
      };
      if (!std::is_sorted(ops.begin(), ops.end(), before)) std::sort(ops.begin(), ops.end(), before);
      for (const Entry& e : ops) {
        std::string_view k = key(e);
        std::string_view v(arena_.data() + e.offset + e.key_size, e.value_size);
        if (e.op == Op::kPut) out.Put(db.cf(Cf(c)), k, v);
        else if (e.op == Op::kDelete) out.Delete(db.cf(Cf(c)), k);
        else out.Merge(db.cf(Cf(c)), k, v);
      }
    }
  }

 private:
  enum class Op : uint8_t { kPut, kDelete, kMerge };
  struct Entry {
    size_t offset;  // key then value, in arena_
    uint32_t key_size, value_size;
    uint32_t seq;
    Op op;
  };
  void Add(Cf c, Op op, std::string_view key, std::string_view value) {
    ops_[c].push_back(Entry{arena_.size(), uint32_t(key.size()), uint32_t(value.size()), seq_++, op});
    arena_.append(key);
    arena_.append(value);
    bytes_ += key.size() + value.size() + 24;
  }
  std::vector<Entry> ops_[kCfCount];
  std::string arena_;
  size_t bytes_ = 0;
  uint32_t seq_ = 0;
};

struct IndexBatch::Impl {
  Impl(Index* i, const TimeZone& z) : index(i), tz(z) {}
  Index* index;
  TimeZone tz;
  SortedWrites batch;
  // Pending record values by (cf, key); nullopt = deleted in this batch.
  std::unordered_map<std::string, std::optional<std::string>> overlay;
  // Counter deltas, summed here and merged once per key when the batch is
  // written: an import adds ~10 counts per record to a few thousand keys.
  std::unordered_map<std::string, int64_t> counts;
  int64_t max_clip_ms = -1;       // -1: unchanged
  int64_t max_attention_ms = -1;

  // Raises a "longest duration" meta value if `dur` exceeds it.
  Status RaiseMax(const char* key, int64_t dur, int64_t& cached, int64_t stored) {
    if (dur <= cached) return Status::Ok();
    cached = std::max(dur, stored);
    if (dur > stored) {
      std::string v;
      PutU64(v, uint64_t(dur));
      batch.Put(kDefault, key, v);
    }
    return Status::Ok();
  }

  static std::string OverlayKey(Cf c, const std::string& key) { return std::string(1, char(c)) + key; }

  Result<std::optional<std::string>> Get(Cf c, const std::string& key) {
    auto it = overlay.find(OverlayKey(c, key));
    if (it != overlay.end()) return it->second;
    return index->impl()->Get(c, key);
  }
  void Put(Cf c, const std::string& key, const std::string& value) {
    batch.Put(c, key, value);
    if (c == kClips || c == kAttentions || c == kLinks || c == kLinkBlocks) overlay[OverlayKey(c, key)] = value;
  }
  void Delete(Cf c, const std::string& key) {
    batch.Delete(c, key);
    if (c == kClips || c == kAttentions || c == kLinks || c == kLinkBlocks) overlay[OverlayKey(c, key)] = std::nullopt;
  }
  void AddCount(AttDim d, const std::string& value, int64_t day, int64_t delta) {
    counts[CountKey(d, value, day)] += delta;
  }
  void MergeCounts() {
    for (const auto& [key, delta] : counts) {
      if (delta != 0) batch.Merge(kCounts, key, std::string_view(reinterpret_cast<const char*>(&delta), 8));
    }
    counts.clear();
  }
};

IndexBatch::IndexBatch(Index* index, const TimeZone& tz) : impl_(new Impl{index, tz}) {}
IndexBatch::~IndexBatch() = default;

size_t IndexBatch::ApproximateSize() const { return impl_->batch.GetDataSize(); }

void IndexBatch::SetApplied(uint64_t applied_seq, uint64_t applied_offset) {
  std::string a, b;
  PutU64(a, applied_seq);
  PutU64(b, applied_offset);
  impl_->batch.Put(kDefault, "applied_seq", a);
  impl_->batch.Put(kDefault, "applied_offset", b);
}

void IndexBatch::PutMetaString(std::string_view key, std::string_view value) {
  impl_->batch.Put(kDefault, "s:" + std::string(key), std::string(value));
}

// ---- clips ----

namespace {
// Secondary entries: value = end time; the officer and device indexes also
// hold the encoded record after it (covering: the supervisor's queries by
// officer or camera read no other key).
void ClipSecondary(IndexBatch::Impl& b, const ClipRecord& r, const std::string& raw, bool remove,
                   const std::string& encoded = std::string()) {
  std::string end;
  PutTime(end, r.end);
  std::string covering = end + encoded;
  auto put = [&](Cf c, const std::string& key, const std::string& value) {
    if (remove) b.Delete(c, key);
    else b.Put(c, key, value);
  };
  put(kClipTime, ClipTimeKey(r.start, raw), end);
  put(kClipOfficer, ClipByKey(r.officer, r.start, raw), covering);
  put(kClipDevice, ClipByKey(r.device, r.start, raw), covering);
  put(kClipStatus, ClipByKey(r.status, r.start, raw), end);
}
}  // namespace

Status IndexBatch::PutClip(const ClipRecord& rec) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(rec.sha256));
  ASSIGN_OR_RETURN(auto old, GetClip(rec.sha256));
  if (old) ClipSecondary(*impl_, *old, raw, true);
  std::string encoded = index_codec::EncodeClip(rec);
  impl_->Put(kClips, raw, encoded);
  ClipSecondary(*impl_, rec, raw, false, encoded);
  int64_t dur = rec.end - rec.start;
  if (dur > impl_->max_clip_ms) {
    ASSIGN_OR_RETURN(IndexMeta meta, impl_->index->Meta());
    RETURN_IF_ERROR(impl_->RaiseMax("max_clip_ms", dur, impl_->max_clip_ms, meta.max_clip_ms));
  }
  return Status::Ok();
}

Result<std::optional<ClipRecord>> IndexBatch::GetClip(std::string_view sha_hex) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  ASSIGN_OR_RETURN(auto v, impl_->Get(kClips, raw));
  if (!v) return std::optional<ClipRecord>();
  ASSIGN_OR_RETURN(ClipRecord r, index_codec::DecodeClip(*v, "index clip record"));
  return std::optional<ClipRecord>(std::move(r));
}

Status IndexBatch::PutSidecar(std::string_view sidecar_sha_hex, std::string_view clip_sha_hex) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sidecar_sha_hex));
  impl_->batch.Put(kDefault, "sc:" + raw, std::string(clip_sha_hex));
  return Status::Ok();
}

void IndexBatch::PutSighting(std::string_view device, std::string_view path, uint64_t size, int64_t mtime_ns,
                             std::string_view sha_hex) {
  impl_->batch.Put(kSightings, SightingKey(device, path, size, mtime_ns),
                   std::string(sha_hex));
}

// ---- attentions ----

namespace {
constexpr AttDim kAllDims[] = {AttDim::kModule, AttDim::kZone, AttDim::kCategory, AttDim::kOfficer,
                               AttDim::kModuleCategory};

// The module+category index (the supervisor's usual question) holds the
// encoded record as its value: a covering index, no lookup per row.
void AttentionSecondary(IndexBatch::Impl& b, const Attention& a, bool remove,
                        const std::string& encoded = std::string()) {
  int64_t day = LocalDay(b.tz, a.opened_at);
  std::string time_key = AttTimeKey(a.opened_at, a.id);
  if (remove) b.Delete(kAttTime, time_key);
  else b.Put(kAttTime, time_key, "");
  for (AttDim d : kAllDims) {
    for (const std::string& v : DimValues(d, a)) {
      std::string key = AttDimKey(d, v, a.opened_at, a.id);
      if (remove) b.Delete(kAttDim, key);
      else b.Put(kAttDim, key, d == AttDim::kModuleCategory ? encoded : std::string());
      b.AddCount(d, v, day, remove ? -1 : 1);
    }
  }
}
}  // namespace

Status IndexBatch::PutAttention(const AttentionState& state) {
  ASSIGN_OR_RETURN(auto old, GetAttention(state.record.id));
  return PutAttention(state, old);
}

Status IndexBatch::PutAttention(const AttentionState& state, const std::optional<AttentionState>& previous) {
  const std::string& id = state.record.id;
  if (previous) {
    impl_->Put(kAttVersions, AttVersionKey(id, previous->version), index_codec::EncodeAttention(*previous));
    AttentionSecondary(*impl_, previous->record, true);
  }
  std::string encoded = index_codec::EncodeAttention(state);
  impl_->Put(kAttentions, id, encoded);
  AttentionSecondary(*impl_, state.record, false, encoded);
  int64_t dur = state.record.closed_at - state.record.opened_at;
  if (dur > impl_->max_attention_ms) {
    ASSIGN_OR_RETURN(IndexMeta meta, impl_->index->Meta());
    RETURN_IF_ERROR(impl_->RaiseMax("max_attention_ms", dur, impl_->max_attention_ms, meta.max_attention_ms));
  }
  return Status::Ok();
}

Result<std::optional<AttentionState>> IndexBatch::GetAttention(std::string_view id) {
  ASSIGN_OR_RETURN(auto v, impl_->Get(kAttentions, std::string(id)));
  if (!v) return std::optional<AttentionState>();
  ASSIGN_OR_RETURN(AttentionState s, index_codec::DecodeAttention(*v, "index attention record"));
  return std::optional<AttentionState>(std::move(s));
}

Result<std::optional<std::string>> IndexBatch::GetAttentionHash(std::string_view id) {
  ASSIGN_OR_RETURN(auto v, impl_->Get(kAttentions, std::string(id)));
  if (!v) return std::optional<std::string>();
  if (auto hash = index_codec::ContentHashOf(*v)) return hash;
  ASSIGN_OR_RETURN(auto state, GetAttention(id));
  return state ? std::optional<std::string>(state->content_hash) : std::nullopt;
}

// ---- links ----

Status IndexBatch::PutLink(const LinkRecord& link) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(link.clip));
  impl_->Put(kLinks, LinkKey(raw, link.attention), index_codec::EncodeLink(link));
  impl_->Put(kAttLinks, AttLinkKey(link.attention, raw), "");
  return Status::Ok();
}

Status IndexBatch::RemoveLink(std::string_view sha_hex, std::string_view id) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  impl_->Delete(kLinks, LinkKey(raw, id));
  impl_->Delete(kAttLinks, AttLinkKey(id, raw));
  return Status::Ok();
}

Status IndexBatch::PutLinkBlock(const LinkRecord& block) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(block.clip));
  impl_->Put(kLinkBlocks, LinkKey(raw, block.attention), index_codec::EncodeLink(block));
  return Status::Ok();
}

Status IndexBatch::RemoveLinkBlock(std::string_view sha_hex, std::string_view id) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  impl_->Delete(kLinkBlocks, LinkKey(raw, id));
  return Status::Ok();
}

namespace {
Result<std::optional<LinkRecord>> GetLinkFrom(IndexBatch::Impl& b, Cf c, std::string_view sha_hex,
                                              std::string_view id) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  ASSIGN_OR_RETURN(auto v, b.Get(c, LinkKey(raw, id)));
  if (!v) return std::optional<LinkRecord>();
  ASSIGN_OR_RETURN(LinkRecord l, index_codec::DecodeLink(*v, "index link"));
  return std::optional<LinkRecord>(std::move(l));
}
}  // namespace

Result<std::optional<LinkRecord>> IndexBatch::GetLink(std::string_view sha_hex, std::string_view id) {
  return GetLinkFrom(*impl_, kLinks, sha_hex, id);
}

Result<std::optional<LinkRecord>> IndexBatch::GetLinkBlock(std::string_view sha_hex, std::string_view id) {
  return GetLinkFrom(*impl_, kLinkBlocks, sha_hex, id);
}

void IndexBatch::AddSubjectSeq(bool clip, std::string_view subject, uint64_t seq, std::string_view action,
                               TimeMs time) {
  std::string key;
  if (clip) {
    auto raw = ShaRaw(subject);
    if (!raw.ok()) return;  // not a clip id: nothing to index
    key = ClipSeqKey(*raw, seq);
  } else {
    key = AttSeqKey(subject, seq);
  }
  // Value: "<action> <time ms>" (verify --older-than reads the time).
  impl_->batch.Put(kSubjectSeqs, key, std::string(action) + " " + std::to_string(time));
}

// ---- writing ----

Status Index::Write(IndexBatch& batch, bool sync) {
  if (impl_->read_only) return Status::Invalid("internal: write to a read-only index");
  batch.impl()->MergeCounts();
  rocksdb::WriteOptions wo;
  if (sync) {
    // Everything written before without the WAL must be on disk before this
    // write (which records applied_seq) can be.
    if (impl_->unlogged_writes) {
      rocksdb::FlushOptions fo;
      fo.wait = true;
      RETURN_IF_ERROR(FromRocks(impl_->db->Flush(fo, impl_->cfs), "cannot flush the index " + impl_->dir));
      impl_->unlogged_writes = false;
    }
    wo.sync = true;
  } else {
    // A part of a unit: the unit's final, synced write makes it durable.
    wo.disableWAL = true;
    impl_->unlogged_writes = true;
  }
  rocksdb::WriteBatch wb(batch.impl()->batch.GetDataSize() + 1024);
  batch.impl()->batch.EmitInto(wb, *impl_);
  batch.impl()->batch.Clear();
  rocksdb::Status s = impl_->db->Write(wo, &wb);
  RETURN_IF_ERROR(FromRocks(s, "cannot write the index " + impl_->dir));
  batch.impl()->overlay.clear();
  return Status::Ok();
}

}  // namespace custodia
