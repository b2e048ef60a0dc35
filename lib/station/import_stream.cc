#include "station/import_stream.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace custodia::station_internal {

namespace {

constexpr size_t kChunkRecords = 2048;
constexpr size_t kMaxChunks = 8;  // ~16k records in flight, a few MB

// A bounded queue of record chunks, one producer, one consumer.
class ChunkQueue {
 public:
  // Blocks while full; false if the consumer gave up.
  bool Push(std::vector<Attention>&& chunk) {
    std::unique_lock<std::mutex> l(mu_);
    not_full_.wait(l, [&] { return chunks_.size() < kMaxChunks || abandoned_; });
    if (abandoned_) return false;
    chunks_.push_back(std::move(chunk));
    not_empty_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard<std::mutex> l(mu_);
    closed_ = true;
    not_empty_.notify_one();
  }
  // nullopt once closed and drained.
  std::optional<std::vector<Attention>> Pop() {
    std::unique_lock<std::mutex> l(mu_);
    not_empty_.wait(l, [&] { return !chunks_.empty() || closed_; });
    if (chunks_.empty()) return std::nullopt;
    std::vector<Attention> c = std::move(chunks_.front());
    chunks_.pop_front();
    not_full_.notify_one();
    return c;
  }
  void Abandon() {
    std::lock_guard<std::mutex> l(mu_);
    abandoned_ = true;
    chunks_.clear();
    not_full_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::vector<Attention>> chunks_;
  bool closed_ = false, abandoned_ = false;
};

}  // namespace

Result<AttentionImport> ParseAttentionsInBackground(std::string_view data, std::string_view name,
                                                    const ImportOptions& options,
                                                    const std::function<Status(Attention&&)>& consume,
                                                    Status* consumed) {
  ChunkQueue queue;
  std::optional<Result<AttentionImport>> parsed;
  std::thread parser([&] {
    std::vector<Attention> chunk;
    chunk.reserve(kChunkRecords);
    bool open = true;
    auto result = ParseAttentionsStreaming(data, name, options, [&](Attention&& a, uint64_t) {
      if (!open) return;
      chunk.push_back(std::move(a));
      if (chunk.size() == kChunkRecords) {
        open = queue.Push(std::move(chunk));
        chunk = std::vector<Attention>();
        chunk.reserve(kChunkRecords);
      }
    });
    if (open && !chunk.empty()) queue.Push(std::move(chunk));
    parsed.emplace(std::move(result));
    queue.Close();
  });
  *consumed = Status::Ok();
  while (auto chunk = queue.Pop()) {
    for (Attention& a : *chunk) {
      *consumed = consume(std::move(a));
      if (!consumed->ok()) break;
    }
    if (!consumed->ok()) {
      queue.Abandon();
      break;
    }
  }
  parser.join();
  return std::move(*parsed);
}

}  // namespace custodia::station_internal
