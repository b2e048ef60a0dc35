// SHA256SUMS as coreutils' `sha256sum` writes it in text mode:
// "<64 lowercase hex>␠␠<path>\n", one line per file, sorted by path.
#include <algorithm>

#include "custodia/bundle.h"
#include "custodia/encoding.h"

namespace custodia {

namespace {
constexpr size_t kMaxLine = 2048;
}

Sha256Sums ParseSha256Sums(std::string_view text, std::string_view where) {
  Sha256Sums out;
  auto problem = [&](size_t line, const std::string& why) {
    if (out.problems.size() < 1000) {
      out.problems.push_back(std::string(where) + " line " + std::to_string(line) + ": " + why);
    }
  };
  if (text.empty()) {
    out.problems.push_back(std::string(where) + ": empty (it must list every file of the bundle)");
    return out;
  }
  if (text.back() != '\n') out.problems.push_back(std::string(where) + ": the last line has no newline");
  size_t line_no = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    ++line_no;
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (line.size() > kMaxLine) {
      problem(line_no, "longer than " + std::to_string(kMaxLine) + " bytes");
      continue;
    }
    if (line.empty()) {
      problem(line_no, "empty line");
      continue;
    }
    if (line.back() == '\r') {
      problem(line_no, "ends in a carriage return (CRLF line ends; the file was converted)");
      continue;
    }
    if (line.front() == '\\') {
      problem(line_no, "escaped file name (bundles contain no names that need escaping)");
      continue;
    }
    if (line.size() < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*')) {
      problem(line_no, "expected \"<64 hex digits>  <path>\"");
      continue;
    }
    std::string_view hex = line.substr(0, 64);
    if (!IsLowerHex(hex)) {
      problem(line_no, "the hash is not 64 lowercase hex digits");
      continue;
    }
    if (line[65] == '*') {
      problem(line_no, "binary-mode marker '*' (custodia writes text mode: two spaces)");
      continue;
    }
    std::string_view path = line.substr(66);
    if (Status s = CheckBundlePath(path); !s.ok()) {
      problem(line_no, s.message());
      continue;
    }
    if (!out.lines.empty() && path <= std::string_view(out.lines.back().path)) {
      problem(line_no, path == std::string_view(out.lines.back().path)
                           ? "\"" + std::string(path) + "\" is listed twice"
                           : "\"" + std::string(path) + "\" is out of order (lines are sorted by path)");
      if (path == std::string_view(out.lines.back().path)) continue;
    }
    if (out.lines.size() >= kMaxBundleFiles) {
      problem(line_no, "more than " + std::to_string(kMaxBundleFiles) + " lines");
      break;
    }
    out.lines.push_back(Sha256SumsLine{std::string(hex), std::string(path)});
  }
  return out;
}

std::string FormatSha256Sums(std::vector<Sha256SumsLine> lines) {
  std::sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  std::string out;
  for (const auto& l : lines) out += l.hex + "  " + l.path + "\n";
  return out;
}

}  // namespace custodia
