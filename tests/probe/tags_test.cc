// Tag copying: UTF-8 validation and the bounds on tag data.
#include "probe/tags.h"

#include <gtest/gtest.h>

#include "probe_helpers.h"

namespace custodia::probe_internal {
namespace {

using custodia::testing::Contains;
using custodia::testing::Join;

class Dict {
 public:
  ~Dict() { av_dict_free(&d_); }
  Dict& Set(const std::string& k, const std::string& v) {
    av_dict_set(&d_, k.c_str(), v.c_str(), AV_DICT_MULTIKEY);
    return *this;
  }
  const AVDictionary* get() const { return d_; }

 private:
  AVDictionary* d_ = nullptr;
};

TEST(Tags, CopiedAsTheyAre) {
  Dict d;
  d.Set("title", "Patrullaje Miraflores — zona 4").Set("comment", "");
  std::map<std::string, std::string> out;
  std::vector<std::string> problems;
  TagBudget budget;
  CopyTags(d.get(), "container", out, problems, budget);
  EXPECT_TRUE(problems.empty()) << Join(problems);
  EXPECT_EQ(out.size(), 2u);
  EXPECT_EQ(out.at("title"), "Patrullaje Miraflores — zona 4");
  EXPECT_EQ(out.at("comment"), "");
  EXPECT_EQ(budget.bytes_left, kMaxTagBytesPerClip - (5 + 32 + 7));
}

TEST(Tags, InvalidUtf8IsReplacedOrDropped) {
  Dict d;
  d.Set("title",
        "a\xff"
        "b\xc3")
      .Set("bad\xfekey", "v")
      .Set("ok", "\xed\xa0\x80");  // a surrogate
  std::map<std::string, std::string> out;
  std::vector<std::string> problems;
  TagBudget budget;
  CopyTags(d.get(), "stream 1", out, problems, budget);
  EXPECT_EQ(out.at("title"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(out.at("ok"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(out.count("bad\xfekey"), 0u);
  EXPECT_TRUE(Contains(problems, "stream 1 tag 'title' is not valid UTF-8; invalid bytes were replaced with U+FFFD"))
      << Join(problems);
  EXPECT_TRUE(Contains(problems, "stream 1 tag 'bad\\xfekey' was dropped: its name is not valid UTF-8"))
      << Join(problems);
}

TEST(Tags, LongValuesAreCutOnACharacterBoundary) {
  std::string value = std::string(1022, 'x') + "\xe2\x82\xac" + std::string(3000, 'y');  // € across byte 1024
  Dict d;
  d.Set("comment", value).Set(std::string(65, 'k'), "v");
  std::map<std::string, std::string> out;
  std::vector<std::string> problems;
  TagBudget budget;
  CopyTags(d.get(), "container", out, problems, budget);
  EXPECT_EQ(out.at("comment"), std::string(1022, 'x'));
  EXPECT_TRUE(Contains(problems, "container tag 'comment' is 4025 bytes long; only the first 1022 were kept"))
      << Join(problems);
  EXPECT_TRUE(Contains(problems, "was dropped: its name is longer than 64 bytes")) << Join(problems);
  EXPECT_EQ(out.size(), 1u);
}

TEST(Tags, CountAndTotalAreBounded) {
  Dict many;
  for (int i = 0; i < 100; ++i) many.Set("k" + std::to_string(1000 + i), "v");
  std::map<std::string, std::string> out;
  std::vector<std::string> problems;
  TagBudget budget;
  CopyTags(many.get(), "container", out, problems, budget);
  EXPECT_EQ(out.size(), kMaxTagsPerDictionary);
  EXPECT_TRUE(Contains(problems, "container has 100 tags; only the first 64 were kept")) << Join(problems);

  // 20 streams of 1 KB tags: the clip's allowance runs out.
  TagBudget clip;
  std::vector<std::string> clip_problems;
  size_t kept = 0;
  for (int s = 0; s < 20; ++s) {
    Dict d;
    d.Set("comment", std::string(1000, 'c'));
    std::map<std::string, std::string> tags;
    CopyTags(d.get(), "stream " + std::to_string(s), tags, clip_problems, clip);
    kept += tags.size();
  }
  EXPECT_EQ(kept, kMaxTagBytesPerClip / 1007);
  EXPECT_TRUE(Contains(clip_problems, "stream 16 tag 'comment' was dropped: the clip's tags exceed 16384 bytes"))
      << Join(clip_problems);
}

TEST(Tags, RepeatedKeyKeepsTheFirst) {
  Dict d;
  d.Set("title", "first").Set("title", "second");
  std::map<std::string, std::string> out;
  std::vector<std::string> problems;
  TagBudget budget;
  CopyTags(d.get(), "container", out, problems, budget);
  EXPECT_EQ(out.at("title"), "first");
}

}  // namespace
}  // namespace custodia::probe_internal
