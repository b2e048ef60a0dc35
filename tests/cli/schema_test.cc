// Golden checks: every file format the CLI writes validates against its JSON
// Schema in schemas/ (valijson), so the schemas stay true.
#include <filesystem>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "cli_fixture.h"

namespace custodia::testing {
namespace {

std::string Validate(const std::string& schema_file, const Json& doc) {
  Json schema_json = Json::parse(ReadFile(std::string(CUSTODIA_SOURCE_DIR) + "/schemas/" + schema_file));
  valijson::Schema schema;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
  parser.populateSchema(schema_adapter, schema);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter doc_adapter(doc);
  if (validator.validate(schema, doc_adapter, &results)) return "";
  std::string out;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    std::string ctx;
    for (const auto& c : e.context) ctx += c;
    out += ctx + ": " + e.description + "\n";
  }
  return out;
}

TEST_F(CliTest, ManifestsReceiptsAndVaultJsonMatchTheirSchemas) {
  Init();
  AddClip("mp4", "A.MP4");
  AddClip("truncated", "B.MP4");
  AddClip("garbage", "C.mp4");
  WriteFile(cam_ + "/DCIM/A.srt", "1\n00:00:00,000 --> 00:00:01,000\nhola\n");
  WriteFile(cam_ + "/DCIM/other.bin", "x");
  ASSERT_EQ(C({"offload", cam_, "--device", "CAM 01/x"}).exit_code, 0);

  EXPECT_EQ(Validate("vault.schema.json", Json::parse(ReadFile(vault_ + "/VAULT.json"))), "");
  int manifests = 0, receipts = 0;
  std::string first_manifest;
  for (auto& e : std::filesystem::recursive_directory_iterator(vault_ + "/manifests")) {
    if (e.path().extension() != ".json") continue;
    ++manifests;
    first_manifest = e.path().string();
    EXPECT_EQ(Validate("clip-manifest.schema.json", Json::parse(ReadFile(e.path()))), "") << e.path();
  }
  for (auto& e : std::filesystem::directory_iterator(vault_ + "/receipts")) {
    if (e.path().extension() != ".json") continue;
    ++receipts;
    EXPECT_EQ(Validate("offload-receipt.schema.json", Json::parse(ReadFile(e.path()))), "") << e.path();
  }
  EXPECT_EQ(manifests, 3);
  EXPECT_EQ(receipts, 1);

  // And the schemas are not vacuous: a broken manifest fails.
  Json broken = Json::parse(ReadFile(first_manifest));
  broken["media"]["status"] = "fine";
  EXPECT_NE(Validate("clip-manifest.schema.json", broken), "");
}

}  // namespace
}  // namespace custodia::testing
