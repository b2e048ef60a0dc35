// Helpers for the probe tests: running ffmpeg, and building ISO BMFF boxes
// and EBML elements byte by byte.
#ifndef CUSTODIA_TESTS_PROBE_HELPERS_H_
#define CUSTODIA_TESTS_PROBE_HELPERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "custodia/probe.h"

namespace custodia::testing {

// ffmpeg -nostdin -loglevel error -y ARGS...; fails the test (ADD_FAILURE) on error.
bool Ffmpeg(const std::vector<std::string>& args);

std::string Be32(uint32_t v);
std::string Be64(uint64_t v);
// A box with a 32-bit size: size(4) type(4) payload.
std::string Box(const std::string& type, const std::string& payload);
// A box with size 1 and a 64-bit largesize.
std::string LargeBox(const std::string& type, const std::string& payload);

// An EBML element: ID bytes as given (marker bits included), size as an
// 8-byte vint (or "unknown"), then the data.
std::string Ebml(uint32_t id, const std::string& data);
std::string EbmlUnknownSize(uint32_t id, const std::string& data);
std::string EbmlHeader();  // a minimal EBML header with DocType "matroska"

// Top-level boxes of an MP4 in memory: (offset, size, type).
struct BoxAt {
  uint64_t offset, size;
  std::string type;
};
std::vector<BoxAt> TopLevelBoxes(const std::string& mp4);

bool Contains(const std::vector<std::string>& problems, const std::string& needle);
std::string Join(const std::vector<std::string>& problems);

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_PROBE_HELPERS_H_
