#include "probe/tags.h"

#include <string_view>

#include "custodia/encoding.h"
#include "probe/problems.h"

namespace custodia::probe_internal {

void CopyTags(const AVDictionary* dict, const std::string& where, std::map<std::string, std::string>& out,
              std::vector<std::string>& problems, TagBudget& budget) {
  size_t total = size_t(av_dict_count(dict));
  size_t seen = 0;
  const AVDictionaryEntry* tag = nullptr;
  while ((tag = av_dict_get(dict, "", tag, AV_DICT_IGNORE_SUFFIX)) != nullptr) {
    if (seen++ == kMaxTagsPerDictionary) {
      AddProblem(problems, where + " has " + std::to_string(total) + " tags; only the first " +
                               std::to_string(kMaxTagsPerDictionary) + " were kept");
      return;
    }
    std::string_view key = tag->key;
    if (key.empty() || key.size() > kMaxTagKeyBytes || !IsValidUtf8(key)) {
      AddProblem(problems,
                 where + " tag '" + Printable(key) + "' was dropped: its name is " +
                     (key.empty()                    ? "empty"
                      : key.size() > kMaxTagKeyBytes ? "longer than " + std::to_string(kMaxTagKeyBytes) + " bytes"
                                                     : "not valid UTF-8"));
      continue;
    }
    if (out.count(std::string(key))) continue;  // a repeated key: the first one stands
    std::string_view raw = tag->value;
    // Cut before sanitising, so a huge value costs no more than a small one.
    bool replaced = false;
    std::string value = SanitizeUtf8(Utf8Prefix(raw, kMaxTagValueBytes), &replaced);
    if (replaced) {
      AddProblem(problems, where + " tag '" + std::string(key) +
                               "' is not valid UTF-8; invalid bytes were replaced "
                               "with U+FFFD");
      value = std::string(Utf8Prefix(value, kMaxTagValueBytes));  // U+FFFD takes 3 bytes
    }
    if (raw.size() > kMaxTagValueBytes) {
      AddProblem(problems, where + " tag '" + std::string(key) + "' is " + std::to_string(raw.size()) +
                               " bytes long; only the first " + std::to_string(value.size()) + " were kept");
    }
    size_t cost = key.size() + value.size();
    if (cost > budget.bytes_left) {
      AddProblem(problems, where + " tag '" + std::string(key) + "' was dropped: the clip's tags exceed " +
                               std::to_string(kMaxTagBytesPerClip) + " bytes");
      continue;
    }
    budget.bytes_left -= cost;
    out.emplace(std::string(key), std::move(value));
  }
}

}  // namespace custodia::probe_internal
