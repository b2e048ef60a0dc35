// JSON: nlohmann::json with sorted keys, and the canonical form of SPEC §3
// that everything custodia signs or hashes uses:
//   UTF-8 validated, object keys sorted by code point, no insignificant
//   whitespace, integers only (no floats), strings escaped minimally
//   (", \, and control characters; \u00XX lowercase for the rest).
#ifndef CUSTODIA_JSON_H_
#define CUSTODIA_JSON_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "custodia/status.h"

namespace custodia {

// std::map-backed: keys iterate in byte order, which for UTF-8 is code point order.
using Json = nlohmann::json;

// Canonical serialization. Fails on floats and invalid UTF-8.
Result<std::string> CanonicalJson(const Json& value);

// Parses text as JSON; `where` names the source for the error message
// ("manifests/ab/ab12….json"). Rejects invalid UTF-8 and duplicate keys.
Result<Json> ParseJson(std::string_view text, std::string_view where);

// Typed field access with errors that name the field and the source.
Result<std::string> GetString(const Json& obj, std::string_view key, std::string_view where);
Result<int64_t> GetInt(const Json& obj, std::string_view key, std::string_view where);

}  // namespace custodia

#endif  // CUSTODIA_JSON_H_
