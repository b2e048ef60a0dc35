// JSON Lines attention imports: the schema's shape, numbers kept as written.
#include <gtest/gtest.h>

#include "custodia/attention.h"
#include "test_helpers.h"

namespace custodia::testing {
namespace {

const std::string kGoodLine =
    R"({"id":"J-1","module":"Tejada","zone":10,"category":"Seguridad ciudadana","subcategory":"riña",)"
    R"("opened_at":"2026-01-15T22:15:00-05:00","closed_at":"2026-01-15 22:45","officers":["SZ-10N01","SZ-10N02"],)"
    R"("agencies":["PNP"],"location":{"address":"Calle Tejada 120","lat":-12.126400,"lon":"-77.0309"},)"
    R"("summary":"Riña entre dos personas."})";

AttentionImport MustParse(const std::string& text, const std::string& file = "att.jsonl") {
  auto r = ParseAttentions(text, file, LimaOptions());
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : AttentionImport();
}

TEST(JsonlImport, GoodLineGivesTheExactRecord) {
  AttentionImport imp = MustParse(kGoodLine + "\n");
  EXPECT_EQ(imp.format, ImportFormat::kJsonl);
  ASSERT_EQ(imp.records.size(), 1u) << ::testing::PrintToString(ErrorStrings(imp));
  const Attention& a = imp.records[0];
  EXPECT_EQ(a.id, "J-1");
  EXPECT_EQ(a.zone, 10);
  EXPECT_EQ(a.category, "seguridad_ciudadana");
  EXPECT_EQ(a.subcategory, "riña");
  EXPECT_EQ(FormatUtc(a.opened_at), "2026-01-16T03:15:00.000Z");
  EXPECT_EQ(FormatUtc(a.closed_at), "2026-01-16T03:45:00.000Z");
  EXPECT_EQ(a.officers, (std::vector<std::string>{"SZ-10N01", "SZ-10N02"}));
  EXPECT_EQ(a.agencies, std::vector<std::string>{"PNP"});
  EXPECT_EQ(a.address, "Calle Tejada 120");
  EXPECT_EQ(a.lat, "-12.126400");  // a JSON number: its digits, trailing zeros included
  EXPECT_EQ(a.lon, "-77.0309");    // a JSON string
  EXPECT_EQ(a.summary, "Riña entre dos personas.");
}

TEST(JsonlImport, CoordinatesKeepTheirDigitsExactly) {
  // Values a double cannot hold exactly, or would print differently.
  const std::pair<std::string, std::string> cases[] = {
      {"-12.1", "-12.1"}, {"-12.100000", "-12.100000"}, {"-12.123457", "-12.123457"},
      {"0.000001", "0.000001"}, {"-0", "0"}, {"12", "12"}, {"\"-12.121900\"", "-12.121900"}, {"\"90\"", "90"}};
  std::string text;
  int n = 0;
  for (const auto& [written, kept] : cases) {
    text += R"({"id":"K-)" + std::to_string(++n) +
            R"(","module":"Tejada","zone":10,"category":"fiscalizacion","opened_at":"2026-01-15 10:00",)"
            R"("closed_at":"2026-01-15 10:30","officers":["SZ-1"],"location":{"lat":)" + written +
            R"(,"lon":-77.030900}})" + "\n";
  }
  AttentionImport imp = MustParse(text);
  ASSERT_EQ(imp.records.size(), std::size(cases)) << ::testing::PrintToString(ErrorStrings(imp));
  for (size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(imp.records[i].lat, cases[i].second) << cases[i].first;
    EXPECT_EQ(imp.records[i].lon, "-77.030900");
  }
}

TEST(JsonlImport, OptionalFieldsMayBeAbsentOrNull) {
  AttentionImport imp = MustParse(
      R"({"id":"J-2","module":"Tejada","zone":10,"category":"fiscalizacion","opened_at":"2026-01-15 10:00",)"
      R"("closed_at":"2026-01-15 10:30","officers":["SZ-1"],"agencies":null,"location":{"address":null},"summary":null})"
      "\n");
  ASSERT_EQ(imp.records.size(), 1u) << ::testing::PrintToString(ErrorStrings(imp));
  EXPECT_EQ(imp.records[0].ToCanonicalJson(),
            R"({"agencies":[],"category":"fiscalizacion","closed_at":"2026-01-15T15:30:00.000Z","id":"J-2",)"
            R"("location":{"address":"","lat":"","lon":""},"module":"Tejada","officers":["SZ-1"],)"
            R"("opened_at":"2026-01-15T15:00:00.000Z","subcategory":"","summary":"","zone":10})");
}

