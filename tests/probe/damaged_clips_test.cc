// ProbeClip on damaged and unusual clips made from the fixtures: every case
// of media.status (SPEC §3) with the problem text a supervisor would read.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "custodia/probe.h"
#include "probe_helpers.h"
#include "testutil.h"

namespace custodia::testing {
namespace {

BoxAt FindBox(const std::vector<BoxAt>& boxes, const std::string& type) {
  for (const auto& b : boxes) {
    if (b.type == type) return b;
  }
  throw std::runtime_error("no box " + type);
}

TEST(ProbeDamaged, MkvCutInHalfIsTruncated) {
  TempDir dir;
  std::string mkv = ReadFile(FixtureClip("mkv"));
  WriteFile(dir / "half.mkv", mkv.substr(0, mkv.size() / 2));
  ProbeResult r = ProbeClip(dir / "half.mkv");
  EXPECT_EQ(r.status, "truncated");
  EXPECT_TRUE(Contains(r.problems, "Segment at offset 40 declares")) << Join(r.problems);
  EXPECT_TRUE(Contains(r.problems, "only " + std::to_string(mkv.size() / 2 - 52) + " remain")) << Join(r.problems);
  EXPECT_TRUE(Contains(r.problems, "Cluster at offset")) << Join(r.problems);
  // libav still reads what is there: the report keeps it.
  EXPECT_EQ(r.container, "matroska,webm");
  EXPECT_EQ(r.streams.size(), 2u);
  ASSERT_TRUE(r.creation_time.has_value());
  EXPECT_EQ(FormatUtc(*r.creation_time), "2026-01-15T14:00:00.000Z");
}

TEST(ProbeDamaged, EmptyFileIsUnreadable) {
  TempDir dir;
  WriteFile(dir / "empty.mp4", "");
  StructureCheck sc = CheckStructure(dir / "empty.mp4");
  EXPECT_FALSE(sc.recognized);
  EXPECT_FALSE(sc.truncated);
  ProbeResult r = ProbeClip(dir / "empty.mp4");
  EXPECT_EQ(r.status, "unreadable");
  ASSERT_GE(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0], "the file is empty (0 bytes)");
}

TEST(ProbeDamaged, OnlyAnFtypBoxIsUnreadable) {
  TempDir dir;
  std::string mp4 = ReadFile(FixtureClip("mp4"));
  const BoxAt ftyp = FindBox(TopLevelBoxes(mp4), "ftyp");
  WriteFile(dir / "ftyp.mp4", mp4.substr(0, ftyp.size));
  StructureCheck sc = CheckStructure(dir / "ftyp.mp4");
  EXPECT_TRUE(sc.recognized);
  EXPECT_FALSE(sc.truncated);  // nothing runs past the end, and there is no mdat
  EXPECT_FALSE(sc.corrupt);
  ProbeResult r = ProbeClip(dir / "ftyp.mp4");
  EXPECT_EQ(r.status, "unreadable");
  EXPECT_TRUE(Contains(r.problems, "no 'moov', 'moof' or 'mdat' box in the file: it holds no media"))
      << Join(r.problems);
  EXPECT_TRUE(Contains(r.problems, "libavformat cannot open it")) << Join(r.problems);
}

TEST(ProbeDamaged, MoovBeforeMdatButMdatCutIsTruncated) {
  TempDir dir;
  std::string mp4 = ReadFile(FixtureClip("mp4"));
  auto boxes = TopLevelBoxes(mp4);
  const BoxAt moov = FindBox(boxes, "moov");
  const BoxAt mdat = FindBox(boxes, "mdat");
  ASSERT_LT(moov.offset, mdat.offset);  // the fixture is made with +faststart
  WriteFile(dir / "cut.mp4", mp4.substr(0, mp4.size() - 5000));
  ProbeResult r = ProbeClip(dir / "cut.mp4");
  EXPECT_EQ(r.status, "truncated");
  ASSERT_EQ(r.problems.size(), 1u) << Join(r.problems);
  EXPECT_EQ(r.problems[0], "box 'mdat' at offset " + std::to_string(mdat.offset) + " declares " +
                               std::to_string(mdat.size) + " bytes, only " + std::to_string(mdat.size - 5000) +
                               " remain");
  // The index is intact, so libav still describes the clip.
  ASSERT_EQ(r.streams.size(), 2u);
  EXPECT_EQ(r.streams[0].width, 320);
  EXPECT_TRUE(r.creation_time.has_value());
}

TEST(ProbeDamaged, MovCutBeforeItsMoovIsTruncated) {
  // Without faststart the moov is written last, as a camera does.
  TempDir dir;
  ASSERT_TRUE(Ffmpeg({"-i", FixtureClip("mov"), "-c", "copy", dir / "slow.mov"}));
  std::string mov = ReadFile(dir / "slow.mov");
  auto boxes = TopLevelBoxes(mov);
  ASSERT_EQ(boxes.back().type, "moov");
  WriteFile(dir / "cut.mov", mov.substr(0, boxes.back().offset + 100));
  ProbeResult r = ProbeClip(dir / "cut.mov");
  EXPECT_EQ(r.status, "truncated");
  EXPECT_TRUE(Contains(r.problems, "box 'moov' at offset " + std::to_string(boxes.back().offset) + " declares"))
      << Join(r.problems);
}

TEST(ProbeDamaged, MpegTsHasNoWalkAndLibavDecides) {
  TempDir dir;
  ASSERT_TRUE(Ffmpeg({"-i", FixtureClip("mp4"), "-c", "copy", dir / "clip.ts"}));
  StructureCheck sc = CheckStructure(dir / "clip.ts");
  EXPECT_FALSE(sc.recognized);
  EXPECT_TRUE(sc.problems.empty());
  ProbeResult r = ProbeClip(dir / "clip.ts");
  EXPECT_EQ(r.status, "ok") << Join(r.problems);
  EXPECT_EQ(r.container, "mpegts");
  EXPECT_NEAR(double(r.duration_ms), 1000, 100);
  ASSERT_EQ(r.streams.size(), 2u);
  EXPECT_EQ(r.streams[0].codec, "h264");
  EXPECT_EQ(r.streams[0].width, 320);
  EXPECT_EQ(r.streams[0].frame_rate, "15/1");
  EXPECT_EQ(r.streams[1].codec, "aac");
  EXPECT_EQ(r.streams[1].sample_rate, 44100);
  EXPECT_FALSE(r.creation_time.has_value());

  // A cut TS is judged by libav alone: it still plays, so it is ok.
  std::string ts = ReadFile(dir / "clip.ts");
  WriteFile(dir / "cut.ts", ts.substr(0, ts.size() / 2));
  ProbeResult cut = ProbeClip(dir / "cut.ts");
  EXPECT_EQ(cut.status, "ok") << Join(cut.problems);
  EXPECT_EQ(cut.container, "mpegts");

  // Cut before the first audio packet: libav cannot tell the audio
  // parameters, and the problems say so rather than leave a silent 0.
  WriteFile(dir / "head.ts", ts.substr(0, 4000));
  ProbeResult head = ProbeClip(dir / "head.ts");
  EXPECT_EQ(head.status, "ok") << Join(head.problems);
  ASSERT_EQ(head.streams.size(), 2u);
  EXPECT_EQ(head.streams[0].width, 320);
  EXPECT_EQ(head.streams[1].sample_rate, 0);
  EXPECT_EQ(head.problems, (std::vector<std::string>{"stream 1 (audio, aac): sample rate unknown",
                                                     "stream 1 (audio, aac): channel count unknown"}));
}

// ffmpeg writes a 64-bit mdat header ("free" + "mdat" turned into one
// largesize header) only past 4 GB; we make the same change on the fixture:
// the payload stays where it was, so the sample offsets stay right.
TEST(ProbeDamaged, LargesizeMdatIsFine) {
  TempDir dir;
  std::string mp4 = ReadFile(FixtureClip("mp4"));
  auto boxes = TopLevelBoxes(mp4);
  const BoxAt free = FindBox(boxes, "free");
  const BoxAt mdat = FindBox(boxes, "mdat");
  ASSERT_EQ(free.size, 8u);
  ASSERT_EQ(free.offset + 8, mdat.offset);
  std::string patched =
      mp4.substr(0, free.offset) + Be32(1) + "mdat" + Be64(mdat.size + 8) + mp4.substr(mdat.offset + 8);
  ASSERT_EQ(patched.size(), mp4.size());
  WriteFile(dir / "large.mp4", patched);
  ProbeResult r = ProbeClip(dir / "large.mp4");
  EXPECT_EQ(r.status, "ok") << Join(r.problems);
  EXPECT_TRUE(r.problems.empty()) << Join(r.problems);
  ASSERT_EQ(r.streams.size(), 2u);
  EXPECT_NEAR(double(r.duration_ms), 1000, 100);

  // The same largesize, one byte too long: the mdat runs past the end.
  std::string longer = patched;
  longer.replace(free.offset + 8, 8, Be64(mdat.size + 9));
  WriteFile(dir / "long.mp4", longer);
  ProbeResult t = ProbeClip(dir / "long.mp4");
  EXPECT_EQ(t.status, "truncated");
  EXPECT_TRUE(Contains(t.problems, "box 'mdat' at offset " + std::to_string(free.offset) + " declares " +
                                       std::to_string(mdat.size + 9) + " bytes, only " + std::to_string(mdat.size + 8) +
                                       " remain"))
      << Join(t.problems);
}

// A 4.5 GB clip (sparse: no disk space used) with a 64-bit mdat: the walk
// reads only box headers, so it sees the whole file.
TEST(ProbeDamaged, SparseClipPast4GiB) {
  TempDir dir;
  std::string mp4 = ReadFile(FixtureClip("mp4"));
  auto boxes = TopLevelBoxes(mp4);
  const BoxAt mdat = FindBox(boxes, "mdat");
  const uint64_t big = 4'500'000'000ULL;
  std::string head = mp4.substr(0, mdat.offset - 8) + Be32(1) + "mdat" + Be64(big - (mdat.offset - 8));
  WriteFile(dir / "big.mp4", head);
  ASSERT_EQ(::truncate((dir / "big.mp4").c_str(), off_t(big)), 0);
  StructureCheck sc = CheckStructure(dir / "big.mp4");
  EXPECT_TRUE(sc.recognized);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);

