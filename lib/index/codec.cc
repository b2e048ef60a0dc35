#include "index/codec.h"

namespace custodia::index_codec {

namespace {

constexpr char kVersion = 1;

class Writer {
 public:
  Writer() { out_.push_back(kVersion); }
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(char(v | 0x80));
      v >>= 7;
    }
    out_.push_back(char(v));
  }
  void I64(int64_t v) { U64((uint64_t(v) << 1) ^ uint64_t(v >> 63)); }  // zigzag
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& v) {
    U64(v.size());
    for (const auto& s : v) Str(s);
  }
  std::string Done() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(std::string_view in, std::string_view where) : in_(in), where_(where) {
    if (in_.empty() || in_[0] != kVersion) ok_ = false;
    else in_.remove_prefix(1);
  }
  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) {
        ok_ = false;
        return 0;
      }
      uint8_t b = uint8_t(in_[0]);
      in_.remove_prefix(1);
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  int64_t I64() {
    uint64_t u = U64();
    return int64_t(u >> 1) ^ -int64_t(u & 1);
  }
  std::string Str() {
    uint64_t n = U64();
    if (n > in_.size()) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  std::vector<std::string> Strs() {
    uint64_t n = U64();
    std::vector<std::string> v;
    if (n > in_.size()) {
      ok_ = false;
      return v;
    }
    v.reserve(n);
    for (uint64_t i = 0; i < n && ok_; ++i) v.push_back(Str());
    return v;
  }
  Status Finish() const {
    if (ok_ && in_.empty()) return Status::Ok();
    return Status::Integrity(std::string(where_) + ": damaged index value",
                             "run: custodia reindex (the index is rebuilt from the vault's files)");
  }

 private:
  std::string_view in_;
  std::string_view where_;
  bool ok_ = true;
};

}  // namespace

std::string EncodeClip(const ClipRecord& r) {
  Writer w;
  w.Str(r.sha256);
  w.U64(r.size);
  w.Str(r.device);
  w.Str(r.officer);
  w.Str(r.officer_source);
  w.I64(r.start);
  w.I64(r.end);
  w.Str(r.recorded_source);
  w.Str(r.status);
  w.Str(r.container);
  w.I64(r.duration_ms);
  w.Str(r.original_name);
  w.Str(r.original_path);
  w.Str(r.offload_id);
  w.I64(r.ingested_at);
  w.U64(r.seq);
  w.Strs(r.problems);
  w.Str(r.sidecars.empty() ? std::string() : r.sidecars.dump());
  return w.Done();
}

Result<ClipRecord> DecodeClip(std::string_view v, std::string_view where) {
  Reader rd(v, where);
  ClipRecord r;
  r.sha256 = rd.Str();
  r.size = rd.U64();
  r.device = rd.Str();
  r.officer = rd.Str();
  r.officer_source = rd.Str();
  r.start = rd.I64();
  r.end = rd.I64();
  r.recorded_source = rd.Str();
  r.status = rd.Str();
  r.container = rd.Str();
  r.duration_ms = rd.I64();
  r.original_name = rd.Str();
  r.original_path = rd.Str();
  r.offload_id = rd.Str();
  r.ingested_at = rd.I64();
  r.seq = rd.U64();
  r.problems = rd.Strs();
  std::string sidecars = rd.Str();
  RETURN_IF_ERROR(rd.Finish());
  if (!sidecars.empty()) {
    r.sidecars = Json::parse(sidecars, nullptr, false);
    if (r.sidecars.is_discarded()) return Status::Integrity(std::string(where) + ": damaged sidecar list");
  }
  return r;
}

std::string EncodeAttention(const AttentionState& s) {
  Writer w;
  const Attention& a = s.record;
  w.Str(s.content_hash);  // first: ContentHashOf reads it without decoding the rest
  w.Str(a.id);
  w.Str(a.module);
  w.I64(a.zone);
  w.Str(a.category);
  w.Str(a.subcategory);
  w.I64(a.opened_at);
  w.I64(a.closed_at);
  w.Strs(a.officers);
  w.Strs(a.agencies);
  w.Str(a.address);
  w.Str(a.lat);
  w.Str(a.lon);
  w.Str(a.summary);
  w.I64(s.version);
  w.U64(s.seq);
  w.Str(s.import_sha);
  w.I64(s.updated);
  return w.Done();
}

Result<AttentionState> DecodeAttention(std::string_view v, std::string_view where) {
  Reader rd(v, where);
  AttentionState s;
  Attention& a = s.record;
  s.content_hash = rd.Str();
  a.id = rd.Str();
  a.module = rd.Str();
  a.zone = rd.I64();
  a.category = rd.Str();
  a.subcategory = rd.Str();
  a.opened_at = rd.I64();
  a.closed_at = rd.I64();
  a.officers = rd.Strs();
  a.agencies = rd.Strs();
  a.address = rd.Str();
  a.lat = rd.Str();
  a.lon = rd.Str();
  a.summary = rd.Str();
  s.version = rd.I64();
  s.seq = rd.U64();
  s.import_sha = rd.Str();
  s.updated = rd.I64();
  RETURN_IF_ERROR(rd.Finish());
  return s;
}

std::string EncodeLink(const LinkRecord& l) {
  Writer w;
  w.Str(l.clip);
  w.Str(l.attention);
  w.Str(l.method);
  w.Str(l.rule);
  w.Str(l.actor);
  w.I64(l.time);
  w.Str(l.reason);
  w.U64(l.seq);
  return w.Done();
}

Result<LinkRecord> DecodeLink(std::string_view v, std::string_view where) {
  Reader rd(v, where);
  LinkRecord l;
  l.clip = rd.Str();
  l.attention = rd.Str();
  l.method = rd.Str();
  l.rule = rd.Str();
  l.actor = rd.Str();
  l.time = rd.I64();
  l.reason = rd.Str();
  l.seq = rd.U64();
  RETURN_IF_ERROR(rd.Finish());
  return l;
}

std::optional<std::string> ContentHashOf(std::string_view v) {
  Reader rd(v, "");
  std::string hash = rd.Str();
  if (hash.size() != 64) return std::nullopt;
  return hash;
}

}  // namespace custodia::index_codec
