// Custody entries: the exact canonical line of SPEC §5, and a strict parser.
#include <gtest/gtest.h>

#include "custody_testutil.h"

namespace custodia {
namespace {

const char kClip[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

CustodyEntry Example() {
  CustodyEntry e;
  e.seq = 3;
  e.time = 1768485600123;
  e.station = "mod-07";
  e.actor = "sup.garcia";
  e.os_user = "custodia";
  e.action = "link";
  e.reason = "officer confirmed by radio log";
  e.clips = {kClip};
  e.attentions = {"ATT-2025-000123"};
  e.details = Json::object();
  e.details["rule"] = "manual";
  e.details["margin_ms"] = 600000;
  return e;
}

TEST(CustodyEntry, CanonicalLineIsExactlyTheSpecShape) {
  auto line = Example().ToLine();
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  EXPECT_EQ(*line,
            std::string(R"({"action":"link","actor":"sup.garcia","details":{"margin_ms":600000,"rule":"manual"},)") +
                R"("os_user":"custodia","outcome":"ok","reason":"officer confirmed by radio log","seq":3,)" +
                R"("station":"mod-07","subjects":{"attentions":["ATT-2025-000123"],"clips":[")" + kClip +
                R"("]},"time":"2026-01-15T14:00:00.123Z","v":1})");
}

TEST(CustodyEntry, AbsentReasonIsNullAndEmptyListsStay) {
  CustodyEntry e;
  e.seq = 0;
  e.time = 0;
  e.action = "init";
  auto line = e.ToLine();
  ASSERT_TRUE(line.ok()) << line.status().ToString();
  EXPECT_EQ(*line,
            R"({"action":"init","actor":"","details":{},"os_user":"","outcome":"ok","reason":null,"seq":0,)"
            R"("station":"","subjects":{"attentions":[],"clips":[]},"time":"1970-01-01T00:00:00.000Z","v":1})");
}

TEST(CustodyEntry, RoundTripsThroughItsLine) {
  CustodyEntry e = Example();
  e.outcome = "failed";
  auto line = e.ToLine();
  ASSERT_TRUE(line.ok());
  auto back = CustodyEntry::FromLine(*line, "test");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->seq, 3u);
  EXPECT_EQ(back->time, e.time);
  EXPECT_EQ(back->station, "mod-07");
  EXPECT_EQ(back->actor, "sup.garcia");
  EXPECT_EQ(back->os_user, "custodia");
  EXPECT_EQ(back->action, "link");
  EXPECT_EQ(back->outcome, "failed");
  ASSERT_TRUE(back->reason.has_value());
  EXPECT_EQ(*back->reason, "officer confirmed by radio log");
  EXPECT_EQ(back->clips, e.clips);
  EXPECT_EQ(back->attentions, e.attentions);
  EXPECT_EQ(back->details, e.details);
  auto again = back->ToLine();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *line);

  e.reason.reset();
  auto no_reason = CustodyEntry::FromLine(*e.ToLine(), "test");
  ASSERT_TRUE(no_reason.ok());
  EXPECT_FALSE(no_reason->reason.has_value());
}

TEST(CustodyEntry, FromLineAcceptsNonCanonicalFormButToLineShowsIt) {
  std::string line = *Example().ToLine();
  std::string spaced = line;
  spaced.insert(spaced.find("\"seq\":") + 6, " ");
  auto e = CustodyEntry::FromLine(spaced, "test");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(*e->ToLine(), line);
  EXPECT_NE(*e->ToLine(), spaced);
}

struct BadLine {
  std::string name;
  std::string line;
  std::string expect;  // part of the error message
};

