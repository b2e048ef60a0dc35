// ProbeClip on the shared fixture clips (tests/util: 320x240, 15 fps, 1 s,
// h264 + mono 44.1 kHz aac, creation_time 2026-01-15T14:00:00Z).
#include <gtest/gtest.h>

#include "custodia/probe.h"
#include "probe_helpers.h"
#include "testutil.h"

namespace custodia::testing {
namespace {

TimeMs Utc(const char* s) { return ParseUtc(s).value(); }

void ExpectVideo(const StreamInfo& s) {
  EXPECT_EQ(s.type, "video");
  EXPECT_EQ(s.codec, "h264");
  EXPECT_EQ(s.width, 320);
  EXPECT_EQ(s.height, 240);
  EXPECT_EQ(s.frame_rate, "15/1");
  EXPECT_EQ(s.sample_rate, 0);
  EXPECT_EQ(s.channels, 0);
}

void ExpectAudio(const StreamInfo& s) {
  EXPECT_EQ(s.type, "audio");
  EXPECT_EQ(s.codec, "aac");
  EXPECT_EQ(s.sample_rate, 44100);
  EXPECT_EQ(s.channels, 1);
  EXPECT_EQ(s.channel_layout, "mono");
  EXPECT_EQ(s.width, 0);
  EXPECT_EQ(s.frame_rate, "");
}

TEST(ProbeFixtures, Mp4) {
  ProbeResult r = ProbeClip(FixtureClip("mp4"));
  EXPECT_EQ(r.status, "ok") << Join(r.problems);
  EXPECT_TRUE(r.problems.empty()) << Join(r.problems);
  EXPECT_EQ(r.container, "mov,mp4,m4a,3gp,3g2,mj2");
  EXPECT_NEAR(double(r.duration_ms), 1000, 100);
  EXPECT_GT(r.bit_rate, 0);
  ASSERT_EQ(r.streams.size(), 2u);
  EXPECT_EQ(r.streams[0].index, 0);
  ExpectVideo(r.streams[0]);
  EXPECT_NEAR(double(r.streams[0].duration_ms), 1000, 100);
  EXPECT_EQ(r.streams[1].index, 1);
  ExpectAudio(r.streams[1]);
  ASSERT_TRUE(r.creation_time.has_value());
  EXPECT_EQ(*r.creation_time, Utc("2026-01-15T14:00:00.000Z"));
  EXPECT_EQ(r.tags.at("creation_time"), "2026-01-15T14:00:00.000000Z");
  EXPECT_EQ(r.tags.at("comment"), "custodia test clip 0");
  EXPECT_EQ(r.tags.at("major_brand"), "isom");
}

TEST(ProbeFixtures, Mkv) {
  ProbeResult r = ProbeClip(FixtureClip("mkv"));
  EXPECT_EQ(r.status, "ok") << Join(r.problems);
  EXPECT_TRUE(r.problems.empty()) << Join(r.problems);
  EXPECT_EQ(r.container, "matroska,webm");
  EXPECT_NEAR(double(r.duration_ms), 1000, 100);
  ASSERT_EQ(r.streams.size(), 2u);
  ExpectVideo(r.streams[0]);
  ExpectAudio(r.streams[1]);
  EXPECT_EQ(r.streams[0].duration_ms, -1);  // Matroska has no per-track duration field
  ASSERT_TRUE(r.creation_time.has_value());
  EXPECT_EQ(*r.creation_time, Utc("2026-01-15T14:00:00.000Z"));
  EXPECT_EQ(r.tags.at("COMMENT"), "custodia test clip 0");  // Matroska tag names are upper case
}

TEST(ProbeFixtures, Mov) {
  ProbeResult r = ProbeClip(FixtureClip("mov"));
  EXPECT_EQ(r.status, "ok") << Join(r.problems);
  EXPECT_TRUE(r.problems.empty()) << Join(r.problems);
  EXPECT_EQ(r.container, "mov,mp4,m4a,3gp,3g2,mj2");
  EXPECT_EQ(r.tags.at("major_brand"), "qt  ");
  EXPECT_NEAR(double(r.duration_ms), 1000, 100);
  ASSERT_EQ(r.streams.size(), 2u);
  ExpectVideo(r.streams[0]);
  ExpectAudio(r.streams[1]);
  ASSERT_TRUE(r.creation_time.has_value());
  EXPECT_EQ(*r.creation_time, Utc("2026-01-15T14:00:00.000Z"));
}

TEST(ProbeFixtures, Mp4WithoutAudio) {
  ProbeResult r = ProbeClip(FixtureClip("mp4_noaudio"));
  EXPECT_EQ(r.status, "ok") << Join(r.problems);
  ASSERT_EQ(r.streams.size(), 1u);
  ExpectVideo(r.streams[0]);
  ASSERT_TRUE(r.creation_time.has_value());
  EXPECT_EQ(*r.creation_time, Utc("2026-01-15T15:00:00.000Z"));
}

TEST(ProbeFixtures, Mp4WithoutCreationTime) {
  ProbeResult r = ProbeClip(FixtureClip("mp4_notime"));
  EXPECT_EQ(r.status, "ok") << Join(r.problems);
  EXPECT_TRUE(r.problems.empty()) << Join(r.problems);  // a missing tag is normal, not a problem
  EXPECT_FALSE(r.creation_time.has_value());
  EXPECT_EQ(r.tags.count("creation_time"), 0u);
  EXPECT_EQ(r.tags.at("comment"), "custodia test clip 1");
  ASSERT_EQ(r.streams.size(), 2u);
}

TEST(ProbeFixtures, TruncatedMp4HasMdatWithoutMoov) {
  std::string path = FixtureClip("truncated");
  StructureCheck sc = CheckStructure(path);
  EXPECT_TRUE(sc.recognized);
  EXPECT_TRUE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);

