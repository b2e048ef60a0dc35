// roster import / roster show, and offload setting a clip's officer from it.
#include "records_fixture.h"

namespace custodia::testing {
namespace {

const std::string kRoster =
    "device_serial,officer_id,from,to\n"
    "BWC-04M01,SZ-04M01,2026-01-20 06:00,2026-01-20 14:00\n"
    "BWC-04M01,SZ-04T01,2026-01-20 14:00,2026-01-20 22:00\n"
    "BWC-04N01,SZ-04N01,2026-01-20 22:00,\n";

class RosterTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    Init();
  }
};

TEST_F(RosterTest, ImportStoresLogsAndShows) {
  std::string f = Write("roster.csv", kRoster);
  auto r = C({"roster", "import", f});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("imported 3 rows: 2 devices, 3 officers; it is now the roster in force"), std::string::npos) << r.out;
  std::string sha = ShaOf(f);
  EXPECT_EQ(ReadFile(vault_ + "/imports/" + sha.substr(0, 2) + "/" + sha), kRoster);
  EXPECT_NE(ReadFile(vault_ + "/imports/" + sha.substr(0, 2) + "/" + sha + ".minisig").find("kind=roster"), std::string::npos);
  auto entries = LogOf("roster");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["details"]["import_sha256"], sha);
  EXPECT_EQ(entries[0]["details"]["entries"], 3);
  EXPECT_TRUE(entries[0]["details"]["replaces"].is_null());

  auto items = Items({"roster", "show"});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["device_serial"], "BWC-04M01");
  EXPECT_EQ(items[0]["officer_id"], "SZ-04M01");
  EXPECT_EQ(items[0]["from"], "2026-01-20T11:00:00.000Z");  // Lima is UTC-5
  EXPECT_EQ(items[2]["to"], nullptr);
  auto table = C({"roster", "show"});
  EXPECT_NE(table.out.find("roster in force: roster.csv"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("2026-01-20 06:00:00"), std::string::npos) << table.out;
  EXPECT_EQ(Items({"roster", "show", "--device", "BWC-04N01"}).size(), 1u);

  // The same file again changes nothing; another file replaces it whole.
  auto same = C({"roster", "import", f});
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_NE(same.out.find("no change"), std::string::npos) << same.out;
  EXPECT_EQ(LogOf("roster").size(), 1u);
  std::string f2 = Write("roster2.csv", "device_serial;officer_id;from;to\nBWC-07M01;SZ-07M01;2026-01-01;\n");
  ASSERT_EQ(C({"roster", "import", f2}).exit_code, 0);
  items = Items({"roster", "show"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["device_serial"], "BWC-07M01");
  EXPECT_EQ(LogOf("roster").back()["details"]["replaces"], sha);
}

TEST_F(RosterTest, OverlappingRowsForOneDeviceAreRefusedAndNothingChanges) {
  std::string f = Write("overlap.csv",
                        "device_serial,officer_id,from,to\n"
                        "BWC-001,SZ-1,2026-01-15 06:00,2026-01-15 14:00\n"
                        "BWC-002,SZ-2,2026-01-15 06:00,\n"
                        "BWC-001,SZ-3,2026-01-15 13:00,2026-01-15 20:00\n");
  auto r = C({"roster", "import", f});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_NE(r.err.find(f + ":4:3 (from): device \"BWC-001\" is already assigned to \"SZ-1\" from 2026-01-15 06:00:00 "
                           "until 2026-01-15 14:00:00 (line 2); this row gives it to \"SZ-3\" from 2026-01-15 13:00:00: "
                           "the periods overlap"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing imported (the roster in force is unchanged)"), std::string::npos) << r.err;
  EXPECT_TRUE(LogOf("roster").empty());
  EXPECT_TRUE(Items({"roster", "show"}).empty());
  EXPECT_NE(C({"roster", "show"}).out.find("no roster imported yet"), std::string::npos);
}

TEST_F(RosterTest, DryRunWritesNothing) {
  size_t before = Log().size();
  auto r = C({"roster", "import", Write("roster.csv", kRoster), "--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("would replace the roster in force (there is none yet)"), std::string::npos) << r.out;
  EXPECT_EQ(Log().size(), before);
  EXPECT_TRUE(Items({"roster", "show"}).empty());
  auto bad = C({"roster", "import", Write("bad.csv", "device_serial,officer_id,from\nBWC-1,SZ-1,15/01/2026\n"), "--dry-run"});
  EXPECT_EQ(bad.exit_code, 2) << bad.Describe();
}

TEST_F(RosterTest, OffloadTakesTheOfficerFromTheRosterWhenNothingElseSays) {
  ASSERT_EQ(C({"roster", "import", Write("roster.csv", kRoster)}).exit_code, 0);
  // 2026-01-20 09:00 and 15:00 Lima: the morning and the afternoon officer of BWC-04M01.
  std::string morning = AddTimedClip("m", "2026-01-20T14:00:00Z", 41);
  std::string afternoon = AddTimedClip("a", "2026-01-20T20:00:00Z", 42);
  std::string night = AddTimedClip("n", "2026-01-21T09:30:00Z", 43);  // 04:30 on the next day: overnight shift
  ASSERT_EQ(C({"offload", CamDir("m"), "--device", "BWC-04M01"}).exit_code, 0);
  ASSERT_EQ(C({"offload", CamDir("a"), "--device", "BWC-04M01"}).exit_code, 0);
  ASSERT_EQ(C({"offload", CamDir("n"), "--device", "BWC-04N01"}).exit_code, 0);
  std::map<std::string, Json> by_sha;
  for (auto& c : Clips()) by_sha[c["sha256"]] = c;
  EXPECT_EQ(by_sha[ShaOf(morning)]["officer"], "SZ-04M01");
  EXPECT_EQ(by_sha[ShaOf(morning)]["officer_source"], "roster");
  EXPECT_EQ(by_sha[ShaOf(afternoon)]["officer"], "SZ-04T01");
  EXPECT_EQ(by_sha[ShaOf(night)]["officer"], "SZ-04N01");
  // --officer wins over the roster.
  std::string flagged = AddTimedClip("f", "2026-01-20T14:30:00Z", 44);
  ASSERT_EQ(C({"offload", CamDir("f"), "--device", "BWC-04M01", "--officer", "SZ-04M02"}).exit_code, 0);
  for (auto& c : Clips()) {
    if (c["sha256"] == ShaOf(flagged)) {
      EXPECT_EQ(c["officer"], "SZ-04M02");
      EXPECT_EQ(c["officer_source"], "flag");
    }
  }
}

}  // namespace
}  // namespace custodia::testing
