// The Matroska / WebM element walk on elements built byte by byte.
#include <gtest/gtest.h>

#include "custodia/probe.h"
#include "probe_helpers.h"

namespace custodia::testing {
namespace {

using namespace std::string_literals;

constexpr uint32_t kSegment = 0x18538067, kInfo = 0x1549A966, kTracks = 0x1654AE6B, kCluster = 0x1F43B675,
                   kCues = 0x1C53BB6B, kSimpleBlock = 0xA3, kTimecode = 0xE7, kVoid = 0xEC;

const std::string kInfoEl = Ebml(kInfo, Ebml(0x2AD7B1, "\x0f\x42\x40"));
const std::string kTracksEl = Ebml(kTracks, Ebml(0xAE, Ebml(0xD7, "\x01")));
std::string Cluster(int blocks) {
  std::string data = Ebml(kTimecode, std::string(1, '\0'));
  for (int i = 0; i < blocks; ++i) data += Ebml(kSimpleBlock, std::string(50, 'b'));
  return data;
}

TEST(EbmlWalk, WellFormedFileHasNoProblems) {
  std::string body = kInfoEl + kTracksEl + Ebml(kCluster, Cluster(3)) + Ebml(kCluster, Cluster(2)) + Ebml(kCues, "");
  StructureCheck sc = CheckStructureInMemory(EbmlHeader() + Ebml(kSegment, body));
  EXPECT_TRUE(sc.recognized);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);
}

TEST(EbmlWalk, UnknownSizeSegmentAndClusters) {
  // As a live writer leaves them: sizes never filled in.
  std::string body = kInfoEl + kTracksEl + EbmlUnknownSize(kCluster, Cluster(3)) +
                     EbmlUnknownSize(kCluster, Cluster(2)) + Ebml(kCues, "");
  std::string file = EbmlHeader() + EbmlUnknownSize(kSegment, body);
  StructureCheck sc = CheckStructureInMemory(file);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);

  // Cut inside the last block of an open cluster: only the block can tell.
  std::string cut_body = kInfoEl + kTracksEl + EbmlUnknownSize(kCluster, Cluster(3));
  std::string cut = EbmlHeader() + EbmlUnknownSize(kSegment, cut_body);
  StructureCheck t = CheckStructureInMemory(cut.substr(0, cut.size() - 7));
  EXPECT_TRUE(t.truncated);
  EXPECT_TRUE(Contains(
      t.problems, "element 0xA3 at offset " + std::to_string(cut.size() - 59) + " declares 50 bytes, only 43 remain"))
      << Join(t.problems);
}

TEST(EbmlWalk, SegmentAndClusterPastTheEnd) {
  std::string file = EbmlHeader() + Ebml(kSegment, kInfoEl + Ebml(kCluster, Cluster(4)));
  StructureCheck sc = CheckStructureInMemory(file.substr(0, file.size() - 30));
  EXPECT_TRUE(sc.truncated);
  ASSERT_EQ(sc.problems.size(), 2u) << Join(sc.problems);
  size_t header = EbmlHeader().size();
  EXPECT_EQ(sc.problems[0], "Segment at offset " + std::to_string(header) + " declares " +
                                std::to_string(file.size() - header - 12) + " bytes, only " +
                                std::to_string(file.size() - header - 12 - 30) + " remain");
  EXPECT_TRUE(Contains(sc.problems, "Cluster at offset " + std::to_string(header + 12 + kInfoEl.size()) + " declares"))
      << Join(sc.problems);
}

TEST(EbmlWalk, HeaderCutOffIsTruncated) {
  std::string file = EbmlHeader() + Ebml(kSegment, kInfoEl);
  StructureCheck sc = CheckStructureInMemory(file.substr(0, EbmlHeader().size() + 6));
  EXPECT_TRUE(sc.truncated);
  EXPECT_TRUE(Contains(sc.problems, "the header of Segment at offset " + std::to_string(EbmlHeader().size()) +
                                        " runs past the end of the file"))
      << Join(sc.problems);
  StructureCheck only_header = CheckStructureInMemory(EbmlHeader().substr(0, 14));
  EXPECT_TRUE(only_header.truncated);
  EXPECT_TRUE(Contains(only_header.problems, "EBML header at offset 0 declares")) << Join(only_header.problems);
}

