#include "probe/problems.h"

#include <cstdio>

#include "custodia/encoding.h"

namespace custodia::probe_internal {

void AddProblem(std::vector<std::string>& problems, std::string text) {
  if (problems.size() + 1 < kMaxProblems) {
    bool replaced;
    // Messages can quote a path or a tag from the clip.
    problems.push_back(IsValidUtf8(text) ? std::move(text) : SanitizeUtf8(text, &replaced));
  } else if (problems.size() + 1 == kMaxProblems) {
    problems.push_back("more problems were found; only the first " + std::to_string(kMaxProblems - 1) + " are listed");
  }
}

std::string Printable(std::string_view bytes, size_t max_len) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < max_len; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (bytes.size() > max_len) out += "...";
  return out;
}

std::string SanitizeUtf8(std::string_view s, bool* replaced) {
  *replaced = false;
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    size_t bad = FirstInvalidUtf8(s);
    if (bad == std::string_view::npos) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, bad));
    out.append("\xEF\xBF\xBD");  // U+FFFD
    *replaced = true;
    s.remove_prefix(bad + 1);
  }
  return out;
}

std::string_view Utf8Prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  // Back up over the continuation bytes of the character the cut would split
  // (at most 3 in UTF-8; in invalid input, give up and cut anyway).
  for (int i = 0; i < 3 && end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80; ++i) --end;
  return s.substr(0, end);
}

}  // namespace custodia::probe_internal
