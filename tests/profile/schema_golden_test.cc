// Golden test: schemas/device-profile.schema.json (what an editor checks)
// and DeviceProfile::FromJson (what custodia enforces) agree on every
// profile below. A few rules only the loader can check (a pattern compiles,
// names a group, has a start_format when it has a start group) are marked.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // std::regex inside valijson, g++ 12
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#pragma GCC diagnostic pop

#include <gtest/gtest.h>

#include "custodia/profile.h"
#include "testutil.h"

namespace custodia {
namespace {

struct Golden {
  const char* json;
  bool schema_ok;
  bool loader_ok;
};

const Golden kProfiles[] = {
    {R"js({})js", true, true},
    {R"js({"$schema":"x","name":"x","description":"d","media_extensions":["mp4",".MKV"],"sidecar_extensions":[],
          "clock":"local","patterns":"^(?<officer>[^/]+)/","start_format":"%Y%m%d_%H%M%S"})js", true, true},
    {R"js({"patterns":["(?<start>[0-9]{8}_[0-9]{6})"],"start_format":["%Y%m%d_%H%M%S","%s"]})js", true, true},
    {R"js({"clock":"UTC"})js", false, false},
    {R"js({"clock":"lima"})js", false, false},
    {R"js({"patern":[]})js", false, false},
    {R"js({"name":"axis"})js", false, true},  // the loader refuses it by file name: axis.json is a built-in's
    {R"js({"name":"a b"})js", false, false},
    {R"js({"media_extensions":[]})js", false, false},
    {R"js({"media_extensions":"mp4"})js", false, false},
    {R"js({"media_extensions":["a/b"]})js", false, false},
    {R"js({"media_extensions":[".tar.gz"]})js", false, false},
    {R"js({"patterns":[1]})js", false, false},
    {R"js({"patterns":["(?<start>x)"],"start_format":"%Y%m%d %Q"})js", false, false},
    {R"js({"patterns":["(?<start>x)"],"start_format":[]})js", false, false},
    {R"js({"description":7})js", false, false},
    {R"js([])js", false, false},
    // Only the loader can tell:
    {R"js({"patterns":["(?<officer>[a-z"]})js", true, false},
    {R"js({"patterns":["[0-9]+"]})js", true, false},
    {R"js({"patterns":["(?<start>x)"]})js", true, false},
    {R"js({"patterns":["(?<start>x)"],"start_format":"%Y%m%d"})js", true, false},
};

TEST(DeviceProfileSchema, SchemaAndLoaderAgree) {
  std::string text = testing::ReadFile(std::string(CUSTODIA_SOURCE_DIR) + "/schemas/device-profile.schema.json");
  Json schema_doc = Json::parse(text);
  valijson::Schema schema;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
  parser.populateSchema(schema_adapter, schema);
  valijson::Validator validator;
  for (const auto& g : kProfiles) {
    Json doc = Json::parse(g.json);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    EXPECT_EQ(validator.validate(schema, adapter, nullptr), g.schema_ok) << "schema: " << g.json;
    EXPECT_EQ(DeviceProfile::FromJson(doc, "p.json").ok(), g.loader_ok) << "loader: " << g.json;
  }
}

}  // namespace
}  // namespace custodia
