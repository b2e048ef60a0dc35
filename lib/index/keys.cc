#include "index/keys.h"

#include "custodia/encoding.h"

namespace custodia::index_keys {

void PutU64(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t GetU64(std::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8 && i < int(in.size()); ++i) v = v << 8 | static_cast<uint8_t>(in[size_t(i)]);
  return v;
}

void PutTime(std::string& out, TimeMs t) { PutU64(out, uint64_t(t) ^ 0x8000000000000000ULL); }
TimeMs GetTime(std::string_view in) { return TimeMs(GetU64(in) ^ 0x8000000000000000ULL); }

Result<std::string> ShaRaw(std::string_view hex) {
  if (hex.size() != 64 || !IsLowerHex(hex)) return Status::Invalid("not a clip id (64 lowercase hex): " + std::string(hex));
  ASSIGN_OR_RETURN(Bytes b, FromHex(hex));
  return std::string(b.begin(), b.end());
}

std::string ShaHex(std::string_view raw) { return ToHex(AsBytes(raw)); }

char DimChar(AttDim d) {
  switch (d) {
    case AttDim::kModule: return 'm';
    case AttDim::kZone: return 'z';
    case AttDim::kCategory: return 'c';
    case AttDim::kOfficer: return 'o';
    case AttDim::kModuleCategory: return 'M';
  }
  return '?';
}

std::string ClipTimeKey(TimeMs start, std::string_view sha_raw) {
  std::string k;
  k.reserve(40);
  PutTime(k, start);
  k.append(sha_raw);
  return k;
}

std::string ClipByKey(std::string_view value, TimeMs start, std::string_view sha_raw) {
  std::string k(value);
  k.push_back('\0');
  PutTime(k, start);
  k.append(sha_raw);
  return k;
}

std::string SightingKey(std::string_view device, std::string_view path, uint64_t size, int64_t mtime_ns) {
  std::string k(device);
  k.push_back('\0');
  k.append(path);
  k.push_back('\0');
  PutU64(k, size);
  PutU64(k, uint64_t(mtime_ns));
  return k;
}

std::string AttVersionKey(std::string_view id, int64_t version) {
  std::string k(id);
  k.push_back('\0');
  PutU64(k, uint64_t(version));
  return k;
}

std::string AttTimeKey(TimeMs opened, std::string_view id) {
  std::string k;
  PutTime(k, opened);
  k.append(id);
  return k;
}

std::string AttDimPrefix(AttDim d, std::string_view value) {
  std::string k(1, DimChar(d));
  k.append(value);
  k.push_back('\0');
  return k;
}

std::string AttDimKey(AttDim d, std::string_view value, TimeMs opened, std::string_view id) {
  std::string k = AttDimPrefix(d, value);
  PutTime(k, opened);
  k.append(id);
  return k;
}

std::string CountKey(AttDim d, std::string_view value, int64_t day) {
  std::string k = AttDimPrefix(d, value);
  PutTime(k, day);
  return k;
}

std::string LinkKey(std::string_view sha_raw, std::string_view id) {
  std::string k(sha_raw);
  k.append(id);
  return k;
}

std::string AttLinkKey(std::string_view id, std::string_view sha_raw) {
  std::string k(id);
  k.push_back('\0');
  k.append(sha_raw);
  return k;
}

std::string ClipSeqKey(std::string_view sha_raw, uint64_t seq) {
  std::string k("c");
  k.append(sha_raw);
  PutU64(k, seq);
  return k;
}

std::string AttSeqKey(std::string_view id, uint64_t seq) {
  std::string k("a");
  k.append(id);
  k.push_back('\0');
  PutU64(k, seq);
  return k;
}

int64_t LocalDay(const TimeZone& tz, TimeMs t) {
  TimeMs local = t + tz.OffsetSeconds(t) * 1000LL;
  int64_t day = local / 86'400'000LL;
  if (local < 0 && local % 86'400'000LL != 0) --day;
  return day;
}

std::vector<std::string> DimValues(AttDim d, const Attention& a) {
  switch (d) {
    case AttDim::kModule: return {a.module};
    case AttDim::kZone: return {std::to_string(a.zone)};
    case AttDim::kCategory: return {a.category};
    case AttDim::kOfficer: return a.officers;
    case AttDim::kModuleCategory: return {a.module + '\x1f' + a.category};
  }
  return {};
}

}  // namespace custodia::index_keys

namespace custodia {
int64_t AttentionDay(const TimeZone& tz, TimeMs t) { return index_keys::LocalDay(tz, t); }
}  // namespace custodia
