// The problem lists of a probe are bounded (a hostile file must not make a
// manifest huge) and always valid UTF-8 (they go into canonical JSON).
#ifndef CUSTODIA_PROBE_PROBLEMS_H_
#define CUSTODIA_PROBE_PROBLEMS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace custodia::probe_internal {

inline constexpr size_t kMaxProblems = 32;

// Appends `text`; past kMaxProblems, the last slot says that more were left out.
void AddProblem(std::vector<std::string>& problems, std::string text);

// Raw bytes from the file (box types, ids, URLs) for a message: printable
// ASCII kept, everything else as \xNN; at most max_len input bytes.
std::string Printable(std::string_view bytes, size_t max_len = 64);

// Invalid UTF-8 sequences replaced by U+FFFD; sets *replaced if any were.
std::string SanitizeUtf8(std::string_view s, bool* replaced);

// A prefix of `s` at most max_bytes long that does not split a UTF-8
// character (when `s` is valid UTF-8, the longest such prefix).
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

}  // namespace custodia::probe_internal

#endif  // CUSTODIA_PROBE_PROBLEMS_H_
