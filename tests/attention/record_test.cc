// The canonical attention record: JSON shape, fast canonical text, hash.
#include <gtest/gtest.h>

#include <random>

#include "custodia/attention.h"
#include "custodia/json.h"

namespace custodia {
namespace {

Attention Sample() {
  Attention a;
  a.id = "ATN-202601-0000042";
  a.module = "Jorge Chávez";
  a.zone = 4;
  a.category = "seguridad_ciudadana";
  a.subcategory = "consumo de licor en la vía pública";
  a.opened_at = ParseUtc("2026-01-15T03:15:00.000Z").value();
  a.closed_at = ParseUtc("2026-01-15T03:45:30.500Z").value();
  a.officers = {"SZ-04N01", "SZ-04N02"};
  a.agencies = {"PNP"};
  a.address = "Av. Jorge Chávez 210, Miraflores";
  a.lat = "-12.117900";
  a.lon = "-77.033400";
  a.summary = "Vecino reporta \"ruidos\"\nsegunda línea\t(tab)";
  return a;
}

TEST(AttentionRecord, CanonicalJsonIsTheDocumentedShape) {
  EXPECT_EQ(Sample().ToCanonicalJson(),
            "{\"agencies\":[\"PNP\"],\"category\":\"seguridad_ciudadana\",\"closed_at\":\"2026-01-15T03:45:30.500Z\","
            "\"id\":\"ATN-202601-0000042\",\"location\":{\"address\":\"Av. Jorge Chávez 210, Miraflores\","
            "\"lat\":\"-12.117900\",\"lon\":\"-77.033400\"},\"module\":\"Jorge Chávez\","
            "\"officers\":[\"SZ-04N01\",\"SZ-04N02\"],\"opened_at\":\"2026-01-15T03:15:00.000Z\","
            "\"subcategory\":\"consumo de licor en la vía pública\","
            "\"summary\":\"Vecino reporta \\\"ruidos\\\"\\nsegunda línea\\t(tab)\",\"zone\":4}");
}

TEST(AttentionRecord, FastCanonicalTextEqualsCanonicalJsonOfToJson) {
  std::mt19937 rng(7);
  const std::string alphabet[] = {"a", "Z", "9", " ", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x01", "\x1f",
                                  "\x7f", "é", "ñ", "€", "😀", "/", "<", "'", "|"};
  auto text = [&](int max) {
    std::string s;
    int n = rng() % (max + 1);
    for (int i = 0; i < n; ++i) s += alphabet[rng() % std::size(alphabet)];
    return s;
  };
  for (int i = 0; i < 500; ++i) {
    Attention a;
    a.id = text(10);
    a.module = text(10);
    a.zone = static_cast<int64_t>(rng() % 20000) - 5000;
    a.category = text(5);
    a.subcategory = text(20);
    const TimeMs edges[] = {0, -1, -62167219200000LL, 253402300799999LL, 951782400000LL /* 2000-02-29 */,
                            -62167219200001LL, 253402300800000LL};
    a.opened_at = i < 7 ? edges[i] : static_cast<TimeMs>(rng()) * 1000 + rng() % 1000 - (i % 2 ? 1LL << 40 : 0);
    a.closed_at = a.opened_at + rng() % 100000;
    for (int k = rng() % 4; k > 0; --k) a.officers.push_back(text(6));
    for (int k = rng() % 3; k > 0; --k) a.agencies.push_back(text(6));
    a.address = text(30);
    a.lat = text(4);
    a.lon = text(4);
    a.summary = text(60);
    auto canonical = CanonicalJson(a.ToJson());
    ASSERT_TRUE(canonical.ok());
    ASSERT_EQ(a.ToCanonicalJson(), *canonical) << i;
  }
}

TEST(AttentionRecord, FromJsonRoundTripAndHash) {
  Attention a = Sample();
  auto back = Attention::FromJson(a.ToJson(), "test");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->ToCanonicalJson(), a.ToCanonicalJson());
  EXPECT_EQ(back->ContentHash(), a.ContentHash());
  EXPECT_EQ(a.ContentHash().size(), 64u);
  Attention b = a;
  b.summary += ".";
  EXPECT_NE(b.ContentHash(), a.ContentHash());
}

TEST(AttentionRecord, FromJsonSaysWhatIsWrong) {
  Json j = Sample().ToJson();
  auto with = [&](const std::function<void(Json&)>& edit) {
    Json k = j;
    edit(k);
    auto r = Attention::FromJson(k, "attentions/A.json");
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(with([](Json& k) { k.erase("zone"); }), "attentions/A.json (zone): missing");
  EXPECT_EQ(with([](Json& k) { k["zone"] = "4"; }), "attentions/A.json (zone): must be an integer");
  EXPECT_EQ(with([](Json& k) { k["extra"] = 1; }), "attentions/A.json (extra): unknown field");
  EXPECT_EQ(with([](Json& k) { k["location"]["alt"] = "1"; }), "attentions/A.json (location.alt): unknown field");
  EXPECT_EQ(with([](Json& k) { k["opened_at"] = "2026-01-15 03:15"; }),
            "attentions/A.json (opened_at): not a canonical UTC time (YYYY-MM-DDTHH:MM:SS.mmmZ): \"2026-01-15 03:15\"");
  EXPECT_EQ(with([](Json& k) { k["category"] = "Seguridad ciudadana"; }),
            "attentions/A.json (category): category must be the id \"seguridad_ciudadana\", not \"Seguridad ciudadana\"");
  EXPECT_EQ(with([](Json& k) { k["closed_at"] = "2026-01-15T03:00:00.000Z"; }),
            "attentions/A.json (closed_at): closed_at \"2026-01-15T03:00:00.000Z\" is before opened_at "
            "\"2026-01-15T03:15:00.000Z\"; an attention cannot close before it opens (swapped columns, or a wrong "
            "date?)");
  EXPECT_EQ(with([](Json& k) { k["location"]["lat"] = ""; }),
            "attentions/A.json (location.lat): lat is empty but lon is given: give both coordinates or neither");
  EXPECT_EQ(with([](Json& k) { k["officers"] = Json::array(); }),
            "attentions/A.json (officers): no officer listed; every attention needs at least one officer id");
  EXPECT_EQ(with([](Json&) {}), "ok");
}

TEST(AttentionRecord, AttentionIds) {
  EXPECT_TRUE(IsValidAttentionId("A"));
  EXPECT_TRUE(IsValidAttentionId("ATN-2026.01_x"));
  EXPECT_TRUE(IsValidAttentionId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidAttentionId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidAttentionId(""));
  EXPECT_FALSE(IsValidAttentionId("-A"));
  EXPECT_FALSE(IsValidAttentionId(".A"));
  EXPECT_FALSE(IsValidAttentionId("A B"));
  EXPECT_FALSE(IsValidAttentionId("A/B"));
  EXPECT_FALSE(IsValidAttentionId("Ñ1"));
}

TEST(RowError, Formats) {
  RowError e{"att.csv", 17, 4, "category", "unknown category \"robo\""};
  EXPECT_EQ(e.ToString(), "att.csv:17:4 (category): unknown category \"robo\"");
  EXPECT_EQ(e.ToJson().dump(),
            "{\"column\":4,\"field\":\"category\",\"file\":\"att.csv\",\"line\":17,\"message\":\"unknown category "
            "\\\"robo\\\"\"}");
  RowError whole{"att.csv", 3, 0, "", "the row has 3 fields but the header has 13"};
  EXPECT_EQ(whole.ToString(), "att.csv:3:0: the row has 3 fields but the header has 13");
}

}  // namespace
}  // namespace custodia
