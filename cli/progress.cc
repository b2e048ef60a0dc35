#include "progress.h"

#include <unistd.h>

#include <iostream>

#include "output.h"

namespace custodia::cli {

std::string ResolveProgressMode(const std::string& mode) {
  if (mode != "auto") return mode;
  return ::isatty(STDERR_FILENO) ? "bar" : "plain";
}

void EmitEvent(const Json& event) {
  std::cout << event.dump() << "\n";
  std::cout.flush();
}

void ProgressBar::Update(uint64_t done, uint64_t total, uint64_t items_done, uint64_t items_total,
                         const std::string& current, bool force) {
  auto now = std::chrono::steady_clock::now();
  auto since = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count();
  if (!force && since < (tty_ ? 100 : 5000)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? double(done) / secs : 0;
  std::string eta = rate > 0 && total > done ? HumanDuration(int64_t(double(total - done) / rate * 1000)) : "-";
  int pct = total ? int(double(done) * 100 / double(total)) : 100;
  char bar[24];
  int filled = pct / 5;
  for (int i = 0; i < 20; ++i) bar[i] = i < filled ? '#' : '-';
  bar[20] = 0;
  std::string name = current.substr(current.rfind('/') == std::string::npos ? 0 : current.rfind('/') + 1);
  if (name.size() > 30) name = "…" + name.substr(name.size() - 29);
  char line[256];
  char items[48];
  if (items_total) {
    std::snprintf(items, sizeof items, "%llu/%llu", (unsigned long long)items_done, (unsigned long long)items_total);
  } else {
    std::snprintf(items, sizeof items, "%llu", (unsigned long long)items_done);  // total not known
  }
  int n = std::snprintf(line, sizeof line, "[%s] %3d%% %s files  %s/%s  %s/s  ETA %s  %s", bar, pct, items, HumanBytes(done).c_str(),
                        HumanBytes(total).c_str(), HumanBytes(uint64_t(rate)).c_str(), eta.c_str(), name.c_str());
  if (tty_) {
    std::string s(line, size_t(std::max(n, 0)));
    size_t len = s.size();
    if (len < last_len_) s += std::string(last_len_ - len, ' ');
    std::fprintf(out_, "\r%s", s.c_str());
    last_len_ = len;
  } else {
    std::fprintf(out_, "%s\n", line);
  }
  std::fflush(out_);
}

void ProgressBar::Finish() {
  if (tty_ && last_len_) {
    std::fprintf(out_, "\r%s\r", std::string(last_len_, ' ').c_str());
    std::fflush(out_);
    last_len_ = 0;  // the line is clear: nothing to erase until the next Update
  }
}

namespace {

class NdjsonObserver : public OffloadObserver {
 public:
  void OnStart(const std::string& id, uint64_t files, uint64_t bytes) override {
    EmitEvent(Json{{"event", "start"}, {"offload_id", id}, {"files", files}, {"bytes", bytes}, {"time", FormatUtc(NowMs())}});
  }
  void OnFileStart(const std::string& path, uint64_t size) override {
    EmitEvent(Json{{"event", "file_start"}, {"path", path}, {"size", size}});
  }
  void OnProgress(uint64_t done, uint64_t total, const std::string& current) override {
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(500) && done < total) return;
    last_ = now;
    EmitEvent(Json{{"event", "progress"}, {"bytes_done", done}, {"bytes_total", total}, {"current", current}});
  }
  void OnFileDone(const OffloadFile& f) override {
    Json j = f.ToJson();
    j["event"] = "file_done";
    EmitEvent(j);
  }
  void OnSummary(const OffloadSummary& s) override {
    Json j = s.ToJson();
    j.erase("file_list");
    j.erase("schema");
    j["event"] = "summary";
    EmitEvent(j);
  }

 private:
  std::chrono::steady_clock::time_point last_{};
};

class HumanObserver : public OffloadObserver {
 public:
  explicit HumanObserver(bool tty) : bar_(stderr, tty), tty_(tty) {}
  void OnStart(const std::string& id, uint64_t files, uint64_t bytes) override {
    total_files_ = files;
    std::fprintf(stderr, "offload %s: %llu files, %s\n", id.c_str(), (unsigned long long)files,
                 HumanBytes(bytes).c_str());
  }
  void OnFileStart(const std::string&, uint64_t) override {}
  void OnProgress(uint64_t done, uint64_t total, const std::string& current) override {
    bar_.Update(done, total, files_done_, total_files_, current);
  }
  void OnFileDone(const OffloadFile& f) override {
    ++files_done_;
    if (tty_) bar_.Finish();
    std::string line = f.outcome + (f.wiped ? "+wiped" : "");
    line.resize(std::max<size_t>(line.size(), 15), ' ');
    line += f.path;
    if (!f.sha256.empty()) line += "  " + f.sha256.substr(0, 12);
    if (!f.media_status.empty() && f.media_status != "ok") line += "  [" + f.media_status + "]";
    if (!f.error.empty()) line += "  (" + f.error + ")";
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  void OnSummary(const OffloadSummary&) override { bar_.Finish(); }

 private:
  ProgressBar bar_;
  bool tty_;
  uint64_t files_done_ = 0, total_files_ = 0;
};

class NullObserver : public OffloadObserver {
 public:
  void OnStart(const std::string&, uint64_t, uint64_t) override {}
  void OnFileStart(const std::string&, uint64_t) override {}
  void OnProgress(uint64_t, uint64_t, const std::string&) override {}
  void OnFileDone(const OffloadFile&) override {}
  void OnSummary(const OffloadSummary&) override {}
};

}  // namespace

std::unique_ptr<OffloadObserver> MakeOffloadObserver(const std::string& mode) {
  if (mode == "ndjson") return std::make_unique<NdjsonObserver>();
  if (mode == "bar") return std::make_unique<HumanObserver>(true);
  if (mode == "plain") return std::make_unique<HumanObserver>(false);
  return std::make_unique<NullObserver>();
}

ByteProgress MakeByteProgress(const std::string& mode, ProgressBar& bar) {
  if (mode == "bar" || mode == "plain") {
    return [&bar, items = uint64_t(0), last = std::string()](uint64_t done, uint64_t total,
                                                             const std::string& current) mutable {
      if (current != last) {
        last = current;
        ++items;
      }
      bar.Update(done, total, items, 0, current);
    };
  }
  if (mode == "ndjson") {
    return [](uint64_t done, uint64_t total, const std::string& current) {
      EmitEvent(Json{{"event", "progress"}, {"bytes_done", done}, {"bytes_total", total}, {"current", current}});
    };
  }
  return nullptr;
}

}  // namespace custodia::cli