TEST(EbmlWalk, InvalidNumbersAreCorrupt) {
  std::string bad_size = EbmlHeader() + Ebml(kSegment, kInfoEl + "\xA3\x00\x00\x00"s);
  StructureCheck sc = CheckStructureInMemory(bad_size);
  EXPECT_TRUE(sc.corrupt);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(Contains(sc.problems, "invalid size of element 0xA3 at offset")) << Join(sc.problems);

  std::string bad_id = EbmlHeader() + Ebml(kSegment, kInfoEl + "\x08\x81\x00"s);
  StructureCheck id = CheckStructureInMemory(bad_id);
  EXPECT_TRUE(id.corrupt);
  EXPECT_TRUE(
      Contains(id.problems, "invalid element ID at offset " + std::to_string(bad_id.size() - 3) + " (first byte 0x08)"))
      << Join(id.problems);
}

TEST(EbmlWalk, ChildPastItsSegmentIsCorrupt) {
  // A known-size segment followed by more data; its last child overruns it.
  std::string body = kInfoEl + Ebml(kVoid, std::string(20, '\0'));
  std::string seg = Ebml(kSegment, body);
  seg[11] = char(uint8_t(seg[11]) - 10);  // the segment now ends 10 bytes early
  std::string file = EbmlHeader() + seg + Ebml(kVoid, std::string(40, '\0'));
  StructureCheck sc = CheckStructureInMemory(file);
  EXPECT_TRUE(sc.corrupt) << Join(sc.problems);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(Contains(sc.problems, "past the end of its Segment")) << Join(sc.problems);
}

TEST(EbmlWalk, UnknownSizeNonClusterStopsWithANote) {
  std::string file = EbmlHeader() + Ebml(kSegment, kInfoEl + EbmlUnknownSize(kTracks, "") + Ebml(kCluster, Cluster(1)));
  StructureCheck sc = CheckStructureInMemory(file);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(Contains(sc.problems, "Tracks at offset")) << Join(sc.problems);
  EXPECT_TRUE(Contains(sc.problems, "has an unknown size (only a Cluster may)")) << Join(sc.problems);
}

TEST(EbmlWalk, JunkAfterTheSegmentIsNoted) {
  std::string file = EbmlHeader() + Ebml(kSegment, kInfoEl) + "\x00\x00garbage"s;
  StructureCheck sc = CheckStructureInMemory(file);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(Contains(sc.problems, "data after the Segment at offset")) << Join(sc.problems);
}

TEST(EbmlWalk, NoSegment) {
  StructureCheck sc = CheckStructureInMemory(EbmlHeader());
  EXPECT_TRUE(sc.recognized);
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(Contains(sc.problems, "no Segment after the EBML header")) << Join(sc.problems);
  StructureCheck other = CheckStructureInMemory(EbmlHeader() + Ebml(kCluster, ""));
  EXPECT_TRUE(other.corrupt);
  EXPECT_TRUE(Contains(other.problems, "expected a Segment at offset")) << Join(other.problems);
}

TEST(EbmlWalk, ElementCountIsBounded) {
  // 1.1 million empty Void elements (2 bytes each) inside an open segment.
  std::string body;
  for (int i = 0; i < 1'100'000; ++i) body += "\xEC\x80";
  StructureCheck sc = CheckStructureInMemory(EbmlHeader() + EbmlUnknownSize(kSegment, body));
  EXPECT_FALSE(sc.truncated);
  EXPECT_TRUE(Contains(sc.problems, "more than 1048576 elements")) << Join(sc.problems);
}

TEST(EbmlWalk, ChainedSegmentsAfterAnOpenSegment) {
  std::string one = EbmlHeader() + EbmlUnknownSize(kSegment, kInfoEl + Ebml(kCluster, Cluster(1)));
  std::string two = EbmlHeader() + Ebml(kSegment, kInfoEl + Ebml(kCluster, Cluster(1)));
  StructureCheck sc = CheckStructureInMemory(one + two);
  EXPECT_FALSE(sc.truncated);
  EXPECT_FALSE(sc.corrupt);
  EXPECT_TRUE(sc.problems.empty()) << Join(sc.problems);
  StructureCheck cut = CheckStructureInMemory(one + two.substr(0, two.size() - 5));
  EXPECT_TRUE(cut.truncated);
}

}  // namespace
}  // namespace custodia::testing
