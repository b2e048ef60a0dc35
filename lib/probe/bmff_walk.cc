// ISO BMFF box walk (ISO/IEC 14496-12 §4.2; QuickTime File Format "Atoms").
// Box header: 32-bit size (0 = to the end of the enclosing box or file,
// 1 = a 64-bit largesize follows the type) and a 4-byte type.
#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "probe/problems.h"
#include "probe/structure_walk.h"

namespace custodia::probe_internal {

namespace {

constexpr int kMaxDepth = 8;

uint64_t Be(const uint8_t* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = v << 8 | p[i];
  return v;
}

std::string_view TypeOf(const uint8_t* header) { return {reinterpret_cast<const char*>(header + 4), 4}; }

bool IsContainer(std::string_view type) {
  static constexpr std::array<std::string_view, 12> kContainers = {"moov", "trak", "mdia", "minf", "stbl", "udta",
                                                                   "meta", "edts", "dinf", "mvex", "moof", "traf"};
  return std::find(kContainers.begin(), kContainers.end(), type) != kContainers.end();
}

std::string At(std::string_view type, uint64_t offset) {
  return "box '" + Printable(type) + "' at offset " + std::to_string(offset);
}

class BmffWalker {
 public:
  BmffWalker(ByteSource& src, StructureCheck& out) : src_(src), out_(out) {}

