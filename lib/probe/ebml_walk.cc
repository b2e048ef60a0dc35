// Matroska / WebM element walk (RFC 8794 EBML, RFC 9559 Matroska).
// An element is an ID (a 1-4 byte variable-size integer, marker bits kept),
// a data size (a 1-8 byte variable-size integer; all value bits set means
// "unknown"), then the data. We walk the EBML header, the Segment and its
// top-level children; only a Cluster of unknown size is walked inside, to
// find where it ends.
#include <algorithm>
#include <cstdio>

#include "probe/problems.h"
#include "probe/structure_walk.h"

namespace custodia::probe_internal {

namespace {

constexpr uint32_t kEbmlId = 0x1A45DFA3;
constexpr uint32_t kSegmentId = 0x18538067;
constexpr uint32_t kClusterId = 0x1F43B675;
constexpr uint32_t kVoidId = 0xEC;
constexpr uint32_t kCrc32Id = 0xBF;

struct TopLevelName {
  uint32_t id;
  const char* name;
};
constexpr TopLevelName kTopLevel[] = {
    {0x114D9B74, "SeekHead"}, {0x1549A966, "Info"},        {0x1654AE6B, "Tracks"},   {kClusterId, "Cluster"},
    {0x1C53BB6B, "Cues"},     {0x1941A469, "Attachments"}, {0x1043A770, "Chapters"}, {0x1254C367, "Tags"},
};

bool IsTopLevel(uint32_t id) {
  return std::any_of(std::begin(kTopLevel), std::end(kTopLevel), [id](const auto& t) { return t.id == id; });
}

std::string NameOf(uint32_t id) {
  for (const auto& t : kTopLevel) {
    if (t.id == id) return t.name;
  }
  if (id == kEbmlId) return "EBML header";
  if (id == kSegmentId) return "Segment";
  if (id == kVoidId) return "Void";
  char buf[32];
  std::snprintf(buf, sizeof buf, "element 0x%X", id);
  return buf;
}

int VintLength(uint8_t first) {
  int len = 1;
  for (uint8_t mask = 0x80; mask && !(first & mask); mask >>= 1) ++len;
  return len;  // 9 when first == 0: invalid
}

struct Element {
  uint64_t offset = 0;
  uint32_t id = 0;
  int header = 0;  // ID + size bytes
  uint64_t size = 0;
  bool unknown_size = false;
  uint64_t data() const { return offset + uint64_t(header); }
  std::string At() const { return NameOf(id) + " at offset " + std::to_string(offset); }
};

enum class Read { kOk, kPastEnd, kInvalid, kError };

class EbmlWalker {
 public:
  EbmlWalker(ByteSource& src, StructureCheck& out) : src_(src), out_(out), file_size_(src.size()) {}

  void Run() {
    Element e;
    if (!Next(0, file_size_, "", e)) return;
    if (e.unknown_size) return Corrupt(e.At() + " has an unknown size");
    if (!FitsInFile(e)) return;
    uint64_t offset = e.data() + e.size;
    bool seen_segment = false;
    while (offset < file_size_) {
      if (seen_segment && elements_ >= kMaxElements) return LimitReached(offset);
      if (seen_segment && !Peek(offset, e)) {
        return Note("data after the Segment at offset " + std::to_string(offset) + " (" +
                    std::to_string(file_size_ - offset) + " bytes) is not EBML; it was not checked");
      }
      if (!seen_segment && !Next(offset, file_size_, "", e)) return;
      if (e.id == kSegmentId) {
        seen_segment = true;
        if (!WalkSegment(e, offset)) return;
        continue;
      }
      if (e.id == kEbmlId || e.id == kVoidId || e.id == kCrc32Id) {
        if (e.unknown_size) return Corrupt(e.At() + " has an unknown size");
        if (!FitsInFile(e)) return;
        offset = e.data() + e.size;
        continue;
      }
      if (seen_segment) {
        return Note("data after the Segment at offset " + std::to_string(offset) + " (" +
                    std::to_string(file_size_ - offset) + " bytes) is not a Segment; it was not checked");
      }
      return Corrupt("expected a Segment at offset " + std::to_string(offset) + ", found " + NameOf(e.id));
    }
    if (!seen_segment) Note("no Segment after the EBML header: the file holds no media");
  }

 private:
  void Truncated(std::string text) {
    out_.truncated = true;
    AddProblem(out_.problems, std::move(text));
  }
  void Corrupt(std::string text) {
    out_.corrupt = true;
    AddProblem(out_.problems, std::move(text) + "; the rest of the file was not checked");
  }
  void Note(std::string text) { AddProblem(out_.problems, std::move(text)); }

  // Walks a Segment's children; on return *next is where the next level-0
  // element starts. Returns false when the walk must stop.
  bool WalkSegment(const Element& segment, uint64_t& next) {
    uint64_t end = file_size_;
    bool cut = false;
    if (!segment.unknown_size) {
      if (segment.size > file_size_ - segment.data()) {
        Truncated(segment.At() + " declares " + std::to_string(segment.size) + " bytes, only " +
                  std::to_string(file_size_ - segment.data()) + " remain");
        cut = true;  // walk what is there, to say where the cut is
      } else {
        end = segment.data() + segment.size;
      }
    }
    uint64_t offset = segment.data();
    Element e;
    while (offset < end) {
      if (!Next(offset, end, "Segment", e)) return false;
      if (segment.unknown_size && (e.id == kEbmlId || e.id == kSegmentId)) break;  // the next segment starts
      if (e.unknown_size) {
        if (e.id != kClusterId) {
          Note(e.At() + " has an unknown size (only a Cluster may); the rest of the file was not checked");
          return false;
        }
        if (!WalkOpenCluster(e, end, offset)) return false;
        continue;
      }
      if (!FitsInFile(e)) return false;
      if (e.size > end - e.data()) {
        Corrupt(e.At() + " declares " + std::to_string(e.size) +
                " bytes, past the end of its Segment (which ends at offset " + std::to_string(end) + ")");
        return false;
      }
      offset = e.data() + e.size;
    }
    next = offset;
    return !cut;
  }

