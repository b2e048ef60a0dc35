#include "probe_helpers.h"

#include <gtest/gtest.h>

#include "testutil.h"

namespace custodia::testing {

bool Ffmpeg(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = RunProcess(argv);
  if (r.exit_code != 0) ADD_FAILURE() << "ffmpeg failed: " << r.Describe();
  return r.exit_code == 0;
}

std::string Be32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[size_t(i)] = char(v >> (24 - 8 * i));
  return s;
}

std::string Be64(uint64_t v) { return Be32(uint32_t(v >> 32)) + Be32(uint32_t(v)); }

std::string Box(const std::string& type, const std::string& payload) {
  return Be32(uint32_t(8 + payload.size())) + type + payload;
}

std::string LargeBox(const std::string& type, const std::string& payload) {
  return Be32(1) + type + Be64(16 + payload.size()) + payload;
}

namespace {
std::string IdBytes(uint32_t id) {
  std::string s;
  for (int shift = 24; shift >= 0; shift -= 8) {
    if (!s.empty() || (id >> shift) != 0) s.push_back(char(id >> shift));
  }
  return s;
}
}  // namespace

std::string Ebml(uint32_t id, const std::string& data) {
  std::string size = Be64(data.size());
  size[0] = char(0x01);  // 8-byte vint marker; sizes here are small
  return IdBytes(id) + size + data;
}

std::string EbmlUnknownSize(uint32_t id, const std::string& data) {
  return IdBytes(id) + "\x01\xff\xff\xff\xff\xff\xff\xff" + data;
}

std::string EbmlHeader() { return Ebml(0x1A45DFA3, Ebml(0x4282, "matroska")); }

std::vector<BoxAt> TopLevelBoxes(const std::string& mp4) {
  std::vector<BoxAt> boxes;
  uint64_t off = 0;
  while (off + 8 <= mp4.size()) {
    uint64_t size = 0;
    for (int i = 0; i < 4; ++i) size = size << 8 | uint8_t(mp4[off + uint64_t(i)]);
    if (size == 0) size = mp4.size() - off;
    if (size < 8) break;
    boxes.push_back({off, size, mp4.substr(off + 4, 4)});
    off += size;
  }
  return boxes;
}

bool Contains(const std::vector<std::string>& problems, const std::string& needle) {
  for (const auto& p : problems) {
    if (p.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string Join(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += "  - " + p + "\n";
  return out;
}

}  // namespace custodia::testing
