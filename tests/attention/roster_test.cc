// The device roster: parsing, overlaps, and the look-ups offload uses.
#include <gtest/gtest.h>

#include "custodia/attention.h"
#include "test_helpers.h"

namespace custodia::testing {
namespace {

TimeMs Utc(const char* s) { return ParseUtc(s).value(); }

Roster MustParse(const std::string& text) {
  auto r = ParseRoster(text, "roster.csv", Lima());
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : Roster();
}

std::string RosterError(const std::string& text) {
  auto r = ParseRoster(text, "roster.csv", Lima());
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(Roster, ParsesSortsAndAnswers) {
  Roster r = MustParse(
      "officer_id;device_serial;from;to\n"
      "SZ-04M02;BWC-002;2026-01-15 06:00;2026-01-15 14:00\n"
      "SZ-04T01;BWC-001;2026-01-15 14:00;\n"
      "SZ-04M01;BWC-001;2026-01-15 06:00;2026-01-15 14:00\n"
      "SZ-04N01;BWC-002;2026-01-14;2026-01-15 06:00\n");  // bare date: local midnight
  ASSERT_EQ(r.entries.size(), 4u);
  EXPECT_EQ(r.entries[0].device_serial, "BWC-001");
  EXPECT_EQ(r.entries[0].officer_id, "SZ-04M01");
  EXPECT_EQ(r.entries[0].line, 4u);
  EXPECT_EQ(r.entries[1].officer_id, "SZ-04T01");
  EXPECT_FALSE(r.entries[1].to.has_value());
  EXPECT_EQ(r.entries[2].officer_id, "SZ-04N01");
  EXPECT_EQ(FormatUtc(r.entries[2].from), "2026-01-14T05:00:00.000Z");
  EXPECT_EQ(r.entries[0].ToJson().dump(),
            "{\"device_serial\":\"BWC-001\",\"from\":\"2026-01-15T11:00:00.000Z\",\"line\":4,\"officer_id\":\"SZ-04M01\","
            "\"to\":\"2026-01-15T19:00:00.000Z\"}");
  EXPECT_EQ(r.entries[1].ToJson()["to"], Json(nullptr));
  EXPECT_EQ(r.officers, (std::vector<std::string>{"SZ-04M01", "SZ-04M02", "SZ-04N01", "SZ-04T01"}));

  EXPECT_EQ(r.OfficerAt("BWC-001", Utc("2026-01-15T11:00:00.000Z")), "SZ-04M01");  // from is inclusive
  EXPECT_EQ(r.OfficerAt("BWC-001", Utc("2026-01-15T18:59:59.999Z")), "SZ-04M01");
  EXPECT_EQ(r.OfficerAt("BWC-001", Utc("2026-01-15T19:00:00.000Z")), "SZ-04T01");  // to is exclusive
  EXPECT_EQ(r.OfficerAt("BWC-001", Utc("2030-01-01T00:00:00.000Z")), "SZ-04T01");  // open-ended
  EXPECT_EQ(r.OfficerAt("BWC-001", Utc("2026-01-15T10:59:59.999Z")), std::nullopt);
  EXPECT_EQ(r.OfficerAt("BWC-002", Utc("2026-01-15T10:00:00.000Z")), "SZ-04N01");
  EXPECT_EQ(r.OfficerAt("BWC-002", Utc("2026-01-15T19:00:00.000Z")), std::nullopt);  // gap after the shift
  EXPECT_EQ(r.OfficerAt("BWC-000", Utc("2026-01-15T12:00:00.000Z")), std::nullopt);
  EXPECT_EQ(r.OfficerAt("BWC-003", Utc("2026-01-15T12:00:00.000Z")), std::nullopt);
  EXPECT_TRUE(r.KnowsOfficer("SZ-04N01"));
  EXPECT_FALSE(r.KnowsOfficer("SZ-04N02"));
  EXPECT_FALSE(r.KnowsOfficer(""));
}

TEST(Roster, OverlapNamesBothLines) {
  EXPECT_EQ(RosterError("device_serial,officer_id,from,to\n"
                        "BWC-001,SZ-1,2026-01-15 06:00,2026-01-15 14:00\n"
                        "BWC-002,SZ-2,2026-01-15 06:00,2026-01-15 14:00\n"
                        "BWC-001,SZ-3,2026-01-15 13:00,2026-01-15 22:00\n"
                        "BWC-002,SZ-4,2026-01-15 14:00,\n"
                        "BWC-002,SZ-5,2026-02-01 08:00,2026-02-01 09:00\n"),
            "roster.csv: 2 problems in the roster; nothing imported\n"
            "  roster.csv:4:3 (from): device \"BWC-001\" is already assigned to \"SZ-1\" from 2026-01-15 06:00:00 until "
            "2026-01-15 14:00:00 (line 2); this row gives it to \"SZ-3\" from 2026-01-15 13:00:00: the periods overlap\n"
            "  roster.csv:6:3 (from): device \"BWC-002\" is already assigned to \"SZ-4\" from 2026-01-15 14:00:00 with "
            "no end (line 5); this row gives it to \"SZ-5\" from 2026-02-01 08:00:00: the periods overlap");
}

TEST(Roster, RowProblemsAreAllListed) {
  auto r = ParseRosterRows("device_serial,officer_id,from,to\n"
                           "BWC 1,SZ-1,2026-01-15 06:00,2026-01-15 06:00\n"
                           ",SZ/2,15/01/2026,\n"
                           "BWC-3,SZ-3,,\n"
                           "BWC-4,SZ-4,2026-01-15 06:00,2026-01-15 14:00\n",
                           "roster.csv", Lima());
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::vector<std::string> errors;
  for (const RowError& e : r->errors) errors.push_back(e.ToString());
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "roster.csv:2:1 (device_serial): invalid device serial \"BWC 1\": use 1 to 64 letters, digits, '.', "
                "'_', ':', '+' or '-', starting with a letter or digit",
                "roster.csv:2:4 (to): to \"2026-01-15 06:00\" is not after from \"2026-01-15 06:00\"; leave to empty "
                "while the officer still has the camera",
                "roster.csv:3:1 (device_serial): device_serial is empty; name the camera's serial number",
                "roster.csv:3:2 (officer_id): invalid officer id \"SZ/2\": use 1 to 64 letters, digits, '.', '_' or "
                "'-', starting with a letter or digit",
                "roster.csv:3:3 (from): \"15/01/2026\" is written day-first (DD/MM/YYYY), which is ambiguous and not "
                "accepted; write YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DD (local time, America/Lima) or RFC 3339 with an "
                "offset (2026-01-31T22:15:00-05:00)",
                "roster.csv:4:3 (from): from is empty; give the time the officer took the camera"}));
  EXPECT_EQ(r->rows, 4u);
  ASSERT_EQ(r->roster.entries.size(), 1u);
  EXPECT_EQ(r->roster.entries[0].device_serial, "BWC-4");
}