  // A Cluster of unknown size ends where an element that cannot be inside a
  // cluster (a top-level element, a new EBML header or Segment) begins.
  bool WalkOpenCluster(const Element& cluster, uint64_t end, uint64_t& next) {
    uint64_t offset = cluster.data();
    Element e;
    while (offset < end) {
      if (!Next(offset, end, "Cluster", e)) return false;
      if (IsTopLevel(e.id) || e.id == kEbmlId || e.id == kSegmentId) break;
      if (e.unknown_size) {
        Corrupt(e.At() + " inside the Cluster at offset " + std::to_string(cluster.offset) + " has an unknown size");
        return false;
      }
      if (!FitsInFile(e)) return false;
      if (e.size > end - e.data()) {
        Corrupt(e.At() + " declares " + std::to_string(e.size) +
                " bytes, past the end of its Segment (which ends at offset " + std::to_string(end) + ")");
        return false;
      }
      offset = e.data() + e.size;
    }
    next = offset;
    return true;
  }

  bool FitsInFile(const Element& e) {
    if (e.size <= file_size_ - e.data()) return true;
    Truncated(e.At() + " declares " + std::to_string(e.size) + " bytes, only " + std::to_string(file_size_ - e.data()) +
              " remain");
    return false;
  }

  // Reads the element header at offset (inside [offset, end)); on failure
  // records why and returns false.
  bool Next(uint64_t offset, uint64_t end, const char* parent, Element& e) {
    if (++elements_ > kMaxElements) {
      LimitReached(offset);
      return false;
    }
    std::string why;
    switch (ReadHeader(offset, e, why)) {
      case Read::kOk:
        if (e.data() <= end) return true;
        why = "the header of " + e.At() + " runs past the end of its " + parent;
        [[fallthrough]];
      case Read::kPastEnd:
        if (end == file_size_) {
          Truncated(why);
        } else {
          Corrupt(why);
        }
        return false;
      case Read::kInvalid:
        Corrupt(why);
        return false;
      case Read::kError:
        Note(why);
        return false;
    }
    return false;
  }

  void LimitReached(uint64_t offset) {
    Note("more than " + std::to_string(kMaxElements) + " elements; the structure after offset " +
         std::to_string(offset) + " was not checked");
  }

  // A header that parses, without recording anything (for data after the
  // Segment, which may be junk).
  bool Peek(uint64_t offset, Element& e) {
    ++elements_;
    std::string why;
    return ReadHeader(offset, e, why) == Read::kOk;
  }

  Read ReadHeader(uint64_t offset, Element& e, std::string& why) {
    uint8_t h[12] = {};
    size_t want = size_t(std::min<uint64_t>(sizeof h, file_size_ - offset));
    auto got = src_.ReadAt(offset, h, want);
    if (!got.ok() || *got != want) {
      why = got.ok() ? "the file shrank while it was being checked" : got.status().message();
      return Read::kError;
    }
    e = Element{};
    e.offset = offset;
    int id_len = VintLength(h[0]);
    if (id_len > 4) {
      why = "invalid element ID at offset " + std::to_string(offset) + " (first byte 0x" + Hex(h[0]) + ")";
      return Read::kInvalid;
    }
    if (size_t(id_len) >= want) {
      why = "an element header at offset " + std::to_string(offset) + " runs past the end of the file";
      return Read::kPastEnd;
    }
    for (int i = 0; i < id_len; ++i) e.id = e.id << 8 | h[i];
    int size_len = VintLength(h[id_len]);
    if (size_len > 8) {
      why = "invalid size of " + e.At() + " (first byte 0x00)";
      return Read::kInvalid;
    }
    if (size_t(id_len + size_len) > want) {
      why = "the header of " + e.At() + " runs past the end of the file";
      return Read::kPastEnd;
    }
    uint64_t value = h[id_len] & (0xFFu >> size_len);
    for (int i = 1; i < size_len; ++i) value = value << 8 | h[id_len + i];
    e.header = id_len + size_len;
    e.unknown_size = value == (uint64_t{1} << (7 * size_len)) - 1;
    e.size = value;
    return Read::kOk;
  }

  static std::string Hex(uint8_t b) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02X", b);
    return buf;
  }

  ByteSource& src_;
  StructureCheck& out_;
  uint64_t file_size_;
  uint64_t elements_ = 0;
};

}  // namespace

bool LooksLikeEbml(ByteSource& src) {
  uint8_t h[4];
  auto got = src.ReadAt(0, h, sizeof h);
  return got.ok() && *got == sizeof h && h[0] == 0x1A && h[1] == 0x45 && h[2] == 0xDF && h[3] == 0xA3;
}

void WalkEbml(ByteSource& src, StructureCheck& out) { EbmlWalker(src, out).Run(); }

}  // namespace custodia::probe_internal
