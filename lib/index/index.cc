#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/filter_policy.h>

#include <cstdarg>
#include <cstring>
#include <thread>
#include <chrono>
#include <filesystem>

#include "custodia/encoding.h"
#include "index/codec.h"
#include "index/keys.h"
#include "index/rocks.h"

namespace custodia {

using namespace index_keys;

namespace {

// counts: int64 little-endian, merged by addition.
class AddInt64 : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger* /*logger*/) const override {
    int64_t a = 0, b = 0;
    if (existing && existing->size() == 8) std::memcpy(&a, existing->data(), 8);
    if (value.size() == 8) std::memcpy(&b, value.data(), 8);
    a += b;
    new_value->assign(reinterpret_cast<const char*>(&a), 8);
    return true;
  }
  const char* Name() const override { return "custodia.AddInt64"; }
};

rocksdb::ColumnFamilyOptions CfOptions(size_t cf) {
  rocksdb::ColumnFamilyOptions o;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  if (cf == kClips || cf == kAttentions) {
    // Query results read these records at random (one block per row):
    // uncompressed blocks need no decompression (zstd costs ~10 us a block).
    o.compression = rocksdb::kNoCompression;
    o.bottommost_compression = rocksdb::kNoCompression;
  }
  rocksdb::BlockBasedTableOptions t;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  t.whole_key_filtering = true;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  o.write_buffer_size = 32 << 20;
  if (cf == kCounts) o.merge_operator = std::make_shared<AddInt64>();
  if (cf == kAttentions) {
    // An import looks up every record's id, mostly new ones: a bloom filter
    // on the memtable answers "absent" without searching it.
    o.memtable_whole_key_filtering = true;
    o.memtable_prefix_bloom_size_ratio = 0.05;
  }
  return o;
}

// RocksDB's own info log (index/LOG) is not written: on a full vault file
// system its failed append makes the next one abort the process (Debian's
// librocksdb keeps its assertions). Every error still reaches custodia as a
// status of the call that met it.
class NoLogger : public rocksdb::Logger {
 public:
  NoLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::HEADER_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

rocksdb::DBOptions DbOptions() {
  rocksdb::DBOptions o;
  o.info_log = std::make_shared<NoLogger>();
  o.info_log_level = rocksdb::InfoLogLevel::HEADER_LEVEL;
  o.create_if_missing = true;
  o.create_missing_column_families = true;
  o.paranoid_checks = true;
  o.keep_log_file_num = 3;
  o.max_background_jobs = 2;
  o.atomic_flush = true;  // bulk batches written without WAL are flushed atomically
  o.max_total_wal_size = 256 << 20;
  // RocksDB opens table files with up to 16 threads per column family by
  // default: hundreds of threads for a short CLI query. One is plenty.
  o.max_file_opening_threads = 1;
  return o;
}

}  // namespace

const std::vector<std::string>& CfNames() {
  static const std::vector<std::string> names = {
      rocksdb::kDefaultColumnFamilyName, "clips", "clip_time", "clip_officer", "clip_device", "clip_status",
      "sightings", "attentions", "att_versions", "att_time", "att_dim", "counts", "links", "att_links",
      "link_blocks", "subject_seqs"};
  return names;
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
    return Status::Locked(what + ": the index is in use by another process (" + s.ToString() + ")",
                          "wait for the other custodia command to finish");
  }
  if (s.IsCorruption()) {
    return Status::Integrity(what + ": the index is damaged (" + s.ToString() + ")",
                             "run: custodia reindex (the index is rebuilt from the vault's files)");
  }
  if (s.IsNotFound()) return Status::NotFound(what + ": " + s.ToString());
  return Status::Io(what + ": " + s.ToString());
}

Index::Impl::~Impl() {
  if (db) {
    for (auto* h : cfs) {
      if (h) db->DestroyColumnFamilyHandle(h);
    }
    db->Close();
  }
}