TEST(JsonlImport, BlankLinesAreIgnoredAndLineNumbersArePhysical) {
  AttentionImport imp = MustParse("\n" + kGoodLine + "\r\n   \n" + R"([1,2])" + "\n\"texto\"\n{\"id\":\n");
  EXPECT_EQ(imp.rows, 4u);
  EXPECT_EQ(imp.record_lines, std::vector<uint64_t>{2});
  EXPECT_EQ(ErrorStrings(imp),
            (std::vector<std::string>{
                "att.jsonl:4:0: the line is an array, not a JSON object; write one attention per line: "
                "{\"id\":…,\"module\":…,…}",
                "att.jsonl:5:0: the line is a string, not a JSON object; write one attention per line: "
                "{\"id\":…,\"module\":…,…}",
                "att.jsonl:6:0: malformed JSON at byte 7: syntax error while parsing value - unexpected end of input; "
                "expected '[', '{', or a literal"}));
}

TEST(JsonlImport, TypeErrorsMissingAndUnknownFields) {
  std::string text =
      R"({"id":"J-1","module":"Tejada","zone":"10","category":5,"opened_at":"2026-01-15 10:00","officers":"SZ-1",)"
      R"("location":[1],"color":"rojo"})"
      "\n"
      R"({"id":"J-2","module":"Tejada","zone":10.5,"category":"fiscalizacion","opened_at":"2026-01-15 10:00",)"
      R"("closed_at":"2026-01-15 10:30","officers":["SZ-1",7],"location":{"lat":true,"lon":1,"x":2},"id":"J-3"})"
      "\n";
  AttentionImport imp = MustParse(text);
  EXPECT_TRUE(imp.records.empty());
  EXPECT_EQ(ErrorStrings(imp),
            (std::vector<std::string>{
                "att.jsonl:1:0 (closed_at): closed_at is missing; every attention needs one",
                "att.jsonl:1:3 (zone): zone must be a whole JSON number (\"zone\": 4), not \"10\"",
                "att.jsonl:1:4 (category): category must be a string, not a number",
                "att.jsonl:1:6 (officers): officers must be an array of strings (e.g. [\"SZ-0042\"])",
                "att.jsonl:1:7 (location): location must be an object {\"address\":…,\"lat\":…,\"lon\":…}, not an "
                "array",
                "att.jsonl:1:8 (color): unknown field \"color\"; the fields are id, module, zone, category, "
                "subcategory, opened_at, closed_at, officers, agencies, location {address, lat, lon}, summary",
                "att.jsonl:2:3 (zone): zone must be a whole JSON number (\"zone\": 4), not \"10.5\"",
                "att.jsonl:2:7 (officers): officers must be an array of strings (e.g. [\"SZ-0042\"])",
                "att.jsonl:2:8 (location.lat): location.lat must be a number or a string, not true/false",
                "att.jsonl:2:8 (location.x): unknown field \"location.x\"; the fields are id, module, zone, category, "
                "subcategory, opened_at, closed_at, officers, agencies, location {address, lat, lon}, summary",
                "att.jsonl:2:9 (id): \"id\" appears more than once in the object"}));
}

