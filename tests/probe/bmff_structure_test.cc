// The ISO BMFF walk on boxes built byte by byte.
#include <gtest/gtest.h>

#include "custodia/probe.h"
#include "probe_helpers.h"

namespace custodia::testing {
namespace {

using namespace std::string_literals;

const std::string kFtyp = Box("ftyp", "isom" + Be32(512) + "isomiso2");
const std::string kMoov =
    Box("moov", Box("mvhd", std::string(100, '\0')) +
                    Box("trak", Box("tkhd", std::string(84, '\0')) +
                                    Box("mdia", Box("minf", Box("stbl", Box("stsz", "12345678"))))));

TEST(BmffWalk, WellFormedFileHasNoProblems) {
  StructureCheck sc = CheckStructureInMemory(kFtyp + kMoov + Box("mdat", std::string(1000, 'x')));
  EXPECT_TRUE(sc.recognized);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);
}

TEST(BmffWalk, SizeZeroRunsToTheEndOfTheFile) {
  std::string file = kFtyp + kMoov + Be32(0) + "mdat" + std::string(1000, 'x');
  StructureCheck sc = CheckStructureInMemory(file);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);
}

TEST(BmffWalk, LargesizeBox) {
  StructureCheck ok = CheckStructureInMemory(kFtyp + kMoov + LargeBox("mdat", std::string(100, 'x')));
  EXPECT_FALSE(ok.truncated);
  EXPECT_FALSE(ok.corrupt);
  EXPECT_TRUE(ok.problems.empty()) << Join(ok.problems);

  size_t at = kFtyp.size() + kMoov.size();
  std::string past = kFtyp + kMoov + Be32(1) + "mdat" + Be64(5'000'000'000ULL) + std::string(100, 'x');
  StructureCheck t = CheckStructureInMemory(past);
  EXPECT_TRUE(t.truncated);
  ASSERT_EQ(t.problems.size(), 1u) << Join(t.problems);
  EXPECT_EQ(t.problems[0],
            "box 'mdat' at offset " + std::to_string(at) + " declares 5000000000 bytes, only 116 remain");

  std::string tiny = kFtyp + kMoov + Be32(1) + "mdat" + Be64(15) + std::string(100, 'x');
  StructureCheck c = CheckStructureInMemory(tiny);
  EXPECT_TRUE(c.corrupt);
  EXPECT_FALSE(c.truncated);
  EXPECT_TRUE(Contains(c.problems, "declares a 64-bit size of 15 bytes, smaller than its 16-byte header"))
      << Join(c.problems);

  // The 64-bit size itself cut off by the end of the file.
  StructureCheck cut = CheckStructureInMemory(kFtyp + kMoov + Be32(1) + "mdat" + "\0\0\0"s);
  EXPECT_TRUE(cut.truncated);
  EXPECT_TRUE(Contains(cut.problems, "has a 64-bit size that needs a 16-byte header, only 11 bytes remain"))
      << Join(cut.problems);
}

TEST(BmffWalk, MdatWithoutMoovIsTruncated) {
  StructureCheck sc = CheckStructureInMemory(kFtyp + Box("free", "") + Box("mdat", std::string(500, 'x')));
  EXPECT_TRUE(sc.truncated);
  ASSERT_EQ(sc.problems.size(), 1u) << Join(sc.problems);
  EXPECT_EQ(sc.problems[0],
            "box 'mdat' at offset 32 but no 'moov' box in the file: the index of the recording was "
            "never written (recording cut off before it was finalised)");
}

TEST(BmffWalk, MoovAfterMdatIsFine) {
  StructureCheck sc = CheckStructureInMemory(kFtyp + Box("mdat", std::string(500, 'x')) + kMoov);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);
}

TEST(BmffWalk, FragmentedMp4IsFine) {
  std::string frag = Box("moof", Box("mfhd", "\0\0\0\0\0\0\0\1"s) + Box("traf", Box("tfhd", std::string(8, '\0')))) +
                     Box("mdat", std::string(300, 'x'));
  std::string file = kFtyp + Box("moov", Box("mvex", Box("trex", std::string(24, '\0')))) + frag + frag + frag;
  StructureCheck sc = CheckStructureInMemory(file);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);
  // The last fragment cut: truncated.
  StructureCheck cut = CheckStructureInMemory(file.substr(0, file.size() - 10));
  EXPECT_TRUE(cut.truncated);
}

TEST(BmffWalk, BoxSmallerThanHeaderIsCorrupt) {
  std::string file = kFtyp + Be32(5) + "junk" + kMoov;
  StructureCheck sc = CheckStructureInMemory(file);
  EXPECT_TRUE(sc.corrupt);
  EXPECT_FALSE(sc.truncated);
  ASSERT_EQ(sc.problems.size(), 1u) << Join(sc.problems);
  EXPECT_EQ(sc.problems[0],
            "box 'junk' at offset 24 declares 5 bytes, smaller than its 8-byte header; the rest of the file was not "
            "checked");
}