  ProbeResult r = ProbeClip(path);
  EXPECT_EQ(r.status, "truncated");
  EXPECT_TRUE(Contains(r.problems, "box 'mdat' at offset 40 declares")) << Join(r.problems);
  EXPECT_TRUE(Contains(r.problems, "but no 'moov' box in the file")) << Join(r.problems);
  EXPECT_TRUE(Contains(r.problems, "libavformat cannot open it: Invalid data found when processing input"))
      << Join(r.problems);
  EXPECT_TRUE(r.streams.empty());
  EXPECT_FALSE(r.creation_time.has_value());  // the moov that held it is gone
}

TEST(ProbeFixtures, GarbageIsUnreadable) {
  std::string path = FixtureClip("garbage");
  StructureCheck sc = CheckStructure(path);
  EXPECT_FALSE(sc.recognized);
  EXPECT_FALSE(sc.truncated);

  ProbeResult r = ProbeClip(path);
  EXPECT_EQ(r.status, "unreadable");
  ASSERT_EQ(r.problems.size(), 1u) << Join(r.problems);
  EXPECT_EQ(r.problems[0], "libavformat cannot open it: Invalid data found when processing input");
  EXPECT_EQ(r.container, "");
  EXPECT_EQ(r.duration_ms, -1);
  EXPECT_TRUE(r.streams.empty());
}

TEST(ProbeFixtures, MissingFileIsUnreadable) {
  TempDir dir;
  ProbeResult r = ProbeClip(dir / "nope.mp4");
  EXPECT_EQ(r.status, "unreadable");
  EXPECT_TRUE(Contains(r.problems, "nope.mp4")) << Join(r.problems);
  EXPECT_TRUE(Contains(r.problems, "No such file or directory")) << Join(r.problems);
}

TEST(ProbeFixtures, DirectoryIsRefused) {
  TempDir dir;
  ProbeResult r = ProbeClip(dir.path());
  EXPECT_EQ(r.status, "unreadable");
  EXPECT_TRUE(Contains(r.problems, "is not a regular file")) << Join(r.problems);
}

}  // namespace
}  // namespace custodia::testing
