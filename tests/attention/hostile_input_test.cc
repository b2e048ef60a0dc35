// Importers treat input as hostile (SPEC §10): random mutations of good
// files never crash, and every result is either a file-level error or rows
// whose errors all carry a position.
#include <gtest/gtest.h>

#include <random>

#include "custodia/attention.h"
#include "test_helpers.h"

namespace custodia::testing {
namespace {

std::string Mutate(std::string s, std::mt19937& rng) {
  static const char kBytes[] = {',', ';', '"', '\n', '\r', '|', '{', '}', '[', ']', ':', '\\', '\0', '\xC3', '\xFF',
                                ' ', '0', '-', '.', 'T', 'Z', '/'};
  int edits = 1 + rng() % 8;
  for (int i = 0; i < edits && !s.empty(); ++i) {
    size_t pos = rng() % s.size();
    switch (rng() % 4) {
      case 0: s[pos] = kBytes[rng() % sizeof kBytes]; break;
      case 1: s.insert(pos, 1, kBytes[rng() % sizeof kBytes]); break;
      case 2: s.erase(pos, 1 + rng() % 20); break;
      default: s.insert(pos, s.substr(rng() % s.size(), rng() % 40)); break;
    }
  }
  return s;
}

void CheckResult(const Result<AttentionImport>& r) {
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), Code::kInvalid);
    EXPECT_FALSE(r.status().message().empty());
    return;
  }
  EXPECT_EQ(r->records.size(), r->record_lines.size());
  for (const RowError& e : r->errors) {
    EXPECT_GT(e.line, 0u);
    EXPECT_FALSE(e.message.empty());
  }
  for (const Attention& a : r->records) {
    EXPECT_TRUE(Attention::FromJson(a.ToJson(), a.id).ok()) << a.ToCanonicalJson();
  }
}

TEST(HostileInput, MutatedCsvAndJsonlNeverCrash) {
  const std::string csv = kHeader + kGoodRow +
                          "A-2,Tejada,10,Seguridad ciudadana,riña,2026-01-15T22:15:00-05:00,2026-01-15 22:45,"
                          "SZ-1|SZ-2,PNP,\"Calle \"\"Tejada\"\", 120\",-12.1264,-77.0309,\"dos\nlíneas\"\n";
  const std::string jsonl =
      R"({"id":"J-1","module":"Tejada","zone":10,"category":"fiscalizacion","opened_at":"2026-01-15 10:00",)"
      R"("closed_at":"2026-01-15 10:30","officers":["SZ-1"],"location":{"lat":-12.1,"lon":"-77.03"}})"
      "\n";
  std::mt19937 rng(4242);
  ImportOptions cp1252 = LimaOptions();
  cp1252.encoding = TextEncoding::kWindows1252;
  for (int i = 0; i < 3000; ++i) {
    std::string m = Mutate(i % 2 ? csv : jsonl + jsonl, rng);
    CheckResult(ParseAttentions(m, "m.csv", LimaOptions(ImportFormat::kCsv)));
    CheckResult(ParseAttentions(m, "m.jsonl", LimaOptions(ImportFormat::kJsonl)));
    CheckResult(ParseAttentions(m, "m", i % 3 ? LimaOptions() : cp1252));
    auto roster = ParseRosterRows(m, "r.csv", Lima());
    if (roster.ok()) {
      for (const RowError& e : roster->errors) EXPECT_GT(e.line, 0u);
    }
  }
}

}  // namespace
}  // namespace custodia::testing