  void Run() {
    bool finished = WalkRange(0, src_.size(), 0, "");
    // A moov can only be missing for sure if the walk reached the end of the
    // file (or stopped at a box that runs past it).
    if (first_mdat_ && !have_moov_ && (finished || out_.truncated)) {
      out_.truncated = true;
      AddProblem(out_.problems, "box 'mdat' at offset " + std::to_string(*first_mdat_) +
                                    " but no 'moov' box in the file: the index of the recording was never "
                                    "written (recording cut off before it was finalised)");
    }
    if (finished && !first_mdat_ && !have_moov_ && !have_moof_) {
      AddProblem(out_.problems, "no 'moov', 'moof' or 'mdat' box in the file: it holds no media");
    }
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

  // Walks the boxes in [begin, end), which lies inside the file. Returns
  // false when the whole walk must stop (truncation, damage, a limit).
  bool WalkRange(uint64_t begin, uint64_t end, int depth, std::string_view parent) {
    uint64_t offset = begin;
    while (offset < end) {
      if (++boxes_ > kMaxElements) {
        AddProblem(out_.problems, "more than " + std::to_string(kMaxElements) + " boxes; the structure after offset " +
                                      std::to_string(offset) + " was not checked");
        return false;
      }
      uint8_t h[16] = {};
      size_t want = size_t(std::min<uint64_t>(16, end - offset));
      auto got = src_.ReadAt(offset, h, want);
      if (!got.ok() || *got != want) {
        AddProblem(out_.problems, got.ok() ? "the file shrank while it was being checked" : got.status().message());
        return false;
      }
      if (want < 8) return ShortTail(h, want, offset, depth, parent);

      std::string_view type = TypeOf(h);
      uint64_t size = Be(h, 4);
      uint64_t header = 8;
      if (depth == 0 && type == "moov") have_moov_ = true;
      if (depth == 0 && type == "moof") have_moof_ = true;
      if (depth == 0 && type == "mdat" && !first_mdat_) first_mdat_ = offset;
      if (size == 1) {
        if (want < 16) {
          std::string text = At(type, offset) + " has a 64-bit size that needs a 16-byte header, only " +
                             std::to_string(want) + " bytes remain";
          if (depth == 0) {
            Truncated(text);
          } else {
            Corrupt(text + " in its parent '" + Printable(parent) + "'");
          }
          return false;
        }
        size = Be(h + 8, 8);
        header = 16;
        if (size < 16) {
          Corrupt(At(type, offset) + " declares a 64-bit size of " + std::to_string(size) +
                  " bytes, smaller than its 16-byte header");
          return false;
        }
      } else if (size == 0) {
        size = end - offset;  // to the end of the file (top level) or of the parent
      } else if (size < 8) {
        Corrupt(At(type, offset) + " declares " + std::to_string(size) + " bytes, smaller than its 8-byte header");
        return false;
      }
      if (size > end - offset) {
        if (depth == 0) {
          Truncated(At(type, offset) + " declares " + std::to_string(size) + " bytes, only " +
                    std::to_string(end - offset) + " remain");
        } else {
          Corrupt(At(type, offset) + " declares " + std::to_string(size) + " bytes, past the end of its parent '" +
                  Printable(parent) + "' (which ends at offset " + std::to_string(end) + ")");
        }
        return false;
      }
      if (IsContainer(type)) {
        if (depth + 1 >= kMaxDepth) {
          if (!depth_noted_) {
            AddProblem(out_.problems, "boxes nested deeper than " + std::to_string(kMaxDepth) + " levels (" +
                                          At(type, offset) + ") were not checked");
            depth_noted_ = true;
          }
        } else {
          uint64_t children = offset + header;
          if (type == "meta") children += MetaVersionBytes(children, offset + size);
          if (!WalkRange(children, offset + size, depth + 1, type)) return false;
        }
      }
      offset += size;
    }
    return true;
  }

  // Fewer than 8 bytes left before `end`: not room for a box header.
  bool ShortTail(const uint8_t* h, size_t n, uint64_t offset, int depth, std::string_view parent) {
    if (depth == 0) {
      // Even zeros: a camera's padding would be a whole box (size 0 = to
      // the end of the file); a few stray bytes are the start of a header.
      Truncated("a box header at offset " + std::to_string(offset) + " needs 8 bytes, only " + std::to_string(n) +
                " remain");
      return false;
    }
    // QuickTime ends some containers (udta) with a 32-bit zero; libavformat
    // skips any such tail, and so do we.
    if (!std::all_of(h, h + n, [](uint8_t b) { return b == 0; })) {
      AddProblem(out_.problems, std::to_string(n) + " stray bytes at the end of box '" + Printable(parent) +
                                    "' (offset " + std::to_string(offset) + ") were ignored");
    }
    return true;
  }

  // ISO 'meta' is a FullBox (4 bytes of version and flags before its
  // children); QuickTime 'meta' is a plain container whose first child is
  // 'hdlr'.
  uint64_t MetaVersionBytes(uint64_t payload, uint64_t end) {
    if (end - payload < 4) return 0;
    uint8_t b[8] = {};
    size_t want = size_t(std::min<uint64_t>(8, end - payload));
    auto got = src_.ReadAt(payload, b, want);
    if (got.ok() && *got == 8 && std::string_view(reinterpret_cast<const char*>(b + 4), 4) == "hdlr") return 0;
    return 4;
  }

  ByteSource& src_;
  StructureCheck& out_;
  uint64_t boxes_ = 0;
  bool have_moov_ = false;
  bool have_moof_ = false;
  bool depth_noted_ = false;
  std::optional<uint64_t> first_mdat_;
};

}  // namespace

bool LooksLikeBmff(ByteSource& src) {
  uint8_t h[8];
  auto got = src.ReadAt(0, h, sizeof h);
  if (!got.ok() || *got != sizeof h) return false;
  uint64_t size = Be(h, 4);
  if (size >= 2 && size < 8) return false;
  static constexpr std::array<std::string_view, 12> kFirstBoxes = {"ftyp", "styp", "moov", "mdat", "free", "skip",
                                                                   "wide", "pnot", "uuid", "moof", "sidx", "pdin"};
  return std::find(kFirstBoxes.begin(), kFirstBoxes.end(), TypeOf(h)) != kFirstBoxes.end();
}

void WalkBmff(ByteSource& src, StructureCheck& out) { BmffWalker(src, out).Run(); }

}  // namespace custodia::probe_internal
