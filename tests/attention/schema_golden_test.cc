// Golden test of the compiled validator: Attention::FromJson (the rules of
// lib/attention/record_rules.cc, used on every imported row) and valijson
// running schemas/attention.schema.json must give the same verdict on
// hundreds of good and bad records. Not generated here: the rules no JSON
// Schema can state (closed_at >= opened_at; dates that exist), which only
// FromJson checks, and are tested in record_test.cc.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <random>

#include "attention/schema_validator.h"
#include "custodia/attention.h"

namespace custodia {
namespace {

using attention_internal::SchemaValidator;

Json Base(int variant) {
  Attention a;
  a.id = "ATN-2026-" + std::to_string(variant);
  a.module = variant % 2 ? "Jorge Chávez" : "Francisco de Zela";
  a.zone = variant % 2 ? 4 : 13;
  a.category = AttentionCategories()[variant % 7].id;
  a.subcategory = variant % 3 ? "comercio ambulatorio" : "";
  a.opened_at = ParseUtc("2026-01-15T03:15:00.000Z").value() + variant * 60000LL;
  a.closed_at = a.opened_at + (variant % 4) * 600000LL;
  a.officers = {"SZ-04M01"};
  if (variant % 2) a.officers.push_back("SZ-04M02");
  if (variant % 3 == 1) a.agencies = {"PNP", "SAMU"};
  a.address = variant % 5 ? "Av. Jorge Chávez 210" : "";
  a.lat = variant % 5 ? "-12.117900" : "";
  a.lon = variant % 5 ? "-77.033400" : "";
  a.summary = variant % 2 ? "Se retiró al ambulante;\n\"todo bien\"\t." : "";
  return a.ToJson();
}

using Edit = std::function<void(Json&)>;

std::vector<std::pair<std::string, Edit>> Edits() {
  std::vector<std::pair<std::string, Edit>> e;
  auto set = [&](std::string name, std::string key, Json value) {
    e.emplace_back(name, [key, value](Json& j) { j[key] = value; });
  };
  auto set_loc = [&](std::string name, std::string key, Json value) {
    e.emplace_back(name, [key, value](Json& j) { j["location"][key] = value; });
  };
  std::string e64, e65;
  for (int i = 0; i < 64; ++i) e64 += "é";
  e65 = e64 + "é";
  // id
  for (Json v : {Json(""), Json("-x"), Json("a b"), Json(std::string(65, 'a')), Json(std::string(64, 'a')),
                 Json("Ñ1"), Json("a.b_c-d"), Json(123), Json(nullptr), Json("a/b"), Json("A")}) {
    set("id=" + v.dump(), "id", v);
  }
  // module
  for (Json v : {Json(""), Json(std::string(64, 'm')), Json(std::string(65, 'm')), Json("Te\x01jada"), Json("Te\njada"),
                 Json(e64), Json(e65), Json(7), Json("Tejada\x7f")}) {
    set("module=" + v.dump(), "module", v);
  }
  // zone
  for (Json v : {Json(-1), Json(0), Json(9999), Json(10000), Json(4.5), Json("4"), Json(true), Json(nullptr),
                 Json(uint64_t(1) << 63)}) {
    set("zone=" + v.dump(), "zone", v);
  }
  // category
  for (const AttentionCategory& c : AttentionCategories()) set("category=" + std::string(c.id), "category", std::string(c.id));
  for (Json v : {Json("Fiscalización"), Json("robo"), Json(""), Json(nullptr), Json("FISCALIZACION")}) {
    set("category=" + v.dump(), "category", v);
  }
  // subcategory
  for (Json v : {Json(std::string(128, 's')), Json(std::string(129, 's')), Json("a\tb"), Json("a\nb"), Json(""),
                 Json(1)}) {
    set("subcategory=" + v.dump(), "subcategory", v);
  }
  // times (both set, so that order never decides)
  for (std::string t : {"2026-01-15T03:15:00Z", "2026-13-01T00:00:00.000Z", "2026-01-15 03:15:00.000Z",
                        "2026-01-15T03:15:00.000z", "2026-01-15T24:00:00.000Z", "2026-01-15T03:60:00.000Z",
                        "2026-01-15T03:15:00.000+00:00", "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
                        "2026-01-15T03:15:00.000Z", "26-01-15T03:15:00.000Z"}) {
    e.emplace_back("times=" + t, [t](Json& j) {
      j["opened_at"] = t;
      j["closed_at"] = t;
    });
  }
  set("opened_at=number", "opened_at", Json(1768446900000));
  // officers
  std::vector<std::string> o32, o33;
  for (int i = 0; i < 33; ++i) (i < 32 ? o32 : o33).push_back("SZ-" + std::to_string(i));
  o33.insert(o33.begin(), o32.begin(), o32.end());
  for (Json v : {Json::array(), Json(o32), Json(o33), Json({"SZ-1", "SZ-1"}), Json({"", "SZ-1"}), Json({1}),
                 Json("SZ-1"), Json({"SZ 1"}), Json({"SZ-1", "SZ-2", "SZ-3"})}) {
    set("officers=" + v.dump().substr(0, 40), "officers", v);
  }
  // agencies
  std::vector<std::string> a16, a17;
  for (int i = 0; i < 17; ++i) (i < 16 ? a16 : a17).push_back("AG" + std::to_string(i));
  a17.insert(a17.begin(), a16.begin(), a16.end());
  for (Json v : {Json::array(), Json({"PNP", "PNP"}), Json({""}), Json({"A|B"}), Json(a16), Json(a17),
                 Json({std::string(64, 'g')}), Json({std::string(65, 'g')}), Json({"P\x01"}), Json({"GESTIÓN DE RIESGOS"}),
                 Json({2}), Json(nullptr), Json({"pnp", "PNP"})}) {
    set("agencies=" + v.dump().substr(0, 40), "agencies", v);
  }
  // location
  e.emplace_back("location missing", [](Json& j) { j.erase("location"); });
  e.emplace_back("location=null", [](Json& j) { j["location"] = nullptr; });
  set_loc("location.extra", "alt", "1");
  e.emplace_back("location.lat missing", [](Json& j) { j["location"].erase("lat"); });
  e.emplace_back("both empty", [](Json& j) {
    j["location"]["lat"] = "";
    j["location"]["lon"] = "";
  });
  for (Json v : {Json(""), Json("90"), Json("90.000001"), Json("-90.0"), Json("89.999999"), Json("-0"), Json("00"),
                 Json("1."), Json(".5"), Json("+1"), Json("1e2"), Json("-12.1234567"), Json("91"), Json(-12.5),
                 Json("12,5"), Json(" -12.1"), Json("-"), Json("90.000000"), Json("5.0000000")}) {
    set_loc("lat=" + v.dump(), "lat", v);
  }
  for (Json v : {Json(""), Json("180"), Json("180.5"), Json("179.999999"), Json("-180.000000"), Json("181"),
                 Json("099"), Json("-77.03"), Json(-77), Json("1000"), Json("100.1")}) {
    set_loc("lon=" + v.dump(), "lon", v);
  }
  for (Json v : {Json("a\nb"), Json("a\x02"), Json(std::string(256, 'd')), Json(std::string(257, 'd')), Json(5)}) {
    set_loc("address=" + v.dump().substr(0, 20), "address", v);
  }
  // summary
  for (Json v : {Json(std::string(4096, 'x')), Json(std::string(4097, 'x')), Json("a\tb\nc"), Json("a\rb"),
                 Json("a\x7f"), Json(1), Json(nullptr)}) {
    set("summary=" + v.dump().substr(0, 20), "summary", v);
  }
  // shape
  set("extra key", "estado", "cerrado");
  for (const char* k : {"id", "module", "zone", "category", "subcategory", "opened_at", "closed_at", "officers",
                        "agencies", "summary"}) {
    std::string key = k;
    e.emplace_back("missing " + key, [key](Json& j) { j.erase(key); });
  }
  e.emplace_back("not an object", [](Json& j) { j = Json::array({j}); });
  return e;
}

TEST(SchemaGolden, CompiledRulesAndValijsonAgree) {
  auto schema = SchemaValidator::Embedded("attention.schema.json");
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  std::vector<std::pair<std::string, Edit>> edits = Edits();
  std::mt19937 rng(2026);
  int good = 0, bad = 0, compared = 0;
  auto compare = [&](const std::string& name, const Json& j) {
    Status by_schema = (*schema)->Validate(j, name);
    auto by_code = Attention::FromJson(j, name);
    EXPECT_EQ(by_schema.ok(), by_code.ok())
        << name << "\n  valijson: " << by_schema.ToString() << "\n  compiled: " << by_code.status().ToString();
    (by_schema.ok() ? good : bad)++;
    ++compared;
  };
  for (int variant = 0; variant < 12; ++variant) {
    compare("base " + std::to_string(variant), Base(variant));
  }
  for (int variant = 0; variant < 3; ++variant) {
    for (const auto& [name, edit] : edits) {
      Json j = Base(variant);
      edit(j);
      compare(name + " on base " + std::to_string(variant), j);
    }
  }
  for (int i = 0; i < 200; ++i) {  // two edits at once
    const auto& [n1, e1] = edits[rng() % edits.size()];
    const auto& [n2, e2] = edits[rng() % edits.size()];
    Json j = Base(i % 12);
    e1(j);
    if (j.is_object()) e2(j);
    compare(n1 + " + " + n2, j);
  }
  EXPECT_GT(good, 100);
  EXPECT_GT(bad, 300);
  EXPECT_GT(compared, 600);
  std::printf("compared %d records: %d valid, %d invalid\n", compared, good, bad);
}

TEST(SchemaGolden, SchemasAreEmbeddedAndLoad) {
  for (const char* name : {"attention.schema.json", "attention-import-line.schema.json", "roster.schema.json"}) {
    auto v = SchemaValidator::Embedded(name);
    EXPECT_TRUE(v.ok()) << name << ": " << v.status().message();
  }
  EXPECT_EQ(SchemaValidator::Embedded("clip-manifest.schema.json").status().code(), Code::kNotFound);
}

TEST(SchemaGolden, ImportLineSchemaDescribesTheJsonlShape) {
  auto schema = SchemaValidator::Embedded("attention-import-line.schema.json");
  ASSERT_TRUE(schema.ok());
  Json line = Json::parse(
      R"({"id":"J-1","module":"Tejada","zone":10,"category":"Seguridad ciudadana","opened_at":"2026-01-15 22:15",)"
      R"("closed_at":"2026-01-15T22:45:00-05:00","officers":["SZ-1"],"agencies":null,)"
      R"("location":{"address":"Calle Tejada 120","lat":-12.1264,"lon":"-77.0309"},"summary":"x"})");
  EXPECT_TRUE((*schema)->Validate(line, "line").ok());
  auto parsed = ParseAttentions(line.dump() + "\n", "a.jsonl", ImportOptions());
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->errors.empty());
  for (auto [key, value] : std::vector<std::pair<std::string, Json>>{
           {"zone", "10"}, {"officers", "SZ-1"}, {"opened_at", "15/01/2026 22:15"}, {"opened_at", "2026-01-15"},
           {"color", "rojo"}}) {
    Json bad = line;
    bad[key] = value;
    EXPECT_FALSE((*schema)->Validate(bad, "line").ok()) << key << "=" << value.dump();
    auto r = ParseAttentions(bad.dump() + "\n", "a.jsonl", ImportOptions());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->errors.size(), 1u) << key << "=" << value.dump();
  }
}

}  // namespace
}  // namespace custodia
