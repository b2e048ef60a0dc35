#include "offload/copy.h"

#include "custodia/crashpoint.h"

#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace custodia {

namespace {

// A ring of buffers consumed in order by several stages. The reader fills
// slot i only when every stage has released it.
class Ring {
 public:
  Ring(int n, size_t size, int stages) : slots_(size_t(n)), stages_(stages) {
    for (auto& s : slots_) {
      s.data = static_cast<uint8_t*>(std::aligned_alloc(4096, (size + 4095) / 4096 * 4096));
      s.pending = 0;
    }
  }
  ~Ring() {
    for (auto& s : slots_) std::free(s.data);
  }
  struct Slot {
    uint8_t* data = nullptr;
    size_t len = 0;
    bool last = false;
    int pending = 0;
  };
  // Reader: wait until slot `seq % n` is free.
  Slot& AcquireForWrite(uint64_t seq) {
    std::unique_lock<std::mutex> l(mu_);
    Slot& s = slots_[seq % slots_.size()];
    cv_.wait(l, [&] { return s.pending == 0 || aborted_; });
    return s;
  }
  void Publish(uint64_t seq) {
    std::lock_guard<std::mutex> l(mu_);
    slots_[seq % slots_.size()].pending = stages_;
    published_ = seq + 1;
    cv_.notify_all();
  }
  // Stage: wait until slot `seq` is published; nullptr if aborted.
  Slot* AcquireForRead(uint64_t seq) {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return published_ > seq || aborted_; });
    if (aborted_ && published_ <= seq) return nullptr;
    return &slots_[seq % slots_.size()];
  }
  void Release(uint64_t seq) {
    std::lock_guard<std::mutex> l(mu_);
    --slots_[seq % slots_.size()].pending;
    cv_.notify_all();
  }
  void Abort() {
    std::lock_guard<std::mutex> l(mu_);
    aborted_ = true;
    cv_.notify_all();
  }
  bool aborted() {
    std::lock_guard<std::mutex> l(mu_);
    return aborted_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Slot> slots_;
  int stages_;
  uint64_t published_ = 0;
  bool aborted_ = false;
};

template <typename Fn>
void RunStage(Ring& ring, Fn fn) {
  for (uint64_t seq = 0;; ++seq) {
    Ring::Slot* s = ring.AcquireForRead(seq);
    if (!s) return;
    bool last = s->last;
    if (s->len) fn(s->data, s->len);
    ring.Release(seq);
    if (last) return;
  }
}

}  // namespace

Result<CopyResult> CopyAndHash(Env* env, const std::string& src, const std::string& dst, const CopyOptions& opts) {
  ASSIGN_OR_RETURN(auto in, env->OpenRead(src));
  CopyResult result;
  ASSIGN_OR_RETURN(result.before, in->Stat());
  if (!result.before.is_regular) return Status::Invalid(src + " is not a regular file");
  in->AdviseSequential();
  std::unique_ptr<WritableFile> out;
  if (opts.write_copy) {
    ASSIGN_OR_RETURN(out, env->CreateExclusive(dst, 0600));
  }

  const int stages = opts.write_copy ? 3 : 2;
  Ring ring(opts.buffers, opts.buffer_size, stages);
  Sha256 sha;
  Blake2b512 blake;
  Status write_status;
  std::thread sha_thread([&] { RunStage(ring, [&](const uint8_t* p, size_t n) { sha.Update(p, n); }); });
  std::thread blake_thread([&] { RunStage(ring, [&](const uint8_t* p, size_t n) { blake.Update(p, n); }); });
  std::thread write_thread;
  if (opts.write_copy) {
    write_thread = std::thread([&] {
      // Writeback starts as each buffer is written, and the buffer before the
      // previous one is waited for and dropped from the page cache: the disk
      // stays busy during the copy, the final fsync has little left, and a
      // 4 GB clip never fills the page cache with dirty pages.
      uint64_t off = 0, prev_off = 0, prev_len = 0;
      RunStage(ring, [&](const uint8_t* p, size_t n) {
        if (!write_status.ok()) return;
        write_status = out->Append(p, n);
        if (!write_status.ok()) {
          ring.Abort();
          return;
        }
        out->WritebackRange(off, n, false);
        if (prev_len) out->WritebackRange(prev_off, prev_len, true);
        prev_off = off;
        prev_len = n;
        off += n;
      });
    });
  }

  Status read_status;
  uint64_t total = 0;
  for (uint64_t seq = 0;; ++seq) {
    Ring::Slot& slot = ring.AcquireForWrite(seq);
    if (ring.aborted()) break;
    if (opts.cancel && opts.cancel->load()) {
      read_status = Status::Interrupted("interrupted while copying " + src + " at offset " + std::to_string(total));
      ring.Abort();
      break;
    }
    // Fill the whole buffer (short reads happen on pipes and some filesystems).
    size_t filled = 0;
    bool eof = false;
    while (filled < opts.buffer_size) {
      auto n = in->Read(slot.data + filled, opts.buffer_size - filled);
      if (!n.ok()) {
        read_status = n.status();
        break;
      }
      if (*n == 0) {
        eof = true;
        break;
      }
      filled += *n;
    }
    if (!read_status.ok()) {
      ring.Abort();
      break;
    }
    slot.len = filled;
    slot.last = eof;
    // The source's pages are not needed again: keep the cache for others.
    if (total >= opts.buffer_size) in->DropCacheRange(total - opts.buffer_size, opts.buffer_size);
    total += filled;
    ring.Publish(seq);
    if (opts.progress && filled) opts.progress(filled);
    if (eof) break;
  }
  sha_thread.join();
  blake_thread.join();
  if (write_thread.joinable()) write_thread.join();

  auto fail = [&](Status s) -> Status {
    if (out) {
      out->Close();
      env->Remove(dst);
    }
    return s;
  };
  if (!read_status.ok()) return fail(read_status);
  if (!write_status.ok()) return fail(write_status);
  // The file must not have changed while we read it.
  ASSIGN_OR_RETURN(FileInfo after, in->Stat());
  if (after.size != total || after.size != result.before.size || after.mtime_ns != result.before.mtime_ns) {
    return fail(Status::Io(src + " changed while being copied (size " + std::to_string(result.before.size) + " -> " +
                               std::to_string(after.size) + ", read " + std::to_string(total) + " bytes)",
                           "the camera may still be recording: wait until it stops, then offload again"));
  }
  if (out) {
    Status s = out->Sync();
    if (s.ok()) s = out->Close();
    if (!s.ok()) return fail(s);
    CUSTODIA_CRASH_POINT("offload.copied");
  }
  result.size = total;
  result.sha256 = sha.Final();
  result.blake2b = blake.Final();
  return result;
}

}  // namespace custodia