Result<std::optional<std::string>> Index::Impl::Get(Cf c, const std::string& key) const {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf(c), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "index read");
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::optional<std::string>>> Index::Impl::MultiGet(Cf c,
                                                                       const std::vector<std::string>& keys) const {
  std::vector<std::optional<std::string>> out(keys.size());
  // Sorted key order: each block is read once and in file order.
  std::vector<size_t> order(keys.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  constexpr size_t kChunk = 1024;
  std::vector<rocksdb::Slice> slices;
  std::vector<rocksdb::PinnableSlice> values(kChunk);
  std::vector<rocksdb::Status> statuses(kChunk);
  for (size_t begin = 0; begin < order.size(); begin += kChunk) {
    size_t n = std::min(kChunk, order.size() - begin);
    slices.clear();
    for (size_t i = 0; i < n; ++i) slices.emplace_back(keys[order[begin + i]]);
    db->MultiGet(rocksdb::ReadOptions(), cf(c), n, slices.data(), values.data(), statuses.data(), true);
    for (size_t i = 0; i < n; ++i) {
      if (statuses[i].ok()) {
        out[order[begin + i]] = values[i].ToString();
      } else if (!statuses[i].IsNotFound()) {
        return FromRocks(statuses[i], "index read");
      }
      values[i].Reset();
    }
  }
  return out;
}

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;

Result<std::unique_ptr<Index>> Index::Open(const std::string& dir, Mode mode) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->read_only = mode == Mode::kReadOnly;
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (size_t i = 0; i < kCfCount; ++i) descs.emplace_back(CfNames()[i], CfOptions(i));
  rocksdb::DBOptions opts = DbOptions();
  rocksdb::DB* db = nullptr;
  rocksdb::Status s;
  if (impl->read_only) {
    std::error_code ec;
    if (!std::filesystem::exists(dir + "/CURRENT", ec)) {
      return Status::NotFound("the index " + dir + " does not exist yet");
    }
    opts.create_if_missing = false;
    // Every table file is opened now (max_open_files -1, the default): a
    // writer's compaction may delete files while this reader runs, and an
    // open descriptor keeps them readable (lazy opening failed with "No such
    // file" under a concurrent offload). No stats pass over the files.
    opts.skip_stats_update_on_db_open = true;
    s = rocksdb::DB::OpenForReadOnly(opts, dir, descs, &impl->cfs, &db);
    // A writer may have just added column families, flushed or compacted
    // (a file listed in the MANIFEST we read is gone): read it again.
    for (int attempt = 0; attempt < 4 && !s.ok(); ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5 << attempt));
      s = rocksdb::DB::OpenForReadOnly(opts, dir, descs, &impl->cfs, &db);
    }
  } else {
    s = rocksdb::DB::Open(opts, dir, descs, &impl->cfs, &db);
  }
  if (!s.ok()) return FromRocks(s, "cannot open the index " + dir);
  impl->db.reset(db);
  return std::unique_ptr<Index>(new Index(std::move(impl)));
}

Status Index::Destroy(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec) return Status::Io("cannot remove the index " + dir + ": " + ec.message());
  return Status::Ok();
}

Result<IndexMeta> Index::Meta() {
  if (impl_->cached_meta) return *impl_->cached_meta;
  IndexMeta m;
  for (auto [key, field] : {std::pair<const char*, int>{"applied_seq", 0}, {"applied_offset", 1},
                             {"max_clip_ms", 2}, {"max_attention_ms", 3}}) {
    ASSIGN_OR_RETURN(auto v, impl_->Get(kDefault, key));
    uint64_t n = v ? GetU64(*v) : 0;
    if (field == 0) m.applied_seq = n;
    else if (field == 1) m.applied_offset = n;
    else if (field == 2) m.max_clip_ms = int64_t(n);
    else m.max_attention_ms = int64_t(n);
  }
  if (impl_->read_only) impl_->cached_meta = m;
  return m;
}

Result<std::optional<std::string>> Index::GetMetaString(std::string_view key) {
  return impl_->Get(kDefault, "s:" + std::string(key));
}

// ---- clips ----

Result<std::optional<ClipRecord>> Index::GetClip(std::string_view sha_hex) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  ASSIGN_OR_RETURN(auto v, impl_->Get(kClips, raw));
  if (!v) return std::optional<ClipRecord>();
  ASSIGN_OR_RETURN(ClipRecord r, index_codec::DecodeClip(*v, "index clip record"));
  return std::optional<ClipRecord>(std::move(r));
}

Result<std::vector<std::optional<ClipRecord>>> Index::GetClips(const std::vector<std::string>& shas_hex) {
  std::vector<std::string> keys;
  keys.reserve(shas_hex.size());
  for (const auto& sha : shas_hex) {
    ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha));
    keys.push_back(std::move(raw));
  }
  ASSIGN_OR_RETURN(auto values, impl_->MultiGet(kClips, keys));
  std::vector<std::optional<ClipRecord>> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    ASSIGN_OR_RETURN(out[i], index_codec::DecodeClip(*values[i], "index clip record"));
  }
  return out;
}

