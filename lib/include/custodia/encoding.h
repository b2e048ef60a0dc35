// Byte encodings used in our formats: hex, base64 (RFC 4648, padded, strict),
// percent-encoding of free-form values, UTF-8 validation.
#ifndef CUSTODIA_ENCODING_H_
#define CUSTODIA_ENCODING_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/status.h"

namespace custodia {

using Bytes = std::vector<uint8_t>;

std::string ToHex(std::span<const uint8_t> bytes);   // lowercase
std::string ToHexUpper(std::span<const uint8_t> bytes);
// Accepts upper or lower case; fails on odd length or a non-hex character.
Result<Bytes> FromHex(std::string_view hex);
bool IsLowerHex(std::string_view s);

std::string Base64Encode(std::span<const uint8_t> bytes);
inline std::string Base64Encode(std::string_view s) {
  return Base64Encode(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}
// Strict: standard alphabet, padding required, no whitespace, canonical
// trailing bits. `what` names the field in the error message.
Result<Bytes> Base64Decode(std::string_view text, std::string_view what = "base64");

// True if s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Byte offset of the first invalid UTF-8 sequence, or npos.
size_t FirstInvalidUtf8(std::string_view s);
// Windows-1252 to UTF-8 (undefined bytes 0x81 0x8D 0x8F 0x90 0x9D map to U+FFFD).
std::string Windows1252ToUtf8(std::string_view s);

// Percent-encodes every byte outside [A-Za-z0-9._:+-] (SPEC §4 trusted
// comment values). An empty value becomes "-".
std::string PercentEncodeValue(std::string_view s);
// Percent-encodes every byte outside [A-Za-z0-9._-] (file names: no ':' for
// exFAT/Windows, no '/' ever). Empty becomes "-".
std::string PercentEncodeFileName(std::string_view s);

inline std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsString(std::span<const uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace custodia

#endif  // CUSTODIA_ENCODING_H_