  ASSERT_EQ(::truncate((dir / "big.mp4").c_str(), off_t(big - 1)), 0);
  sc = CheckStructure(dir / "big.mp4");
  EXPECT_TRUE(sc.truncated);
  EXPECT_TRUE(Contains(sc.problems, "declares " + std::to_string(big - (mdat.offset - 8)) + " bytes, only " +
                                        std::to_string(big - 1 - (mdat.offset - 8)) + " remain"))
      << Join(sc.problems);
}

// A box whose size is smaller than its own header cannot be stepped over:
// the file's structure is damaged, and nothing after it can be checked. That
// is not "truncated" (nothing runs past the end), so it is "unreadable" —
// even though libav, which stops reading at the moov, sees the streams.
TEST(ProbeDamaged, BoxSmallerThanItsHeaderIsUnreadable) {
  TempDir dir;
  std::string mp4 = ReadFile(FixtureClip("mp4"));
  const BoxAt free = FindBox(TopLevelBoxes(mp4), "free");
  std::string bad = mp4;
  bad.replace(free.offset, 4, Be32(4));
  WriteFile(dir / "bad.mp4", bad);
  StructureCheck sc = CheckStructure(dir / "bad.mp4");
  EXPECT_TRUE(sc.corrupt);
  EXPECT_FALSE(sc.truncated);
  ProbeResult r = ProbeClip(dir / "bad.mp4");
  EXPECT_EQ(r.status, "unreadable");
  EXPECT_TRUE(Contains(r.problems, "box 'free' at offset " + std::to_string(free.offset) +
                                       " declares 4 bytes, smaller than its 8-byte header; the rest of the file "
                                       "was not checked"))
      << Join(r.problems);
  EXPECT_TRUE(Contains(r.problems, "libavformat could read the streams, but the file's structure is damaged"))
      << Join(r.problems);
  EXPECT_EQ(r.streams.size(), 2u);
}