TEST(Roster, FileLevelProblems) {
  EXPECT_EQ(RosterError(""), "roster.csv: the roster file is empty");
  EXPECT_EQ(RosterError("device_serial,officer_id,from\n"), "roster.csv: the roster has a header but no rows");
  EXPECT_EQ(RosterError("device_serial,from,to\nBWC-1,2026-01-15 06:00,\n"),
            "roster.csv:1 (header): missing required column \"officer_id\"; the header has: device_serial, from, to");
  EXPECT_EQ(RosterError("device_serial\tofficer_id\tfrom\tto\n"),
            "roster.csv:1:1: the header is a single column (\"device_serial\\tofficer_id\\tfrom\\tto\"): the file "
            "looks tab-separated; custodia reads CSV with ',' or ';' between the columns");
  EXPECT_EQ(RosterError("device_serial,officer_id,from\nBWC-1,Pe\xF1" "a,2026-01-15\n"),
            "roster.csv:2:9: invalid UTF-8 (byte 0xF1, which Windows-1252 reads as \"ñ\"): the file looks like "
            "Windows-1252/Latin-1, not UTF-8; convert it to UTF-8 and import it again");
}

TEST(Roster, EntryJsonRoundTrip) {
  Roster r = MustParse("device_serial,officer_id,from,to\nBWC-1,SZ-1,2026-01-15 06:00,\nBWC-1,SZ-2,2026-01-01,2026-01-02\n");
  for (const RosterEntry& e : r.entries) {
    auto back = RosterEntry::FromJson(e.ToJson(), "roster entry");
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(back->ToJson(), e.ToJson());
  }
  Json bad = r.entries[0].ToJson();
  bad["device_serial"] = "BWC 1";
  auto refused = RosterEntry::FromJson(bad, "roster entry");
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.status().message().starts_with("roster entry: does not match roster.schema.json: "))
      << refused.status().message();
  // Hand-filled entries (no FromEntries) still answer KnowsOfficer.
  Roster by_hand;
  by_hand.entries = r.entries;
  EXPECT_TRUE(by_hand.KnowsOfficer("SZ-2"));
  EXPECT_FALSE(by_hand.KnowsOfficer("SZ-3"));
}

}  // namespace
}  // namespace custodia::testing