TEST(JsonlImport, SameRowErrorsAsCsvForTheSameMistakes) {
  std::string text =
      R"({"id":"J-1","module":"Tejada","zone":10,"category":"robo","opened_at":"31/01/2026 22:15",)"
      R"("closed_at":"2026-01-31 22:30","officers":["SZ-1"],"location":{"lat":-12.1234567,"lon":-77}})"
      "\n";
  AttentionImport imp = MustParse(text);
  EXPECT_EQ(ErrorStrings(imp),
            (std::vector<std::string>{
                "att.jsonl:1:4 (category): unknown category \"robo\"; use one of: fiscalizacion (Fiscalización), "
                "seguridad_ciudadana (Seguridad ciudadana), obras_servicios_publicos (Obras y servicios públicos), "
                "seguridad_vial (Seguridad vial), apoyo_turista (Apoyo al turista), defensa_civil (Defensa civil), "
                "desarrollo_humano (Desarrollo humano)",
                "att.jsonl:1:5 (opened_at): \"31/01/2026 22:15\" is written day-first (DD/MM/YYYY), which is ambiguous "
                "and not accepted; write YYYY-MM-DD HH:MM[:SS] (local time, America/Lima) or RFC 3339 with an offset "
                "(2026-01-31T22:15:00-05:00)",
                "att.jsonl:1:8 (location.lat): \"-12.1234567\" is not a latitude: write decimal degrees between -90 and "
                "90 with at most 6 decimals (e.g. -12.121900)"}));
}

TEST(JsonlImport, DuplicateIdAcrossLines) {
  AttentionImport imp = MustParse(kGoodLine + "\n\n" + kGoodLine + "\n");
  EXPECT_EQ(imp.records.size(), 1u);
  EXPECT_EQ(ErrorStrings(imp), std::vector<std::string>{"att.jsonl:3:1 (id): duplicate id \"J-1\": line 1 already "
                                                        "has it; ids must be unique within a file"});
}

TEST(JsonlImport, FileLevelProblems) {
  auto arr = ParseAttentions("[" + kGoodLine + "]\n", "att.json", LimaOptions());
  ASSERT_FALSE(arr.ok());
  EXPECT_EQ(arr.status().message(), "att.json:1:1: the file is a JSON array; custodia reads JSON Lines");
  auto blank = ParseAttentions("\n\n", "att.jsonl", LimaOptions());
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.status().message(), "att.jsonl: the file is empty (only white space)");
  auto latin1 = ParseAttentions(R"({"id":"J-1","module":"Tejada Ca)" "\xF1" "ete\"}\n", "att.jsonl", LimaOptions());
  ASSERT_FALSE(latin1.ok());
  EXPECT_EQ(latin1.status().message(),
            "att.jsonl:1:32: invalid UTF-8 (byte 0xF1, which Windows-1252 reads as \"ñ\"): the file looks like "
            "Windows-1252/Latin-1, not UTF-8; re-run with --encoding windows-1252");
}

TEST(JsonlImport, FormatDetection) {
  // No telling extension: the first character decides.
  auto r = ParseAttentions(kGoodLine + "\n", "export.txt", LimaOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->format, ImportFormat::kJsonl);
  EXPECT_EQ(r->records.size(), 1u);
  auto csv = ParseAttentions(kHeader + kGoodRow, "export.txt", LimaOptions());
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->format, ImportFormat::kCsv);
  auto as_csv = ParseAttentions(kGoodLine + "\n", "att.csv", LimaOptions());
  ASSERT_FALSE(as_csv.ok());
  EXPECT_EQ(as_csv.status().message(), "att.csv:1:1: the file looks like JSON Lines, not CSV");
  EXPECT_EQ(as_csv.status().hint(), "use --format jsonl (or name the file .jsonl)");
  // An explicit format wins over the extension.
  auto forced = ParseAttentions(kGoodLine + "\n", "att.csv", LimaOptions(ImportFormat::kJsonl));
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->records.size(), 1u);
}

TEST(JsonlImport, HostileLinesDoNotCrash) {
  std::string deep(60000, '[');
  std::string text = deep + "\n" + std::string(70000, ' ') + "{}\n" + "{\"id\":\"\\ud800\"}\n" + kGoodLine + "\n";
  AttentionImport imp = MustParse(text);
  EXPECT_EQ(imp.rows, 4u);
  EXPECT_EQ(imp.records.size(), 1u);
  ASSERT_EQ(imp.errors.size(), 3u);
  EXPECT_EQ(imp.errors[0].message, "the JSON is nested more than 16 levels deep");
  EXPECT_EQ(imp.errors[1].message, "the line is 70002 bytes long; the limit is 65536");
  EXPECT_EQ(imp.errors[2].line, 3u);
}

}  // namespace
}  // namespace custodia::testing
