// Small text helpers shared by the attention and roster readers: trimming,
// quoting user values inside error messages, counting characters.
#ifndef CUSTODIA_ATTENTION_TEXT_H_
#define CUSTODIA_ATTENTION_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace custodia::attention_internal {

// Without surrounding ASCII spaces and tabs.
std::string_view Trim(std::string_view s);

// s in double quotes for an error message: control characters shown as
// \n, \t, \u0001..., cut (at a character boundary) after max_bytes with "…".
std::string Quote(std::string_view s, size_t max_bytes = 80);

// Number of code points of valid UTF-8 (what JSON Schema maxLength counts).
size_t CodePoints(std::string_view s);

// CRLF and lone CR to LF, so a record keeps one content hash whatever line
// endings the exporting program used.
std::string NormalizeNewlines(std::string_view s);

// "U+0001" for an ASCII control character.
std::string ControlName(char c);

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_TEXT_H_
