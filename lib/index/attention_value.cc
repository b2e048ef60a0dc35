#include "index/attention_value.h"

#include "custodia/encoding.h"

namespace custodia::index_values {

namespace {
constexpr std::string_view kHashPrefix = "{\"content_hash\":\"";

// Strings written here are ids, hex and times: no escaping needed, but a
// stray quote or backslash must not break the JSON.
void AppendString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}
}  // namespace

std::string AttentionValue(const AttentionState& state, std::string_view record) {
  std::string out;
  out.reserve(record.size() + 200);
  out.append(kHashPrefix.substr(0, kHashPrefix.size() - 1));
  AppendString(out, state.content_hash);
  out.append(",\"import_sha256\":");
  AppendString(out, state.import_sha);
  out.append(",\"record\":");
  out.append(record);
  out.append(",\"seq\":");
  out.append(std::to_string(state.seq));
  out.append(",\"updated\":");
  AppendString(out, FormatUtc(state.updated));
  out.append(",\"version\":");
  out.append(std::to_string(state.version));
  out.push_back('}');
  return out;
}

std::optional<std::string> ContentHashOf(std::string_view stored) {
  if (stored.size() < kHashPrefix.size() + 65 || stored.substr(0, kHashPrefix.size()) != kHashPrefix) {
    return std::nullopt;
  }
  std::string_view hex = stored.substr(kHashPrefix.size(), 64);
  if (stored[kHashPrefix.size() + 64] != '"' || !IsLowerHex(hex)) return std::nullopt;
  return std::string(hex);
}

}  // namespace custodia::index_values
