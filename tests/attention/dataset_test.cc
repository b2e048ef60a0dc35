// bench/gen_dataset.py output parses with no error, and the records count
// exactly as the generator's --truth says; its roster agrees with the records.
#include <gtest/gtest.h>

#include <map>

#include "attention/schema_validator.h"
#include "custodia/attention.h"
#include "test_helpers.h"
#include "testutil.h"

namespace custodia::testing {
namespace {

const std::string kGenerator = std::string(CUSTODIA_SOURCE_DIR) + "/bench/gen_dataset.py";

void Generate(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"python3", kGenerator};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = RunProcess(argv);
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
}

using Counts = std::map<std::string, int64_t>;

Counts FromTruth(const Json& truth, const std::string& key) {
  Counts c;
  for (const auto& [k, v] : truth.at(key).items()) c[k] = v.get<int64_t>();
  return c;
}

void ExpectCountsMatchTruth(const std::vector<Attention>& records, const Json& truth, const TimeZone& tz) {
  Counts category, module, zone, month, officer;
  for (const Attention& a : records) {
    category[a.category]++;
    module[a.module]++;
    zone[std::to_string(a.zone)]++;
    month[tz.MonthKey(a.opened_at)]++;
    for (const std::string& o : a.officers) officer[o]++;
  }
  EXPECT_EQ(static_cast<int64_t>(records.size()), truth.at("rows").get<int64_t>());
  EXPECT_EQ(category, FromTruth(truth, "by_category"));
  EXPECT_EQ(module, FromTruth(truth, "by_module"));
  EXPECT_EQ(zone, FromTruth(truth, "by_zone"));
  EXPECT_EQ(month, FromTruth(truth, "by_month"));
  EXPECT_EQ(officer, FromTruth(truth, "by_officer"));
}

TEST(GeneratedDataset, CsvParsesCleanlyAndCountsMatchTheTruth) {
  TempDir dir;
  Generate({"--rows", "4000", "--seed", "11", "--format", "csv", "--delimiter", ";", "--crlf", "--out", dir / "att.csv",
            "--truth", dir / "truth.json", "--roster", dir / "roster.csv"});
  TimeZone tz = Lima();
  ImportOptions options = LimaOptions();
  auto imp = ParseAttentions(ReadFile(dir / "att.csv"), "att.csv", options);
  ASSERT_TRUE(imp.ok()) << imp.status().message();
  EXPECT_EQ(imp->delimiter, ';');
  EXPECT_EQ(imp->rows, 4000u);
  ASSERT_TRUE(imp->errors.empty()) << imp->errors.size() << " errors, first: " << imp->errors[0].ToString();
  auto truth = ParseJson(ReadFile(dir / "truth.json"), "truth.json");
  ASSERT_TRUE(truth.ok());
  ExpectCountsMatchTruth(imp->records, *truth, tz);
  // The seed's shape: all seven categories and the five modules of zones 4, 7, 10, 11, 13.
  EXPECT_EQ(truth->at("by_category").size(), 7u);
  EXPECT_EQ(FromTruth(*truth, "by_zone").size(), 5u);
  EXPECT_GT(truth->at("by_category").at("fiscalizacion").get<int>(), 1900);

  // Every record is valid for valijson too (the compiled rules let nothing through that the schema refuses).
  auto schema = attention_internal::SchemaValidator::Embedded("attention.schema.json");
  ASSERT_TRUE(schema.ok());
  for (const Attention& a : imp->records) {
    Status s = (*schema)->Validate(a.ToJson(), a.id);
    ASSERT_TRUE(s.ok()) << s.message();
  }

  // The roster gives each officer's camera to that officer during the attention.
  auto roster = ParseRoster(ReadFile(dir / "roster.csv"), "roster.csv", tz);
  ASSERT_TRUE(roster.ok()) << roster.status().message();
  EXPECT_EQ(roster->officers.size(), 60u);
  for (const Attention& a : imp->records) {
    for (const std::string& officer : a.officers) {
      ASSERT_TRUE(roster->KnowsOfficer(officer));
      std::string device = "BWC-" + officer.substr(3);
      EXPECT_EQ(roster->OfficerAt(device, a.opened_at), officer) << a.id;
      EXPECT_EQ(roster->OfficerAt(device, a.closed_at - 1), officer) << a.id;
    }
  }
}

TEST(GeneratedDataset, JsonlParsesCleanlyWithCoordinatesAsWritten) {
  TempDir dir;
  Generate({"--rows", "2000", "--seed", "5", "--format", "jsonl", "--times", "rfc3339", "--out", dir / "att.jsonl",
            "--truth", dir / "truth.json"});
  auto imp = ParseAttentions(ReadFile(dir / "att.jsonl"), "att.jsonl", LimaOptions());
  ASSERT_TRUE(imp.ok()) << imp.status().message();
  EXPECT_EQ(imp->format, ImportFormat::kJsonl);
  ASSERT_TRUE(imp->errors.empty()) << imp->errors[0].ToString();
  auto truth = ParseJson(ReadFile(dir / "truth.json"), "truth.json");
  ASSERT_TRUE(truth.ok());
  ExpectCountsMatchTruth(imp->records, *truth, Lima());
  // Half the lines write lat/lon as JSON numbers: the six decimals survive.
  for (const Attention& a : imp->records) {
    ASSERT_EQ(a.lat.size(), 10u) << a.id << " " << a.lat;  // -12.xxxxxx
    ASSERT_EQ(a.lon.size(), 10u) << a.id << " " << a.lon;  // -77.xxxxxx
  }
}

TEST(GeneratedDataset, SameSeedSameBytes) {
  TempDir dir;
  Generate({"--rows", "500", "--seed", "3", "--out", dir / "a.csv", "--truth", dir / "a.json"});
  Generate({"--rows", "500", "--seed", "3", "--out", dir / "b.csv", "--truth", dir / "b.json"});
  Generate({"--rows", "500", "--seed", "4", "--out", dir / "c.csv"});
  EXPECT_EQ(ReadFile(dir / "a.csv"), ReadFile(dir / "b.csv"));
  EXPECT_EQ(ReadFile(dir / "a.json"), ReadFile(dir / "b.json"));
  EXPECT_NE(ReadFile(dir / "a.csv"), ReadFile(dir / "c.csv"));
}

}  // namespace
}  // namespace custodia::testing