Result<std::vector<std::string>> Index::ClipIdsWithPrefix(std::string_view hex_prefix, size_t limit) {
  std::vector<std::string> out;
  // Even-length prefix -> byte prefix; odd -> scan from the lower bound and compare hex.
  size_t even = hex_prefix.size() & ~size_t(1);
  ASSIGN_OR_RETURN(Bytes lower, FromHex(hex_prefix.substr(0, even)));
  std::string start(lower.begin(), lower.end());
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kClips)));
  for (it->Seek(start); it->Valid(); it->Next()) {
    std::string hex = ShaHex(std::string_view(it->key().data(), it->key().size()));
    if (hex.compare(0, hex_prefix.size(), hex_prefix) != 0) {
      if (hex.compare(0, even, hex_prefix.substr(0, even)) != 0) break;
      continue;
    }
    out.push_back(hex);
    if (out.size() >= limit) break;
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return out;
}

Result<std::optional<std::string>> Index::ClipOfSidecar(std::string_view sidecar_sha_hex) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sidecar_sha_hex));
  return impl_->Get(kDefault, "sc:" + raw);
}

Result<std::optional<std::string>> Index::SightingOf(std::string_view device, std::string_view path, uint64_t size,
                                                     int64_t mtime_ns) {
  return impl_->Get(kSightings, SightingKey(device, path, size, mtime_ns));
}

namespace {
// Keys prefix‖time‖rest of column family c with time in [from, to), in key
// order: cb(rest, time, value); false stops.
using TimeRangeCb = std::function<bool(std::string_view, TimeMs, std::string_view)>;
Status ScanTimeRange(Index::Impl* impl, Cf c, const std::string& prefix, TimeMs from, TimeMs to,
                     const TimeRangeCb& cb) {
  std::string lo = prefix, hi = prefix;
  PutTime(lo, from);
  PutTime(hi, to);
  rocksdb::ReadOptions ro;
  rocksdb::Slice upper(hi);
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(impl->db->NewIterator(ro, impl->cf(c)));
  for (it->Seek(lo); it->Valid(); it->Next()) {
    std::string_view k(it->key().data(), it->key().size());
    if (k.size() < prefix.size() + 8) continue;
    TimeMs t = GetTime(k.substr(prefix.size(), 8));
    if (t >= to) break;
    if (!cb(k.substr(prefix.size() + 8), t, std::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status(), "index scan");
}
}  // namespace

namespace {
// Secondary clip index `by` over [from, to): cb(sha_raw, start, end, value)
// where value is what the index entry holds (end time, then for officer and
// device the whole clip record: a covering index).
using RawClipCb = std::function<bool(std::string_view, TimeMs, TimeMs, std::string_view)>;
Status ScanClipIndex(Index::Impl* impl, const IndexMeta& meta, std::string_view by, std::string_view value,
                     TimeMs from, TimeMs to, const RawClipCb& cb) {
  Cf c;
  std::string prefix;
  if (by == "time") {
    c = kClipTime;
  } else {
    c = by == "officer" ? kClipOfficer : by == "device" ? kClipDevice : kClipStatus;
    prefix = std::string(value);
    prefix.push_back('\0');
  }
  // A clip overlaps [from, to) iff start < to and end > from; starts are
  // indexed, so scan starts in [from - longest clip, to).
  TimeMs scan_from = from == INT64_MIN ? INT64_MIN : from - meta.max_clip_ms - 1;
  return ScanTimeRange(impl, c, prefix, scan_from, to,
                       [&](std::string_view raw, TimeMs start, std::string_view v) {
                         if (raw.size() != 32 || v.size() < 8) return true;
                         TimeMs end = GetTime(v.substr(0, 8));
                         if (end < from || (end == from && start < from)) return true;
                         return cb(raw, start, end, v.substr(8));
                       });
}
}  // namespace

Status Index::ScanClips(std::string_view by, std::string_view value, TimeMs from, TimeMs to,
                        const std::function<bool(const std::string&, TimeMs, TimeMs)>& cb) {
  ASSIGN_OR_RETURN(IndexMeta meta, Meta());
  return ScanClipIndex(impl_.get(), meta, by, value, from, to,
                       [&](std::string_view raw, TimeMs start, TimeMs end, std::string_view) {
                         return cb(ShaHex(raw), start, end);
                       });
}

Status Index::ScanClipRecords(std::string_view by, std::string_view value, TimeMs from, TimeMs to,
                              const std::function<bool(ClipRecord&&)>& cb) {
  ASSIGN_OR_RETURN(IndexMeta meta, Meta());
  bool covering = by == "officer" || by == "device";
  std::vector<std::string> shas;
  Status err;
  RETURN_IF_ERROR(ScanClipIndex(impl_.get(), meta, by, value, from, to,
                                [&](std::string_view raw, TimeMs, TimeMs, std::string_view v) {
                                  if (!covering) {
                                    shas.push_back(ShaHex(raw));
                                    return true;
                                  }
                                  auto rec = index_codec::DecodeClip(v, "index clip record (by " + std::string(by) + ")");
                                  if (!rec.ok()) {
                                    err = rec.status();
                                    return false;
                                  }
                                  return cb(std::move(*rec));
                                }));
  RETURN_IF_ERROR(err);
  if (covering) return Status::Ok();
  ASSIGN_OR_RETURN(auto records, GetClips(shas));
  for (auto& r : records) {
    if (r && !cb(std::move(*r))) break;
  }
  return Status::Ok();
}

Status Index::ForEachClip(const std::function<bool(const ClipRecord&)>& cb) {
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kClips)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(ClipRecord r,
                     index_codec::DecodeClip(std::string_view(it->value().data(), it->value().size()), "index clip record"));
    if (!cb(r)) break;
  }
  return FromRocks(it->status(), "index scan");
}

