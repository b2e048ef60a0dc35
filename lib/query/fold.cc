// Matching names as people type them: any case, with or without accents.
#include "custodia/query.h"

namespace custodia {

std::string FoldName(std::string_view s) {
  // Latin-1 supplement letters (UTF-8 C3 80..C3 BF) to their bare letter.
  static const char* const kC3[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o",  "x", "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o",  "/", "o", "u", "u", "u", "u", "y", "th", "y"};
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::string piece;
    if (c == 0xC3 && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      piece = kC3[static_cast<unsigned char>(s[i + 1]) - 0x80];
      ++i;
    } else if (c == ' ' || c == '\t' || c == '_' || c == '-') {
      space = !out.empty();
      continue;
    } else if (c >= 'A' && c <= 'Z') {
      piece = std::string(1, char(c - 'A' + 'a'));
    } else {
      piece = std::string(1, char(c));
    }
    if (space) out.push_back(' ');
    space = false;
    out += piece;
  }
  return out;
}

Result<std::string> ResolveModule(Index& index, std::string_view typed) {
  ASSIGN_OR_RETURN(std::vector<std::string> modules, index.DimensionValues(AttDim::kModule));
  std::string want = FoldName(typed);
  for (const auto& m : modules) {
    if (m == typed) return m;
  }
  for (const auto& m : modules) {
    if (FoldName(m) == want) return m;
  }
  if (modules.empty()) return std::string(typed);  // no attentions yet: nothing will match anyway
  std::string list;
  for (const auto& m : modules) list += (list.empty() ? "" : ", ") + m;
  return Status::Invalid("no attention has module \"" + std::string(typed) + "\"; the modules in the vault are: " + list,
                         "give one of them (case and accents do not matter)");
}

}  // namespace custodia
