// libFuzzer target: SHA256SUMS of an export bundle and the bundle path rules.
// Seeds: tests/bundle/corpus/sha256sums/ and tests/bundle/corpus/path/.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "custodia/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  custodia::Sha256Sums sums = custodia::ParseSha256Sums(text, "SHA256SUMS");
  for (const auto& line : sums.lines) {
    // Whatever the parser keeps must be a safe path.
    if (!custodia::CheckBundlePath(line.path).ok() || line.hex.size() != 64) std::abort();
  }
  if (sums.problems.empty()) {
    // A clean file formats back to itself.
    if (custodia::FormatSha256Sums(sums.lines) != text) std::abort();
  }
  (void)custodia::CheckBundlePath(text);
  return 0;
}