Result<uint64_t> Index::ClipCount() {
  uint64_t n = 0;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kClips)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return n;
}

// ---- attentions ----

Result<std::optional<AttentionState>> Index::GetAttention(std::string_view id) {
  ASSIGN_OR_RETURN(auto v, impl_->Get(kAttentions, std::string(id)));
  if (!v) return std::optional<AttentionState>();
  ASSIGN_OR_RETURN(AttentionState s, index_codec::DecodeAttention(*v, "index attention record"));
  return std::optional<AttentionState>(std::move(s));
}

Result<std::vector<std::optional<AttentionState>>> Index::GetAttentions(const std::vector<std::string>& ids) {
  ASSIGN_OR_RETURN(auto values, impl_->MultiGet(kAttentions, ids));
  std::vector<std::optional<AttentionState>> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) continue;
    ASSIGN_OR_RETURN(out[i], index_codec::DecodeAttention(*values[i], "index attention record"));
  }
  return out;
}

Result<std::optional<std::string>> Index::GetAttentionHash(std::string_view id) {
  ASSIGN_OR_RETURN(auto v, impl_->Get(kAttentions, std::string(id)));
  if (!v) return std::optional<std::string>();
  if (auto hash = index_codec::ContentHashOf(*v)) return hash;
  ASSIGN_OR_RETURN(auto state, GetAttention(id));
  return state ? std::optional<std::string>(state->content_hash) : std::nullopt;
}

Result<std::vector<AttentionState>> Index::AttentionVersions(std::string_view id) {
  std::vector<AttentionState> out;
  std::string prefix(id);
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kAttVersions)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    ASSIGN_OR_RETURN(AttentionState s, index_codec::DecodeAttention(
                                           std::string_view(it->value().data(), it->value().size()),
                                           "index attention version"));
    out.push_back(std::move(s));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return out;
}

namespace {
// The attention index over opened_at in [from, to): cb(id, opened, value).
using RawAttCb = std::function<bool(std::string_view, TimeMs, std::string_view)>;
Status ScanAttIndex(Index::Impl* impl, std::optional<AttDim> dim, std::string_view value, TimeMs from, TimeMs to,
                    const RawAttCb& cb) {
  Cf c = dim ? kAttDim : kAttTime;
  std::string prefix = dim ? AttDimPrefix(*dim, value) : std::string();
  return ScanTimeRange(impl, c, prefix, from, to, cb);
}
}  // namespace

Status Index::ScanAttentions(std::optional<AttDim> dim, std::string_view value, TimeMs from, TimeMs to,
                             const std::function<bool(const std::string&, TimeMs)>& cb) {
  return ScanAttIndex(impl_.get(), dim, value, from, to,
                      [&](std::string_view id, TimeMs opened, std::string_view) { return cb(std::string(id), opened); });
}

