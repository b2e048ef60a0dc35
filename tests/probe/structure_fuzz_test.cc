// Hostile input: thousands of mutated and truncated copies of the fixture
// clips' headers through CheckStructure, and a few hundred through the whole
// probe. Nothing may crash or hang; every answer must be well-formed. (The
// libFuzzer target fuzz/probe_fuzz.cc goes further.)
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <tuple>

#include "custodia/encoding.h"
#include "custodia/probe.h"
#include "probe_helpers.h"
#include "testutil.h"

namespace custodia::testing {
namespace {

std::string Mutate(const std::string& original, std::mt19937& rng) {
  std::string s = original;
  // Most of the structure is in the first few KB (ftyp, moov, EBML header,
  // Info, Tracks); aim there more often than not.
  auto pick = [&](size_t limit) { return size_t(rng() % std::max<size_t>(1, std::min(limit, s.size()))); };
  int edits = 1 + int(rng() % 8);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    size_t at = pick(rng() % 4 ? 4096 : s.size());
    switch (rng() % 6) {
      case 0:  // flip a bit
        s[at] = char(s[at] ^ (1 << (rng() % 8)));
        break;
      case 1:  // a random byte
        s[at] = char(rng());
        break;
      case 2:  // an interesting 32-bit value (box sizes)
        if (at + 4 <= s.size()) {
          static const uint32_t kValues[] = {0, 1, 7, 8, 0x7fffffff, 0xffffffff, 16, 0x01000000};
          s.replace(at, 4, Be32(kValues[rng() % 8]));
        }
        break;
      case 3:  // an EBML size byte: unknown, 8-byte, invalid
        s[at] = char("\xff\x01\x00\x80"[rng() % 4]);
        break;
      case 4:  // cut
        s.resize(pick(s.size()));
        break;
      case 5:  // drop or duplicate a slice
        if (rng() % 2) {
          s.erase(at, rng() % 64);
        } else {
          s.insert(at, s.substr(at, rng() % 64));
        }
        break;
    }
  }
  return s;
}

void ExpectWellFormed(const StructureCheck& sc, const std::string& what) {
  EXPECT_LE(sc.problems.size(), 32u) << what;
  for (const auto& p : sc.problems) EXPECT_TRUE(IsValidUtf8(p)) << what << ": " << p;
  if (sc.truncated || sc.corrupt) {
    EXPECT_FALSE(sc.problems.empty()) << what;
  }
  if (!sc.recognized) {
    EXPECT_FALSE(sc.truncated || sc.corrupt) << what;
  }
}

TEST(ProbeFuzz, MutatedHeadersNeverCrashTheWalk) {
  std::mt19937 rng(20260115);
  for (const char* kind : {"mp4", "mkv", "mov", "truncated"}) {
    std::string clip = ReadFile(FixtureClip(kind));
    int truncated = 0, corrupt = 0;
    for (int i = 0; i < 3000; ++i) {
      std::string mutated = Mutate(clip, rng);
      StructureCheck sc = CheckStructureInMemory(mutated);
      ExpectWellFormed(sc, std::string(kind) + " #" + std::to_string(i));
      truncated += sc.truncated;
      corrupt += sc.corrupt;
    }
    // The mutations do reach the verdicts (a fuzz test that never finds
    // anything tests nothing).
    EXPECT_GT(truncated, 100) << kind;
    if (std::string(kind) != "truncated") {
      EXPECT_GT(corrupt, 10) << kind;
    }
  }
}

// Every cut of a clip is truncated, except the cuts that fall exactly
// between elements before any media data (those are left to libav).
TEST(ProbeFuzz, EveryPrefixOfTheHeaders) {
  std::string mp4 = ReadFile(FixtureClip("mp4"));
  std::set<size_t> mp4_whole;
  for (const auto& b : TopLevelBoxes(mp4)) {
    if (b.type != "mdat") mp4_whole.insert(b.offset + b.size);
  }
  std::string mkv = ReadFile(FixtureClip("mkv"));
  ASSERT_TRUE(uint8_t(mkv[4]) & 0x80);  // a 1-byte EBML header size
  std::set<size_t> mkv_whole = {4 + 1 + size_t(uint8_t(mkv[4]) & 0x7f)};

  for (auto [clip, whole, min_recognised] : {std::tuple{&mp4, &mp4_whole, size_t{8}}, {&mkv, &mkv_whole, size_t{4}}}) {
    for (size_t n = 0; n < std::min<size_t>(clip->size(), 3000); ++n) {
      StructureCheck sc = CheckStructureInMemory(std::string_view(*clip).substr(0, n));
      std::string what = "prefix " + std::to_string(n) + "\n" + Join(sc.problems);
      ExpectWellFormed(sc, what);
      EXPECT_EQ(sc.recognized, n >= min_recognised) << what;
      EXPECT_EQ(sc.truncated, n >= min_recognised && !whole->count(n)) << what;
      EXPECT_FALSE(sc.corrupt) << what;
    }
  }
}

TEST(ProbeFuzz, MutatedClipsThroughTheWholeProbe) {
  TempDir dir;
  std::mt19937 rng(42);
  for (const char* kind : {"mp4", "mkv"}) {
    std::string clip = ReadFile(FixtureClip(kind));
    for (int i = 0; i < 150; ++i) {
      std::string path = dir / ("m" + std::to_string(i) + "." + kind);
      WriteFile(path, Mutate(clip, rng));
      ProbeResult r = ProbeClip(path);
      EXPECT_TRUE(r.status == "ok" || r.status == "truncated" || r.status == "unreadable") << r.status;
      if (r.status != "ok") {
        EXPECT_FALSE(r.problems.empty()) << path;
      }
      auto canonical = CanonicalJson(r.ToJson());
      EXPECT_TRUE(canonical.ok()) << path << ": " << canonical.status().ToString();
    }
  }
}

}  // namespace
}  // namespace custodia::testing
