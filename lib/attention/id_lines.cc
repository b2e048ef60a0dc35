#include "attention/id_lines.h"

#include <cstring>
#include <functional>

namespace custodia::attention_internal {

namespace {
constexpr size_t kBlockBytes = 64 * 1024;
}

std::string_view IdLines::Keep(std::string_view id) {
  if (id.data() >= stable_.data() && id.data() + id.size() <= stable_.data() + stable_.size()) return id;
  if (id.size() > block_left_) {
    size_t n = std::max(kBlockBytes, id.size());
    blocks_.emplace_back(new char[n]);
    block_next_ = blocks_.back().get();
    block_left_ = n;
  }
  std::memcpy(block_next_, id.data(), id.size());
  std::string_view kept(block_next_, id.size());
  block_next_ += id.size();
  block_left_ -= id.size();
  return kept;
}

void IdLines::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot());
  size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (!s.data) continue;
    size_t i = s.hash & mask;
    while (slots_[i].data) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

uint64_t IdLines::FindOrInsert(std::string_view id, uint64_t line) {
  if ((used_ + 1) * 10 > slots_.size() * 7) Grow();  // load <= 0.7
  uint32_t hash = static_cast<uint32_t>(std::hash<std::string_view>()(id));
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (!s.data) {
      std::string_view kept = Keep(id);
      s.data = kept.data() ? kept.data() : "";
      s.size = static_cast<uint32_t>(kept.size());
      s.hash = hash;
      s.line = line;
      ++used_;
      return 0;
    }
    if (s.hash == hash && std::string_view(s.data, s.size) == id) return s.line;
  }
}

}  // namespace custodia::attention_internal
