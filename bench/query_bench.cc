// Query speed over a million clips and a million attentions (SPEC §10):
// custodia's index, in-process, against SQLite's C API on the same data with
// indexes, in the same run. Printed, never asserted.
//
//   query_bench --dir DIR [--clips N] [--attentions N] [--runs R]
//
// The first run generates the data (deterministic) straight into a vault's
// index with IndexBatch (the same writes the apply code makes, without the
// custody log: documented as a generator, not an offload) and into
// DIR/bench.sqlite. Later runs reuse both. bench/query.sh also times the CLI
// end to end against the sqlite3 CLI.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "custodia/attention.h"
#include "custodia/index.h"
#include "custodia/query.h"
#include "custodia/report.h"
#include "custodia/station.h"

namespace custodia {
namespace {

constexpr TimeMs kEpoch = 1761955200000;  // 2025-11-01T00:00:00Z
constexpr TimeMs kSpan = 120LL * 86400000;  // four months
const char* kModules[] = {"Jorge Chávez", "Francisco de Zela", "Leoncio Prado", "Tejada", "Clorinda Matto de Turner"};
const int kZones[] = {4, 13, 7, 10, 11};
// Category shares of the seed (per mille): 527 fiscalización, 326 seguridad
// ciudadana, 123 obras, the rest split.
const std::pair<const char*, int> kCategories[] = {{"fiscalizacion", 527},         {"seguridad_ciudadana", 326},
                                                    {"obras_servicios_publicos", 123}, {"seguridad_vial", 10},
                                                    {"apoyo_turista", 6},             {"defensa_civil", 5},
                                                    {"desarrollo_humano", 3}};

std::string Officer(int i) {
  char b[16];
  std::snprintf(b, sizeof b, "SZ-%04d", i);
  return b;
}

std::string Sha(std::mt19937_64& rng) {
  static const char* hex = "0123456789abcdef";
  std::string s(64, '0');
  for (auto& c : s) c = hex[rng() & 15];
  return s;
}

const char* Category(std::mt19937_64& rng) {
  int r = int(rng() % 1000), acc = 0;
  for (const auto& [id, share] : kCategories) {
    acc += share;
    if (r < acc) return id;
  }
  return "fiscalizacion";
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, r.status().message().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

double Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

template <typename Fn>
double Median(int runs, Fn fn) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    t.push_back(Ms(std::chrono::steady_clock::now() - t0));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s: %s\n", sql, err);
    std::exit(1);
  }
}

int Generate(const std::string& dir, int n_clips, int n_att) {
  std::filesystem::create_directories(dir);
  std::string vault = dir + "/vault";
  StationOptions so;
  so.actor = "bench";
  auto st = Station::Init(vault, InitOptions{"bench", "America/Lima"}, so);
  if (!st.ok()) {
    std::fprintf(stderr, "init: %s\n", st.status().message().c_str());
    return 1;
  }
  TimeZone tz = (*st)->tz();
  st->reset();
  auto index = Index::Open(vault + "/index", Index::Mode::kReadWrite);
  if (!index.ok()) {
    std::fprintf(stderr, "index: %s\n", index.status().message().c_str());
    return 1;
  }
  sqlite3* db = nullptr;
  sqlite3_open((dir + "/bench.sqlite").c_str(), &db);
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
  Exec(db,
       "CREATE TABLE clips(sha TEXT PRIMARY KEY, size INT, device TEXT, officer TEXT, start INT, end INT, "
       "status TEXT, container TEXT, duration_ms INT, original_name TEXT, original_path TEXT, offload_id TEXT, "
       "ingested_at INT);"
       "CREATE TABLE attentions(id TEXT PRIMARY KEY, module TEXT, zone INT, category TEXT, subcategory TEXT, "
       "opened INT, closed INT, officers TEXT, agencies TEXT, address TEXT, lat TEXT, lon TEXT, summary TEXT);"
       "BEGIN;");
  sqlite3_stmt* ins_clip = nullptr;
  sqlite3_stmt* ins_att = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO clips VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &ins_clip, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO attentions VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &ins_att, nullptr);
  std::mt19937_64 rng(42);
  auto t0 = std::chrono::steady_clock::now();
  {
    IndexBatch batch(index->get(), tz);
    for (int i = 0; i < n_clips; ++i) {
      ClipRecord c;
      c.sha256 = Sha(rng);
      c.size = 100'000'000 + rng() % 400'000'000;
      int officer = int(rng() % 500);
      c.device = "CAM-" + std::to_string(1000 + officer);
      c.officer = Officer(officer);
      c.officer_source = "roster";
      c.start = kEpoch + TimeMs(rng() % uint64_t(kSpan));
      c.duration_ms = 60'000 + TimeMs(rng() % 1'740'000);
      c.end = c.start + c.duration_ms;
      c.recorded_source = "creation_time";
      c.status = rng() % 100 == 0 ? "truncated" : "ok";
      c.container = "mov,mp4,m4a,3gp,3g2,mj2";
      c.original_name = "CLIP" + std::to_string(i) + ".MP4";
      c.original_path = "/media/cam/DCIM/" + c.original_name;
      c.offload_id = "20260101T000000Z-00000000";
      c.ingested_at = c.end + 3'600'000;
      c.seq = uint64_t(i + 1);
      if (!batch.PutClip(c).ok()) return 1;
      sqlite3_reset(ins_clip);
      sqlite3_bind_text(ins_clip, 1, c.sha256.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins_clip, 2, int64_t(c.size));
      sqlite3_bind_text(ins_clip, 3, c.device.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_clip, 4, c.officer.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins_clip, 5, c.start);
      sqlite3_bind_int64(ins_clip, 6, c.end);
      sqlite3_bind_text(ins_clip, 7, c.status.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_clip, 8, c.container.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins_clip, 9, c.duration_ms);
      sqlite3_bind_text(ins_clip, 10, c.original_name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_clip, 11, c.original_path.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_clip, 12, c.offload_id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins_clip, 13, c.ingested_at);
      sqlite3_step(ins_clip);
      if (batch.ApproximateSize() > (64 << 20) && !(*index)->Write(batch, false).ok()) return 1;
    }
    for (int i = 0; i < n_att; ++i) {
      AttentionState s;
      Attention& a = s.record;
      char id[24];
      std::snprintf(id, sizeof id, "A-%07d", i);
      a.id = id;
      int m = int(rng() % 5);
      a.module = kModules[m];
      a.zone = kZones[m];
      a.category = Category(rng);
      a.subcategory = "general";
      a.opened_at = kEpoch + TimeMs(rng() % uint64_t(kSpan));
      a.closed_at = a.opened_at + 300'000 + TimeMs(rng() % 5'100'000);
      int first = int(rng() % 500);
      a.officers = {Officer(first)};
      if (rng() % 3 == 0) a.officers.push_back(Officer((first + 1 + int(rng() % 499)) % 500));
      a.agencies = {"PNP"};
      a.address = "Av. José Larco " + std::to_string(100 + rng() % 1200) + ", Miraflores";
      a.lat = "-12.12" + std::to_string(1000 + rng() % 8999);
      a.lon = "-77.02" + std::to_string(1000 + rng() % 8999);
      a.summary = "Atención registrada por el módulo";
      s.content_hash = a.ContentHash();
      s.version = 1;
      s.seq = 1;
      s.import_sha = std::string(64, '0');
      s.updated = a.closed_at;
      if (!batch.PutAttention(s).ok()) return 1;
      std::string officers;
      for (const auto& o : a.officers) officers += (officers.empty() ? "" : "|") + o;
      sqlite3_reset(ins_att);
      sqlite3_bind_text(ins_att, 1, a.id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_att, 2, a.module.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins_att, 3, a.zone);
      sqlite3_bind_text(ins_att, 4, a.category.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_att, 5, a.subcategory.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(ins_att, 6, a.opened_at);
      sqlite3_bind_int64(ins_att, 7, a.closed_at);
      sqlite3_bind_text(ins_att, 8, officers.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_att, 9, "PNP", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_att, 10, a.address.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_att, 11, a.lat.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_att, 12, a.lon.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins_att, 13, a.summary.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_step(ins_att);
      if (batch.ApproximateSize() > (64 << 20) && !(*index)->Write(batch, false).ok()) return 1;
    }
    if (!(*index)->Write(batch, true).ok()) return 1;
  }
  Exec(db,
       "COMMIT;"
       "CREATE INDEX clips_officer ON clips(officer, start);"
       "CREATE INDEX clips_device ON clips(device, start);"
       "CREATE INDEX clips_start ON clips(start);"
       "CREATE INDEX att_module_category ON attentions(module, category, opened);"
       "CREATE INDEX att_category ON attentions(category, opened);"
       "CREATE INDEX att_opened ON attentions(opened);"
       "ANALYZE;");
  sqlite3_finalize(ins_clip);
  sqlite3_finalize(ins_att);
  sqlite3_close(db);
  std::printf("generated %d clips and %d attentions in %.1f s\n", n_clips, n_att,
              Ms(std::chrono::steady_clock::now() - t0) / 1000);
  return 0;
}

int Run(const std::string& dir, int runs) {
  std::string vault = dir + "/vault";
  auto tz = TimeZone::Load("America/Lima");
  sqlite3* db = nullptr;
  if (sqlite3_open_v2((dir + "/bench.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 1;
  // Open once (in-process, an open index, as SPEC §10 says).
  auto index = Index::Open(vault + "/index", Index::Mode::kReadOnly);
  if (!index.ok()) {
    std::fprintf(stderr, "index: %s\n", index.status().message().c_str());
    return 1;
  }
  Index& ix = **index;
  TimeMs from = kEpoch + 60LL * 86400000, to = from + 86400000;  // one day in the middle
  std::string officer = Officer(42);
  size_t ours = 0, theirs = 0;

  std::printf("\n%-52s %10s %10s %7s %8s\n", "query (median of runs)", "custodia", "sqlite3", "ratio", "rows");
  auto row = [](const char* name, double a, double b, size_t n, size_t m) {
    std::printf("%-52s %8.3fms %8.3fms %6.2fx %8zu%s\n", name, a, b, a / b, n, n == m ? "" : "  (ROW COUNTS DIFFER)");
  };

  // 1. clips --officer X --from --to (recording overlaps one day)
  ClipQuery cq;
  cq.officer = officer;
  cq.from = from;
  cq.to = to;
  double t_ours = Median(runs, [&] { ours = Must(FindClips(ix, cq), "FindClips").size(); });
  int64_t max_dur = ix.Meta()->max_clip_ms;
  sqlite3_stmt* q1 = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT * FROM clips WHERE officer=?1 AND start>=?2 AND start<?3 AND end>?4 ORDER BY start, sha",
                     -1, &q1, nullptr);
  double t_sql = Median(runs, [&] {
    theirs = 0;
    sqlite3_reset(q1);
    sqlite3_bind_text(q1, 1, officer.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int64(q1, 2, from - max_dur);
    sqlite3_bind_int64(q1, 3, to);
    sqlite3_bind_int64(q1, 4, from);
    while (sqlite3_step(q1) == SQLITE_ROW) {
      for (int c = 0; c < 13; ++c) (void)sqlite3_column_text(q1, c);
      ++theirs;
    }
  });
  row("clips --officer --from --to (one day)", t_ours, t_sql, ours, theirs);

  // 2. attentions --module M --category C (all time)
  AttentionQuery aq;
  aq.module = kModules[0];
  aq.category = "seguridad_vial";
  t_ours = Median(runs, [&] { ours = Must(FindAttentions(ix, aq), "FindAttentions").size(); });
  sqlite3_stmt* q2 = nullptr;
  sqlite3_prepare_v2(db, "SELECT * FROM attentions WHERE module=?1 AND category=?2 ORDER BY opened, id", -1, &q2,
                     nullptr);
  auto run_q2 = [&](const char* category) {
    theirs = 0;
    sqlite3_reset(q2);
    sqlite3_bind_text(q2, 1, kModules[0], -1, SQLITE_STATIC);
    sqlite3_bind_text(q2, 2, category, -1, SQLITE_STATIC);
    while (sqlite3_step(q2) == SQLITE_ROW) {
      for (int c = 0; c < 13; ++c) (void)sqlite3_column_text(q2, c);
      ++theirs;
    }
  };
  t_sql = Median(runs, [&] { run_q2("seguridad_vial"); });
  row("attentions --module --category (seguridad vial)", t_ours, t_sql, ours, theirs);
  aq.category = "seguridad_ciudadana";
  t_ours = Median(runs, [&] { ours = Must(FindAttentions(ix, aq), "FindAttentions").size(); });
  t_sql = Median(runs, [&] { run_q2("seguridad_ciudadana"); });
  row("attentions --module --category (seguridad ciud.)", t_ours, t_sql, ours, theirs);

  // 3. report --by category (all time, and one month)
  ReportQuery rq;
  rq.by = ReportBy::kCategory;
  t_ours = Median(runs, [&] { ours = Must(BuildReport(ix, *tz, rq), "BuildReport").rows.size(); });
  sqlite3_stmt* q3 = nullptr;
  sqlite3_prepare_v2(db, "SELECT category, COUNT(*) FROM attentions GROUP BY category", -1, &q3, nullptr);
  t_sql = Median(runs, [&] {
    theirs = 0;
    sqlite3_reset(q3);
    while (sqlite3_step(q3) == SQLITE_ROW) ++theirs;
  });
  row("report --by category (all time)", t_ours, t_sql, ours, theirs);
  rq.from = kEpoch + 30LL * 86400000 + 5 * 3600000;  // local midnight in Lima (UTC-5)
  rq.to = rq.from + 31LL * 86400000;
  t_ours = Median(runs, [&] { ours = Must(BuildReport(ix, *tz, rq), "BuildReport").rows.size(); });
  sqlite3_stmt* q4 = nullptr;
  sqlite3_prepare_v2(db, "SELECT category, COUNT(*) FROM attentions WHERE opened>=?1 AND opened<?2 GROUP BY category",
                     -1, &q4, nullptr);
  t_sql = Median(runs, [&] {
    theirs = 0;
    sqlite3_reset(q4);
    sqlite3_bind_int64(q4, 1, rq.from);
    sqlite3_bind_int64(q4, 2, rq.to);
    while (sqlite3_step(q4) == SQLITE_ROW) ++theirs;
  });
  row("report --by category --from --to (one month)", t_ours, t_sql, ours, theirs);

  for (auto* s : {q1, q2, q3, q4}) sqlite3_finalize(s);
  sqlite3_close(db);
  std::printf("ratio = custodia / sqlite3 (target <= 1.0)\n");
  return 0;
}

}  // namespace
}  // namespace custodia

int main(int argc, char** argv) {
  std::string dir = "/var/tmp/custodia-bench-query";
  int clips = 1'000'000, atts = 1'000'000, runs = 9;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--dir") dir = argv[i + 1];
    else if (a == "--clips") clips = std::atoi(argv[i + 1]);
    else if (a == "--attentions") atts = std::atoi(argv[i + 1]);
    else if (a == "--runs") runs = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: query_bench --dir DIR [--clips N] [--attentions N] [--runs R]\n");
      return 2;
    }
  }
  if (!std::filesystem::exists(dir + "/bench.sqlite")) {
    if (int rc = custodia::Generate(dir, clips, atts); rc != 0) return rc;
  }
  return custodia::Run(dir, runs);
}