TEST(ProbeDamaged, ZeroStreamFileIsUnreadable) {
  // An MPEG-TS of null packets only: libav opens it and finds nothing.
  TempDir dir;
  std::string packet = "\x47\x1f\xff\x10" + std::string(184, '\xff');
  std::string ts;
  for (int i = 0; i < 2000; ++i) ts += packet;
  WriteFile(dir / "null.ts", ts);
  ProbeResult r = ProbeClip(dir / "null.ts");
  EXPECT_EQ(r.status, "unreadable");
  EXPECT_EQ(r.container, "mpegts");
  ASSERT_EQ(r.problems.size(), 1u) << Join(r.problems);
  EXPECT_EQ(r.problems[0], "libavformat found no streams in the file");

  // A Matroska file with a Segment but no tracks: libav refuses it outright.
  std::string mkv = EbmlHeader() + Ebml(0x18538067, Ebml(0x1549A966, Ebml(0x2AD7B1, "\x0f\x42\x40")));
  WriteFile(dir / "empty.mkv", mkv);
  StructureCheck sc = CheckStructure(dir / "empty.mkv");
  EXPECT_TRUE(sc.recognized);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);
  ProbeResult m = ProbeClip(dir / "empty.mkv");
  EXPECT_EQ(m.status, "unreadable");
  EXPECT_TRUE(Contains(m.problems, "libavformat cannot open it: End of file")) << Join(m.problems);
}

