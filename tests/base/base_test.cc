#include <gtest/gtest.h>

#include "custodia/encoding.h"
#include "custodia/json.h"
#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia {
namespace {

TEST(Status, ExitCodePrecedenceFollowsSpec) {
  EXPECT_EQ(CombineExitCodes(3, 4), 4);
  EXPECT_EQ(CombineExitCodes(1, 4), 1);
  EXPECT_EQ(CombineExitCodes(2, 1), 2);
  EXPECT_EQ(CombineExitCodes(11, 2), 11);
  EXPECT_EQ(CombineExitCodes(11, 10), 10);
  EXPECT_EQ(CombineExitCodes(0, 3), 3);
  EXPECT_EQ(CombineExitCodes(0, 0), 0);
  EXPECT_EQ(Status::NotFound("x").ExitCode(), 2);
  EXPECT_EQ(Status::Locked("x").ExitCode(), 11);
}

TEST(Encoding, HexRoundTrip) {
  Bytes b = {0x00, 0xab, 0xff, 0x10};
  EXPECT_EQ(ToHex(b), "00abff10");
  EXPECT_EQ(ToHexUpper(b), "00ABFF10");
  auto back = FromHex("00ABff10");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, b);
  EXPECT_FALSE(FromHex("abc").ok());
  EXPECT_FALSE(FromHex("zz").ok());
}

TEST(Encoding, Base64MatchesRfc4648Vectors) {
  const std::pair<std::string, std::string> v[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, enc] : v) {
    EXPECT_EQ(Base64Encode(plain), enc);
    auto d = Base64Decode(enc);
    ASSERT_TRUE(d.ok()) << enc;
    EXPECT_EQ(std::string(d->begin(), d->end()), plain);
  }
  EXPECT_FALSE(Base64Decode("Zg=").ok());
  EXPECT_FALSE(Base64Decode("Zh==").ok());  // non-canonical trailing bits
  EXPECT_FALSE(Base64Decode("Z===").ok());
  EXPECT_FALSE(Base64Decode("Zm9v\n").ok());
  EXPECT_FALSE(Base64Decode("Zm=v").ok());
}

TEST(Encoding, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("Fiscalizaci\xC3\xB3n"));
  EXPECT_FALSE(IsValidUtf8("Fiscalizaci\xF3n"));         // Latin-1 ó
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));                 // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));             // surrogate
  EXPECT_EQ(FirstInvalidUtf8("ab\xF3n"), 2u);
  EXPECT_EQ(Windows1252ToUtf8("Fiscalizaci\xF3n \x80"), "Fiscalizaci\xC3\xB3n \xE2\x82\xAC");
}

TEST(Encoding, PercentEncoding) {
  EXPECT_EQ(PercentEncodeValue("CAM-01"), "CAM-01");
  EXPECT_EQ(PercentEncodeValue("a b/c"), "a%20b%2Fc");
  EXPECT_EQ(PercentEncodeValue(""), "-");
  EXPECT_EQ(PercentEncodeFileName("a:b"), "a%3Ab");
  EXPECT_EQ(PercentEncodeFileName(".."), "%2E.");
  EXPECT_EQ(PercentEncodeFileName("../x"), "%2E.%2Fx");
}

TEST(Json, CanonicalFormSortsKeysAndRejectsFloats) {
  Json j = {{"b", 1}, {"a", {{"z", "x"}, {"\xC3\xA9", true}, {"A", nullptr}}}, {"arr", {3, "\n"}}};
  auto c = CanonicalJson(j);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, "{\"a\":{\"A\":null,\"z\":\"x\",\"\xC3\xA9\":true},\"arr\":[3,\"\\n\"],\"b\":1}");
  EXPECT_FALSE(CanonicalJson(Json{{"x", 1.5}}).ok());
}

TEST(Json, ParseRejectsDuplicateKeysAndBadUtf8) {
  EXPECT_TRUE(ParseJson("{\"a\":1,\"b\":{\"a\":2}}", "t").ok());
  auto dup = ParseJson("{\"a\":1,\"a\":2}", "file.json");
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("duplicate key \"a\""), std::string::npos);
  EXPECT_FALSE(ParseJson("{\"a\":\"\xF3\"}", "t").ok());
  auto bad = ParseJson("{\"a\":", "x.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("x.json"), std::string::npos);
}

TEST(Time, UtcFormatRoundTrip) {
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00.000Z");
  auto t = ParseUtc("2026-01-15T14:00:00.250Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatUtc(*t), "2026-01-15T14:00:00.250Z");
  EXPECT_FALSE(ParseUtc("2026-01-15T14:00:00Z").ok());
  EXPECT_FALSE(ParseUtc("2026-02-30T14:00:00.000Z").ok());
}

TEST(Time, Rfc3339Offsets) {
  auto a = ParseRfc3339("2026-01-15T09:00:00-05:00");
  auto b = ParseRfc3339("2026-01-15T14:00:00Z");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  auto c = ParseRfc3339("2026-01-15T14:00:00.123456Z");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c - *b, 123);
  EXPECT_FALSE(ParseRfc3339("2026-01-15T14:00:00").ok());
}

TEST(Time, LocalTimesInLima) {
  auto tz = TimeZone::Load("America/Lima");
  ASSERT_TRUE(tz.ok());
  auto t = ParseTimeArg("2026-01-15 09:00", *tz);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatUtc(*t), "2026-01-15T14:00:00.000Z");
  auto midnight = ParseTimeArg("2026-01-15", *tz);
  ASSERT_TRUE(midnight.ok());
  EXPECT_EQ(FormatUtc(*midnight), "2026-01-15T05:00:00.000Z");
  EXPECT_EQ(tz->FormatTable(*t), "2026-01-15 09:00:00");
  EXPECT_EQ(tz->FormatRfc3339(*t), "2026-01-15T09:00:00.000-05:00");
  EXPECT_EQ(tz->MonthKey(*midnight), "2026-01");
  auto bad = ParseTimeArg("15/01/2026", *tz);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().hint().find("DD/MM/YYYY"), std::string::npos);
  EXPECT_FALSE(TimeZone::Load("Mars/Olympus").ok());
}

TEST(Time, DstGapAndOverlapAreRejected) {
  auto tz = TimeZone::Load("America/New_York");
  ASSERT_TRUE(tz.ok());
  auto gap = ParseTimeArg("2026-03-08 02:30", *tz);
  ASSERT_FALSE(gap.ok());
  EXPECT_NE(gap.status().message().find("does not exist"), std::string::npos);
  auto overlap = ParseTimeArg("2026-11-01 01:30", *tz);
  ASSERT_FALSE(overlap.ok());
  EXPECT_NE(overlap.status().message().find("ambiguous"), std::string::npos);
}

TEST(Time, Durations) {
  EXPECT_EQ(ParseDurationMs("10m").value(), 600000);
  EXPECT_EQ(ParseDurationMs("30d").value(), 30LL * 86400000);
  EXPECT_EQ(ParseDurationMs("90s").value(), 90000);
  EXPECT_FALSE(ParseDurationMs("10").ok());
  EXPECT_FALSE(ParseDurationMs("m").ok());
}

}  // namespace
}  // namespace custodia