Status Index::ScanAttentionStates(std::optional<AttDim> dim, std::string_view value, TimeMs from, TimeMs to,
                                  const std::function<bool(AttentionState&&)>& cb) {
  bool covering = dim && *dim == AttDim::kModuleCategory;
  constexpr size_t kChunk = 8192;
  std::vector<std::string> ids;
  bool stopped = false;
  Status err;
  // Non-covering: the ids of a chunk, in scan order, read in one batch.
  auto drain = [&]() -> Status {
    ASSIGN_OR_RETURN(auto states, GetAttentions(ids));
    ids.clear();
    for (auto& st : states) {
      if (st && !cb(std::move(*st))) {
        stopped = true;
        break;
      }
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(ScanAttIndex(impl_.get(), dim, value, from, to,
                               [&](std::string_view id, TimeMs, std::string_view v) {
                                 if (covering && !v.empty()) {
                                   auto st = index_codec::DecodeAttention(v, "index attention record (by module)");
                                   if (!st.ok()) {
                                     err = st.status();
                                     return false;
                                   }
                                   return cb(std::move(*st));
                                 }
                                 ids.emplace_back(id);
                                 if (ids.size() < kChunk) return true;
                                 err = drain();
                                 return err.ok() && !stopped;
                               }));
  RETURN_IF_ERROR(err);
  if (!ids.empty() && !stopped) RETURN_IF_ERROR(drain());
  return Status::Ok();
}

Result<std::map<std::string, int64_t>> Index::CountsByDay(AttDim dim, int64_t day_from, int64_t day_to) {
  std::map<std::string, int64_t> out;
  RETURN_IF_ERROR(ForEachCount(dim, day_from, day_to, [&](const std::string& value, int64_t, int64_t n) {
    out[value] += n;
    return true;
  }));
  for (auto i = out.begin(); i != out.end();) i = i->second == 0 ? out.erase(i) : std::next(i);
  return out;
}

Status Index::ForEachCount(AttDim dim, int64_t day_from, int64_t day_to,
                           const std::function<bool(const std::string&, int64_t, int64_t)>& cb) {
  std::string prefix(1, DimChar(dim));
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kCounts)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view k(it->key().data(), it->key().size());
    if (k.size() < 10) continue;
    int64_t day = GetTime(k.substr(k.size() - 8));
    if (day < day_from || day >= day_to) continue;
    int64_t n = 0;
    if (it->value().size() == 8) std::memcpy(&n, it->value().data(), 8);
    if (n != 0 && !cb(std::string(k.substr(1, k.size() - 1 - 1 - 8)), day, n)) break;
  }
  return FromRocks(it->status(), "index scan");
}

Result<std::vector<std::string>> Index::DimensionValues(AttDim dim) {
  std::vector<std::string> out;
  std::string prefix(1, DimChar(dim));
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kCounts)));
  it->Seek(prefix);
  while (it->Valid() && it->key().starts_with(prefix)) {
    std::string_view k(it->key().data(), it->key().size());
    if (k.size() < 10) {
      it->Next();
      continue;
    }
    std::string value(k.substr(1, k.size() - 1 - 1 - 8));
    // The value's counters sum to its number of attentions.
    int64_t total = 0;
    std::string value_prefix = AttDimPrefix(dim, value);
    for (; it->Valid() && it->key().starts_with(value_prefix); it->Next()) {
      int64_t n = 0;
      if (it->value().size() == 8) std::memcpy(&n, it->value().data(), 8);
      total += n;
    }
    if (total != 0) out.push_back(std::move(value));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return out;
}

Result<uint64_t> Index::AttentionCount() {
  uint64_t n = 0;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kAttentions)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return n;
}

// ---- links ----

