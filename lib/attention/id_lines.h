// The line where each attention id of a file was first seen, for the
// "duplicate id" check of a million-row import: an open-addressing table of
// views (no node or string allocated per id when the id lies in the file's
// text, which outlives the parse).
#ifndef CUSTODIA_ATTENTION_ID_LINES_H_
#define CUSTODIA_ATTENTION_ID_LINES_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace custodia::attention_internal {

class IdLines {
 public:
  // Views into `stable` are kept as they are; other ids are copied.
  explicit IdLines(std::string_view stable) : stable_(stable) {}

  // The line recorded for id, or 0 after recording `line` for it (line > 0).
  uint64_t FindOrInsert(std::string_view id, uint64_t line);

 private:
  struct Slot {
    const char* data = nullptr;  // nullptr: empty slot
    uint32_t size = 0;
    uint32_t hash = 0;
    uint64_t line = 0;
  };
  void Grow();
  std::string_view Keep(std::string_view id);

  std::string_view stable_;
  std::vector<Slot> slots_;
  size_t used_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;  // copies of ids outside `stable_`
  size_t block_left_ = 0;
  char* block_next_ = nullptr;
};

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_ID_LINES_H_
