// One-pass copy: read the source once; SHA-256, BLAKE2b-512 and the write of
// the copy run in parallel on the same buffers (double/quad buffering).
#ifndef CUSTODIA_OFFLOAD_COPY_H_
#define CUSTODIA_OFFLOAD_COPY_H_

#include <atomic>
#include <functional>
#include <string>

#include "custodia/env.h"
#include "custodia/hash.h"
#include "custodia/status.h"

namespace custodia {

struct CopyOptions {
  size_t buffer_size = 4 << 20;  // 4 x 4 MiB per clip in flight: bounded memory whatever the clip size
  int buffers = 4;
  bool write_copy = true;   // false: hash only (resume of a known file)
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(uint64_t bytes)> progress;  // called with bytes since the last call
};

struct CopyResult {
  uint64_t size = 0;
  Sha256Digest sha256{};
  Blake2bDigest blake2b{};
  FileInfo before;  // source stat when opened
};

// Copies `src` to `dst` (created exclusively, mode 0600, fsynced and closed).
// Fails if the source changed (size or mtime) while being copied; a read
// error names the offset. On failure `dst` is removed.
Result<CopyResult> CopyAndHash(Env* env, const std::string& src, const std::string& dst, const CopyOptions& opts);

}  // namespace custodia

#endif  // CUSTODIA_OFFLOAD_COPY_H_