TEST(BmffWalk, ChildPastItsParentIsCorrupt) {
  // stsz claims 100 bytes inside an stbl that has room for 16.
  std::string stbl = Box("stbl", Be32(100) + "stsz" + "12345678");
  std::string moov = Box("moov", Box("trak", Box("mdia", Box("minf", stbl))));
  StructureCheck sc = CheckStructureInMemory(kFtyp + moov + Box("mdat", std::string(500, 'x')));
  EXPECT_TRUE(sc.corrupt);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(Contains(sc.problems,
                       "box 'stsz' at offset 64 declares 100 bytes, past the end of its parent 'stbl' "
                       "(which ends at offset 80)"))
      << Join(sc.problems);
}

TEST(BmffWalk, TopLevelBoxPastTheEndIsTruncated) {
  std::string file = kFtyp + kMoov + Box("mdat", std::string(1000, 'x'));
  StructureCheck sc = CheckStructureInMemory(file.substr(0, file.size() - 1));
  EXPECT_TRUE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(Contains(sc.problems, "declares 1008 bytes, only 1007 remain")) << Join(sc.problems);
}

TEST(BmffWalk, ShortTailAtTheEnd) {
  std::string base = kFtyp + kMoov + Box("mdat", "x");
  StructureCheck junk = CheckStructureInMemory(base + "abc");
  EXPECT_TRUE(junk.truncated);
  EXPECT_TRUE(Contains(junk.problems,
                       "a box header at offset " + std::to_string(base.size()) + " needs 8 bytes, only 3 remain"))
      << Join(junk.problems);
  // Zeros too: padding would be a whole box; these are the start of a header.
  StructureCheck zeros = CheckStructureInMemory(base + std::string(4, '\0'));
  EXPECT_TRUE(zeros.truncated);
  // A zero-filled tail of 8 bytes or more is a box of size 0: to the end of the file.
  StructureCheck padding = CheckStructureInMemory(base + std::string(4000, '\0'));
  EXPECT_FALSE(padding.truncated);
  EXPECT_TRUE(padding.problems.empty()) << Join(padding.problems);
}

TEST(BmffWalk, QuickTimeUdtaTerminatorAndBothMetaForms) {
  std::string hdlr = Box("hdlr", std::string(25, '\0'));
  std::string iso_meta = Box("meta", Be32(0) + hdlr + Box("ilst", ""));  // FullBox: version + flags first
  std::string qt_meta = Box("meta", hdlr + Box("keys", std::string(8, '\0')));
  std::string udta = Box("udta", iso_meta + qt_meta + Be32(0));  // QuickTime's 32-bit zero terminator
  std::string moov = Box("moov", Box("mvhd", std::string(100, '\0')) + udta);
  StructureCheck sc = CheckStructureInMemory(kFtyp + moov + Box("mdat", "x"));
  EXPECT_FALSE(sc.corrupt) << Join(sc.problems);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);
}

TEST(BmffWalk, DeepNestingIsBounded) {
  std::string inner = Box("free", "");
  for (int i = 0; i < 5000; ++i) inner = Box(i % 2 ? "moov" : "trak", inner);
  StructureCheck sc = CheckStructureInMemory(kFtyp + inner);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(Contains(sc.problems, "boxes nested deeper than 8 levels")) << Join(sc.problems);
}

TEST(BmffWalk, BoxCountIsBounded) {
  // 1.1 million empty free boxes: the walk stops with a note, no verdict.
  std::string file = kFtyp;
  std::string free = Box("free", "");
  for (int i = 0; i < 1'100'000; ++i) file += free;
  file += Box("mdat", "x");  // no moov, but the walk never gets here
  StructureCheck sc = CheckStructureInMemory(file);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(Contains(sc.problems, "more than 1048576 boxes; the structure after offset")) << Join(sc.problems);
}

TEST(BmffWalk, UnknownFirstBoxIsNotRecognised) {
  StructureCheck sc = CheckStructureInMemory(Box("abcd", "xxxx") + kMoov);
  EXPECT_FALSE(sc.recognized);
  EXPECT_TRUE(sc.problems.empty());
  // MPEG-TS: sync bytes every 188 bytes.
  std::string ts(188 * 4, '\xff');
  for (size_t i = 0; i < ts.size(); i += 188) ts[i] = 0x47;
  EXPECT_FALSE(CheckStructureInMemory(ts).recognized);
}

TEST(BmffWalk, NonAsciiTypesAreEscaped) {
  std::string file = kFtyp + kMoov + Be32(3) + "\xa9x\xff'";
  StructureCheck sc = CheckStructureInMemory(file);
  ASSERT_EQ(sc.problems.size(), 1u);
  EXPECT_TRUE(Contains(sc.problems, "box '\\xa9x\\xff\\x27' at offset")) << Join(sc.problems);
}

}  // namespace
}  // namespace custodia::testing