namespace {
Result<std::vector<LinkRecord>> ScanLinks(Index::Impl* impl, Cf c, const std::string& prefix) {
  std::vector<LinkRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(impl->db->NewIterator(rocksdb::ReadOptions(), impl->cf(c)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    ASSIGN_OR_RETURN(LinkRecord l,
                     index_codec::DecodeLink(std::string_view(it->value().data(), it->value().size()), "index link"));
    out.push_back(std::move(l));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return out;
}

Result<std::optional<LinkRecord>> GetLinkIn(Index::Impl* impl, Cf c, std::string_view sha_hex, std::string_view id) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  ASSIGN_OR_RETURN(auto v, impl->Get(c, LinkKey(raw, id)));
  if (!v) return std::optional<LinkRecord>();
  ASSIGN_OR_RETURN(LinkRecord l, index_codec::DecodeLink(*v, "index link"));
  return std::optional<LinkRecord>(std::move(l));
}

bool HasPrefix(Index::Impl* impl, Cf c, const std::string& prefix) {
  std::unique_ptr<rocksdb::Iterator> it(impl->db->NewIterator(rocksdb::ReadOptions(), impl->cf(c)));
  it->Seek(prefix);
  return it->Valid() && it->key().starts_with(prefix);
}
}  // namespace

Result<std::vector<LinkRecord>> Index::LinksOfClip(std::string_view sha_hex) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  return ScanLinks(impl_.get(), kLinks, raw);
}

Result<std::vector<LinkRecord>> Index::LinksOfAttention(std::string_view id) {
  std::vector<LinkRecord> out;
  std::string prefix(id);
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kAttLinks)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view k(it->key().data(), it->key().size());
    ASSIGN_OR_RETURN(auto link, GetLinkIn(impl_.get(), kLinks, ShaHex(k.substr(prefix.size())), id));
    if (link) out.push_back(std::move(*link));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return out;
}

Result<std::optional<LinkRecord>> Index::GetLink(std::string_view sha_hex, std::string_view id) {
  return GetLinkIn(impl_.get(), kLinks, sha_hex, id);
}

Result<std::optional<LinkRecord>> Index::GetLinkBlock(std::string_view sha_hex, std::string_view id) {
  return GetLinkIn(impl_.get(), kLinkBlocks, sha_hex, id);
}

Result<bool> Index::ClipHasLinks(std::string_view sha_hex) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  return HasPrefix(impl_.get(), kLinks, raw);
}

Result<size_t> Index::AttentionLinkCount(std::string_view id) {
  std::string prefix(id);
  prefix.push_back('\0');
  size_t n = 0;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kAttLinks)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) ++n;
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return n;
}

Result<std::vector<size_t>> Index::AttentionLinkCounts(const std::vector<std::string>& ids) {
  std::vector<size_t> order(ids.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ids[a] < ids[b]; });
  std::vector<size_t> out(ids.size(), 0);
  // One iterator, forward seeks in key order.
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kAttLinks)));
  std::string prefix;
  for (size_t i : order) {
    prefix.assign(ids[i]);
    prefix.push_back('\0');
    // Already at or past the prefix from the previous seek? Seek only when behind.
    if (!it->Valid() || it->key().compare(prefix) < 0) it->Seek(prefix);
    size_t n = 0;
    for (; it->Valid() && it->key().starts_with(prefix); it->Next()) ++n;
    out[i] = n;
    RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  }
  return out;
}

Result<bool> Index::AttentionHasLinks(std::string_view id) {
  std::string prefix(id);
  prefix.push_back('\0');
  return HasPrefix(impl_.get(), kAttLinks, prefix);
}

// ---- subject seqs ----

namespace {
Result<std::vector<Index::SubjectEntry>> ScanSubject(Index::Impl* impl, const std::string& prefix) {
  std::vector<Index::SubjectEntry> out;
  std::unique_ptr<rocksdb::Iterator> it(impl->db->NewIterator(rocksdb::ReadOptions(), impl->cf(kSubjectSeqs)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string v = it->value().ToString();
    size_t sp = v.find(' ');
    Index::SubjectEntry e;
    e.seq = GetU64(std::string_view(it->key().data() + prefix.size(), 8));
    e.action = v.substr(0, sp);
    e.time = sp == std::string::npos ? 0 : std::strtoll(v.c_str() + sp + 1, nullptr, 10);
    out.push_back(std::move(e));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "index scan"));
  return out;
}
}  // namespace

Result<std::vector<Index::SubjectEntry>> Index::EntriesOfClip(std::string_view sha_hex) {
  ASSIGN_OR_RETURN(std::string raw, ShaRaw(sha_hex));
  return ScanSubject(impl_.get(), "c" + raw);
}

Result<std::vector<Index::SubjectEntry>> Index::EntriesOfAttention(std::string_view id) {
  std::string prefix = "a" + std::string(id);
  prefix.push_back('\0');
  return ScanSubject(impl_.get(), prefix);
}

}  // namespace custodia