// A playlist named like a clip must not make the probe read the files it
// lists (here a real clip beside it).
TEST(ProbeDamaged, PlaylistsAreRefused) {
  TempDir dir;
  WriteFile(dir / "real.mp4", ReadFile(FixtureClip("mp4")));
  WriteFile(dir / "concat.mp4", "ffconcat version 1.0\nfile real.mp4\n");
  WriteFile(dir / "hls.mp4",
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\nreal.mp4\n#EXT-X-ENDLIST\n");
  for (const char* kind : {"concat", "hls"}) {
    ProbeResult r = ProbeClip(dir / (std::string(kind) + ".mp4"));
    EXPECT_EQ(r.status, "unreadable") << kind;
    EXPECT_TRUE(r.streams.empty()) << kind;
    ASSERT_EQ(r.problems.size(), 1u) << Join(r.problems);
    EXPECT_EQ(r.problems[0], "libavformat sees a '" + std::string(kind) +
                                 "' playlist, not a clip; refused (opening it would read the files it lists)");
  }
}

TEST(ProbeDamaged, TagsAreValidatedAndBounded) {
  TempDir dir;
  std::string long_comment(5000, 'x');
  long_comment.replace(1023, 2, "\xc3\xa9");  // an é across the 1024-byte cut
  ASSERT_TRUE(Ffmpeg({"-f", "lavfi", "-i", "testsrc2=size=320x240:rate=15:duration=1", "-c:v", "libx264", "-preset",
                      "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "use_metadata_tags", "-metadata",
                      "creation_time=garbage", "-metadata", "title=bad\xff\xfeutf", "-metadata",
                      "comment=" + long_comment, dir / "tags.mp4"}));
  ProbeResult r = ProbeClip(dir / "tags.mp4");
  EXPECT_EQ(r.status, "ok") << Join(r.problems);
  EXPECT_EQ(r.tags.at("title"), "bad\xEF\xBF\xBD\xEF\xBF\xBDutf");
  EXPECT_TRUE(Contains(r.problems, "container tag 'title' is not valid UTF-8; invalid bytes were replaced with U+FFFD"))
      << Join(r.problems);
  EXPECT_EQ(r.tags.at("comment"), std::string(1023, 'x'));
  EXPECT_TRUE(Contains(r.problems, "container tag 'comment' is 5000 bytes long; only the first 1023 were kept"))
      << Join(r.problems);
  // Unparseable creation_time: reported, not used.
  EXPECT_FALSE(r.creation_time.has_value());
  EXPECT_EQ(r.tags.at("creation_time"), "garbage");
  EXPECT_TRUE(Contains(r.problems, "container creation_time \"garbage\" was not used: not an ISO 8601 date and time"))
      << Join(r.problems);
  auto canonical = CanonicalJson(r.ToJson());
  EXPECT_TRUE(canonical.ok()) << canonical.status().ToString();
}

}  // namespace
}  // namespace custodia::testing
