// Binary encodings of the index's record values. The index is our own,
// derived data: values are decoded without the JSON parser or the schema
// checks (those ran when the data came in), which makes reading a record a
// few hundred nanoseconds instead of tens of microseconds. Each value starts
// with a one-byte version. Layouts: doc/formats/index.md.
#ifndef CUSTODIA_INDEX_CODEC_H_
#define CUSTODIA_INDEX_CODEC_H_

#include <optional>
#include <string>
#include <string_view>

#include "custodia/index.h"

namespace custodia::index_codec {

std::string EncodeClip(const ClipRecord& r);
Result<ClipRecord> DecodeClip(std::string_view v, std::string_view where);

std::string EncodeAttention(const AttentionState& s);
Result<AttentionState> DecodeAttention(std::string_view v, std::string_view where);

// The content hash of a stored attention without decoding the rest.
std::optional<std::string> ContentHashOf(std::string_view v);

std::string EncodeLink(const LinkRecord& l);
Result<LinkRecord> DecodeLink(std::string_view v, std::string_view where);

}  // namespace custodia::index_codec

#endif  // CUSTODIA_INDEX_CODEC_H_
