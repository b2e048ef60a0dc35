// Parsers of a bundle's custody files: proofs and signed-note verifier keys.
// The checkpoint itself is SignedCheckpoint::Parse (custody).
#include <algorithm>

#include "custodia/bundle.h"

namespace custodia {

size_t JsonNestingDepth(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Result<Json> ParseBundleJson(std::string_view text, std::string_view where) {
  if (JsonNestingDepth(text) > kMaxBundleJsonDepth) {
    return Status::Invalid(std::string(where) + ": JSON nested deeper than " + std::to_string(kMaxBundleJsonDepth) +
                           " levels (custodia writes nothing like it)");
  }
  // ParseJson reports malformed JSON, but nlohmann still throws on a number
  // out of range ("1e999999"): a bundle must not crash the verifier with one.
  try {
    return ParseJson(text, where);
  } catch (const Json::exception& e) {
    return Status::Invalid(std::string(where) + ": unusable JSON: " + e.what());
  }
}

Result<CustodyEntry> ParseBundleEntry(std::string_view line, std::string_view where) {
  if (JsonNestingDepth(line) > kMaxBundleJsonDepth) {
    return Status::Invalid(std::string(where) + ": JSON nested deeper than a custody entry is");
  }
  try {
    return CustodyEntry::FromLine(line, where);
  } catch (const Json::exception& e) {
    return Status::Invalid(std::string(where) + ": unusable JSON: " + e.what());
  }
}

Result<InclusionProof> ParseBundleProof(std::string_view text, std::string_view where) {
  if (text.size() > kMaxBundleTextFile) {
    return Status::Invalid(std::string(where) + ": larger than " + std::to_string(kMaxBundleTextFile) + " bytes");
  }
  ASSIGN_OR_RETURN(Json j, ParseBundleJson(text, where));
  return InclusionProof::FromJson(j, where);
}

Result<std::vector<NoteVerifier>> ParseNoteVkeys(std::string_view text, std::string_view where) {
  auto bad = [&](const std::string& why) { return Status::Invalid(std::string(where) + ": " + why); };
  if (text.size() > kMaxBundleTextFile) return bad("too large");
  if (text.empty()) return bad("empty (it must hold the station's signed-note verifier key)");
  if (text.back() != '\n') return bad("the last line has no newline");
  std::vector<NoteVerifier> out;
  size_t line_no = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    ++line_no;
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    if (line.empty()) return bad("line " + std::to_string(line_no) + " is empty");
    if (out.size() >= 100) return bad("more than 100 keys");
    auto v = NoteVerifier::Parse(line);
    if (!v.ok()) return bad("line " + std::to_string(line_no) + ": " + v.status().message());
    out.push_back(std::move(v).value());
  }
  return out;
}

}  // namespace custodia
