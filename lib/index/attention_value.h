// The stored form of an attention's current state (attentions column family)
// and a cheap look at its content hash. Written directly rather than through
// a Json tree: an import of a million records writes a million of them.
#ifndef CUSTODIA_INDEX_ATTENTION_VALUE_H_
#define CUSTODIA_INDEX_ATTENTION_VALUE_H_

#include <optional>
#include <string>
#include <string_view>

#include "custodia/index.h"

namespace custodia::index_values {

// {"content_hash","import_sha256","record":<canonical record>,"seq","updated","version"}:
// the same object AttentionState::ToJson() gives, keys in the same order.
// `canonical_record` is state.record.ToCanonicalJson().
std::string AttentionValue(const AttentionState& state, std::string_view canonical_record);

// The content hash of a stored value (either writer's form), without
// decoding the record; nullopt if the value is not in the expected shape.
std::optional<std::string> ContentHashOf(std::string_view stored);

}  // namespace custodia::index_values

#endif  // CUSTODIA_INDEX_ATTENTION_VALUE_H_
