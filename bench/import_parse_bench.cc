// Attention import parsing benchmark (SPEC §10: import of 1 million rows
// < 20 s end to end; this is the parse + validation part, budget < 4 s).
//
//   import_parse_bench [--rows N] [--format csv|jsonl] [--file PATH] [--valijson-sample K]
//
// Without --file, generates N rows (default 1,000,000) with
// bench/gen_dataset.py into a temporary directory. Then, on the file in
// memory:
//   - baseline: one memchr pass counting lines (what no parser can beat);
//   - ParseAttentionsStreaming (records handed to a sink, as the importer uses it);
//   - ParseAttentions (every record kept in memory);
//   - ContentHash of every record (what the index computes per row);
//   - valijson on the first K records' canonical JSON (default 20,000),
//     extrapolated to N: the cost the compiled rules avoid.
// Prints rows/s, the ratios, and peak RSS after each phase. Exit status 1 if
// parse + validation of the file misses 4 s per million rows.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "attention/schema_validator.h"
#include "custodia/attention.h"
#include "testutil.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace custodia;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The whole file in one allocation (peak RSS then counts it once).
std::string ReadWhole(const std::string& path) {
  std::string data;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return data;
  std::fseek(f, 0, SEEK_END);
  data.resize(static_cast<size_t>(std::ftell(f)));
  std::fseek(f, 0, SEEK_SET);
  data.resize(std::fread(data.data(), 1, data.size(), f));
  std::fclose(f);
  return data;
}

// Process CPU seconds: on a shared machine, wall time also counts the others.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

double cpu_mark = 0;

void Report(const char* what, double seconds, uint64_t rows) {
  double cpu = CpuSeconds() - cpu_mark;
  std::printf("%-34s %8.3f s wall %8.3f s cpu  %10.0f rows/s  peak RSS %7.1f MB\n", what, seconds, cpu,
              rows / seconds, PeakRssMb());
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t rows = 1'000'000;
  std::string format = "csv", file;
  size_t sample = 20'000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rows") rows = std::stoull(next());
    else if (a == "--format") format = next();
    else if (a == "--file") file = next();
    else if (a == "--valijson-sample") sample = std::stoull(next());
    else {
      std::fprintf(stderr, "usage: %s [--rows N] [--format csv|jsonl] [--file PATH] [--valijson-sample K]\n", argv[0]);
      return 2;
    }
  }
  custodia::testing::TempDir dir;
  if (file.empty()) {
    file = dir / ("attentions." + format);
    auto start = Clock::now();
    custodia::testing::RunOptions run;
    run.timeout_s = 600;
    auto r = custodia::testing::RunProcess({"python3", std::string(CUSTODIA_SOURCE_DIR) + "/bench/gen_dataset.py",
                                            "--rows", std::to_string(rows), "--seed", "1", "--format", format,
                                            "--out", file},
                                           run);
    if (r.exit_code != 0) {
      std::fprintf(stderr, "gen_dataset.py failed: %s\n", r.Describe().c_str());
      return 1;
    }
    std::printf("generated %llu %s rows with gen_dataset.py in %.1f s\n", static_cast<unsigned long long>(rows),
                format.c_str(), SecondsSince(start));
  }
  std::string data = ReadWhole(file);
  std::printf("file %s: %.1f MB\n", file.c_str(), data.size() / 1e6);
  auto tz = TimeZone::Load("America/Lima");
  if (!tz.ok()) {
    std::fprintf(stderr, "%s\n", tz.status().message().c_str());
    return 1;
  }
  ImportOptions options;
  options.tz = *tz;

  cpu_mark = CpuSeconds();
  auto start = Clock::now();
  uint64_t lines = 0;
  for (const char* p = data.data(); (p = static_cast<const char*>(std::memchr(p, '\n', data.data() + data.size() - p)));
       ++p) {
    ++lines;
  }
  double scan_s = SecondsSince(start);
  Report("baseline: memchr line count", scan_s, lines);

  cpu_mark = CpuSeconds();
  start = Clock::now();
  uint64_t streamed = 0;
  auto streaming = ParseAttentionsStreaming(data, file, options, [&](Attention&&, uint64_t) { ++streamed; });
  double stream_s = SecondsSince(start);
  double stream_cpu = CpuSeconds() - cpu_mark;
  if (!streaming.ok()) {
    std::fprintf(stderr, "%s\n", streaming.status().message().c_str());
    return 1;
  }
  Report("parse + validate (streaming)", stream_s, streaming->rows);

  cpu_mark = CpuSeconds();
  start = Clock::now();
  auto parsed = ParseAttentions(data, file, options);
  double parse_s = SecondsSince(start);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.status().message().c_str());
    return 1;
  }
  Report("parse + validate (records kept)", parse_s, parsed->rows);
  std::printf("rows %llu, good %zu, errors %zu\n", static_cast<unsigned long long>(parsed->rows),
              parsed->records.size(), parsed->errors.size());
  if (!parsed->errors.empty()) std::printf("first error: %s\n", parsed->errors[0].ToString().c_str());

  cpu_mark = CpuSeconds();
  start = Clock::now();
  size_t hash_bytes = 0;
  for (const Attention& a : parsed->records) hash_bytes += a.ContentHash().size();
  Report("ContentHash of every record", SecondsSince(start), parsed->records.size());

  auto schema = attention_internal::SchemaValidator::Embedded("attention.schema.json");
  if (!schema.ok()) {
    std::fprintf(stderr, "%s\n", schema.status().message().c_str());
    return 1;
  }
  size_t k = std::min(sample, parsed->records.size());
  cpu_mark = CpuSeconds();
  start = Clock::now();
  size_t invalid = 0;
  for (size_t i = 0; i < k; ++i) invalid += !(*schema)->Validate(parsed->records[i].ToJson(), "bench").ok();
  double valijson_s = SecondsSince(start);
  double valijson_cpu = CpuSeconds() - cpu_mark;
  double valijson_per_row = k ? valijson_cpu / k : 0;
  std::printf("valijson on %zu records: %.3f s wall %.3f s cpu (%.1f us/record, %zu invalid) -> %.1f s cpu for %llu rows\n",
              k, valijson_s, valijson_cpu, valijson_per_row * 1e6, invalid, valijson_per_row * parsed->rows,
              static_cast<unsigned long long>(parsed->rows));

  // Judged on CPU time: the machine may be shared (wall time is printed above).
  double per_million = stream_cpu / (streaming->rows / 1e6);
  std::printf("ratio parse/baseline scan: %.1fx wall; valijson alone / our whole parse: %.1fx cpu\n",
              stream_s / scan_s, valijson_per_row * parsed->rows / stream_cpu);
  std::printf("parse + validation: %.2f s CPU per million rows (target < 4 s): %s\n", per_million,
              per_million < 4.0 ? "ok" : "MISSED");
  (void)hash_bytes;
  return per_million < 4.0 ? 0 : 1;
}
