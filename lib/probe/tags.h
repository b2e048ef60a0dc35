// Copying libav metadata into our tag maps. Tags are claims made by the
// file, so they are bounded (count, key and value length, total bytes per
// clip) and made valid UTF-8; every change is noted in the problems.
#ifndef CUSTODIA_PROBE_TAGS_H_
#define CUSTODIA_PROBE_TAGS_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

extern "C" {
#include <libavutil/dict.h>
}

namespace custodia::probe_internal {

inline constexpr size_t kMaxTagsPerDictionary = 64;
inline constexpr size_t kMaxTagKeyBytes = 64;
inline constexpr size_t kMaxTagValueBytes = 1024;
inline constexpr size_t kMaxTagBytesPerClip = 16 * 1024;

// What is left of the clip's tag allowance (keys plus values).
struct TagBudget {
  size_t bytes_left = kMaxTagBytesPerClip;
};

// `where` names the dictionary in messages: "container", "stream 1".
void CopyTags(const AVDictionary* dict, const std::string& where, std::map<std::string, std::string>& out,
              std::vector<std::string>& problems, TagBudget& budget);

}  // namespace custodia::probe_internal

#endif  // CUSTODIA_PROBE_TAGS_H_
