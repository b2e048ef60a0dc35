// Key layouts of the index (the only place that knows them; see index.h and
// doc/formats/index.md). Times are encoded so that byte order = time order.
#ifndef CUSTODIA_INDEX_KEYS_H_
#define CUSTODIA_INDEX_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "custodia/index.h"
#include "custodia/status.h"

namespace custodia::index_keys {

void PutTime(std::string& out, TimeMs t);    // 8 bytes, order-preserving
TimeMs GetTime(std::string_view in);          // inverse of PutTime (reads 8 bytes)
void PutU64(std::string& out, uint64_t v);   // 8 bytes big-endian
uint64_t GetU64(std::string_view in);

// sha256 hex (64 lowercase digits) <-> 32 raw bytes.
Result<std::string> ShaRaw(std::string_view hex);
std::string ShaHex(std::string_view raw);

char DimChar(AttDim d);

std::string ClipTimeKey(TimeMs start, std::string_view sha_raw);
std::string ClipByKey(std::string_view value, TimeMs start, std::string_view sha_raw);  // officer/device/status
std::string SightingKey(std::string_view device, std::string_view path, uint64_t size, int64_t mtime_ns);
std::string AttVersionKey(std::string_view id, int64_t version);
std::string AttTimeKey(TimeMs opened, std::string_view id);
std::string AttDimPrefix(AttDim d, std::string_view value);
std::string AttDimKey(AttDim d, std::string_view value, TimeMs opened, std::string_view id);
std::string CountKey(AttDim d, std::string_view value, int64_t day);
std::string LinkKey(std::string_view sha_raw, std::string_view id);
std::string AttLinkKey(std::string_view id, std::string_view sha_raw);
std::string ClipSeqKey(std::string_view sha_raw, uint64_t seq);
std::string AttSeqKey(std::string_view id, uint64_t seq);

// Local day number (days since 1970-01-01 in the vault's zone) of time t.
int64_t LocalDay(const TimeZone& tz, TimeMs t);

// Values of a dimension for an attention (officer has one per officer).
std::vector<std::string> DimValues(AttDim d, const Attention& a);

}  // namespace custodia::index_keys

#endif  // CUSTODIA_INDEX_KEYS_H_
