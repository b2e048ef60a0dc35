#include "attention/text_decoding.h"

#include <cstdio>

#include "attention/text.h"
#include "custodia/encoding.h"

namespace custodia::attention_internal {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// "file:line:column" of byte `offset` of text; column counts characters.
std::string Position(std::string_view file, std::string_view text, size_t offset) {
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  if (line_start == 0 && text.starts_with(kUtf8Bom) && offset >= kUtf8Bom.size()) line_start = kUtf8Bom.size();
  size_t column = CodePoints(text.substr(line_start, offset - line_start)) + 1;
  return std::string(file) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string HexByte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

}  // namespace

Result<DecodedText> DecodeText(std::string_view data, std::string_view file, TextEncoding encoding,
                               EncodingAdvice advice) {
  if (data.starts_with("\xFF\xFE") || data.starts_with("\xFE\xFF")) {
    return Status::Invalid(std::string(file) + ":1:1: the file is UTF-16 (Excel's \"Unicode text\"), not UTF-8",
                           "save it as \"CSV UTF-8\", or convert it: iconv -f UTF-16 -t UTF-8 " + std::string(file) +
                               " > converted.csv");
  }
  size_t bad = FirstInvalidUtf8(data);
  bool had_bom = data.starts_with(kUtf8Bom);
  DecodedText out;
  if (encoding == TextEncoding::kWindows1252) {
    if (bad == std::string_view::npos) {
      size_t first_non_ascii = 0;
      while (first_non_ascii < data.size() && static_cast<unsigned char>(data[first_non_ascii]) < 0x80) {
        ++first_non_ascii;
      }
      if (first_non_ascii < data.size()) {
        // Valid UTF-8 with accents: converting would turn "é" into "Ã©".
        size_t end = first_non_ascii + 1;
        while (end < data.size() && (static_cast<unsigned char>(data[end]) & 0xC0) == 0x80) ++end;
        std::string_view ch = data.substr(first_non_ascii, end - first_non_ascii);
        return Status::Invalid(
            Position(file, data, first_non_ascii) + ": the file is already UTF-8 (" +
                (had_bom && first_non_ascii == 0 ? std::string("it starts with a UTF-8 byte order mark")
                                                 : "it has " + Quote(ch) + " here") +
                "); reading it as Windows-1252 would garble every accent (" + Quote(Windows1252ToUtf8(ch)) + ")",
            "re-run without --encoding windows-1252");
      }
      out.text = data;  // plain ASCII: the same in both encodings
      return out;
    }
    out.owned = Windows1252ToUtf8(data);
    out.text = out.owned;
    return out;
  }
  if (bad != std::string_view::npos) {
    unsigned char c = static_cast<unsigned char>(data[bad]);
    std::string as1252 = Windows1252ToUtf8(data.substr(bad, 1));
    std::string msg = Position(file, data, bad) + ": invalid UTF-8 (byte " + HexByte(c) +
                      ", which Windows-1252 reads as " + Quote(as1252) +
                      "): the file looks like Windows-1252/Latin-1, not UTF-8";
    if (advice == EncodingAdvice::kEncodingOption) {
      return Status::Invalid(msg + "; re-run with --encoding windows-1252",
                             "or convert the file first: iconv -f WINDOWS-1252 -t UTF-8 " + std::string(file) +
                                 " > converted.csv");
    }
    return Status::Invalid(msg + "; convert it to UTF-8 and import it again",
                           "iconv -f WINDOWS-1252 -t UTF-8 " + std::string(file) + " > converted.csv");
  }
  out.text = had_bom ? data.substr(kUtf8Bom.size()) : data;
  return out;
}

}  // namespace custodia::attention_internal
