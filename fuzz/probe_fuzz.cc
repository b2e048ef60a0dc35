// libFuzzer target for the probe's structural walk (CheckStructure: ISO BMFF
// boxes, Matroska EBML elements) on hostile bytes.
//
//   ninja -C build-fuzz probe_fuzz
//   mkdir -p corpus && build-fuzz/probe_fuzz -dict=fuzz/probe_fuzz.dict -max_len=65536 \
//       corpus build/test-fixtures
//
// (build/test-fixtures holds the ffmpeg-made fixture clips after a test run:
// good seeds.) Besides the sanitizers, it checks the walk's promises: a
// verdict always comes with a reason, problems are bounded and valid UTF-8,
// and an unrecognised file gets no verdict.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "custodia/encoding.h"
#include "custodia/probe.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  custodia::StructureCheck sc = custodia::CheckStructureInMemory(bytes);
  if (sc.problems.size() > 32) __builtin_trap();
  if ((sc.truncated || sc.corrupt) && sc.problems.empty()) __builtin_trap();
  if (!sc.recognized && (sc.truncated || sc.corrupt)) __builtin_trap();
  for (const auto& p : sc.problems) {
    if (!custodia::IsValidUtf8(p)) __builtin_trap();
  }
  return 0;
}