TEST(CustodyEntry, FromLineIsStrict) {
  const std::string good = *Example().ToLine();
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    size_t p = s.find(from);
    EXPECT_NE(p, std::string::npos) << from;
    s.replace(p, from.size(), to);
    return s;
  };
  std::vector<BadLine> cases = {
      {"not json", "{\"action\":", "malformed JSON"},
      {"array", "[1,2]", "must be a JSON object"},
      {"missing actor", replace("\"actor\":\"sup.garcia\",", ""), "missing field \"actor\""},
      {"unknown field", replace("\"v\":1}", "\"v\":1,\"extra\":true}"), "unknown field \"extra\""},
      {"version 2", replace("\"v\":1", "\"v\":2"), "field \"v\" must be 1"},
      {"version float", replace("\"v\":1", "\"v\":1.0"), "field \"v\" must be 1"},
      {"negative seq", replace("\"seq\":3", "\"seq\":-3"), "non-negative integer"},
      {"string seq", replace("\"seq\":3", "\"seq\":\"3\""), "non-negative integer"},
      {"time without millis", replace("14:00:00.123Z", "14:00:00Z"), "field \"time\""},
      {"time with offset", replace("14:00:00.123Z", "09:00:00.123-05:00"), "field \"time\""},
      {"reason number", replace("\"reason\":\"officer confirmed by radio log\"", "\"reason\":5"), "\"reason\""},
      {"actor null", replace("\"actor\":\"sup.garcia\"", "\"actor\":null"), "\"actor\" is not a string"},
      {"empty action", replace("\"action\":\"link\"", "\"action\":\"\""), "\"action\" is empty"},
      {"clips not hex", replace(kClip, "XYZ"), "not a 64-digit lowercase hex"},
      {"clips upper", replace(kClip, std::string(kClip).replace(0, 2, "9F")), "not a 64-digit lowercase hex"},
      {"subjects extra", replace("\"subjects\":{", "\"subjects\":{\"devices\":[],"), "subjects.devices"},
      {"subjects no clips", replace(std::string(",\"clips\":[\"") + kClip + "\"]", ""), "subjects.clips"},
      {"attention number", replace("\"ATT-2025-000123\"", "7"), "non-empty strings"},
      {"details array", replace("{\"margin_ms\":600000,\"rule\":\"manual\"}", "[]"), "\"details\" must be an object"},
      {"duplicate key", replace("\"v\":1}", "\"v\":1,\"v\":1}"), "duplicate key"},
      {"invalid utf8", replace("sup.garcia", "sup.garc\xC3"), "invalid UTF-8"},
  };
  for (const auto& c : cases) {
    auto e = CustodyEntry::FromLine(c.line, "entries.jsonl line 4");
    ASSERT_FALSE(e.ok()) << c.name << ": accepted " << c.line;
    EXPECT_EQ(e.status().code(), Code::kInvalid) << c.name;
    EXPECT_NE(e.status().message().find(c.expect), std::string::npos) << c.name << ": " << e.status().message();
    EXPECT_NE(e.status().message().find("entries.jsonl line 4"), std::string::npos) << c.name;
  }
  std::string huge = replace("\"rule\":\"manual\"", "\"rule\":\"" + std::string(kMaxEntryLine, 'x') + "\"");
  auto e = CustodyEntry::FromLine(huge, "big");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("limit"), std::string::npos);
}

TEST(CustodyEntry, ToLineRefusesWhatCannotBeCanonical) {
  CustodyEntry e = Example();
  e.details["ratio"] = 0.5;
  auto line = e.ToLine();
  ASSERT_FALSE(line.ok());
  EXPECT_NE(line.status().message().find("no floats"), std::string::npos) << line.status().message();
  EXPECT_NE(line.status().message().find("seq 3"), std::string::npos);

  e = Example();
  e.actor = "bad\xFF";
  EXPECT_FALSE(e.ToLine().ok());

  e = Example();
  e.clips = {"abc"};
  EXPECT_FALSE(e.ToLine().ok());

  e = Example();
  e.details = Json::array();
  EXPECT_FALSE(e.ToLine().ok());

  e = Example();
  e.details["blob"] = std::string(kMaxEntryLine, 'a');
  line = e.ToLine();
  ASSERT_FALSE(line.ok());
  EXPECT_NE(line.status().message().find("limit"), std::string::npos);
}

TEST(CustodyEntry, ControlCharactersAreEscapedSoALineNeverBreaks) {
  CustodyEntry e = Example();
  e.reason = "two\nlines\r\tand \"quotes\"";
  auto line = e.ToLine();
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->find('\n'), std::string::npos);
  auto back = CustodyEntry::FromLine(*line, "test");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back->reason, *e.reason);
}

}  // namespace
}  // namespace custodia
