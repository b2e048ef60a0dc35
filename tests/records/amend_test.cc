// amend: the signed manifest stays, the amendment is logged, the index and
// the automatic links follow it.
#include "records_fixture.h"

namespace custodia::testing {
namespace {

const std::string kRoster =
    "device_serial,officer_id,from,to\n"
    "BWC-04M01,SZ-04M01,2026-01-20 06:00,2026-01-20 14:00\n"
    "BWC-04M02,SZ-04M02,2026-01-20 06:00,2026-01-20 14:00\n";

class AmendTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    Init();
    ASSERT_EQ(C({"roster", "import", Write("roster.csv", kRoster)}).exit_code, 0);
    std::string att = Write("att.csv", Csv({
        "H-1,Jorge Chávez,4,fiscalizacion,,2026-01-20 10:00,2026-01-20 10:30,SZ-04M01,,,,,Uno.",
        "H-2,Jorge Chávez,4,seguridad_ciudadana,,2026-01-20 10:05,2026-01-20 10:20,SZ-04M02,,,,,Dos.",
    }));
    ASSERT_EQ(C({"import", "attentions", att}).exit_code, 0);
    clip_ = ShaOf(AddTimedClip("c", "2026-01-20T15:10:00Z", 31));
    auto r = C({"offload", CamDir("c"), "--device", "BWC-04M01"});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }
  Json ClipJson() {
    for (auto& c : Clips()) {
      if (c["sha256"] == clip_) return c;
    }
    return Json();
  }
  std::set<std::string> LinkedTo() {
    std::set<std::string> out;
    Json shown = JsonOf(C({"show", "clip:" + clip_, "--json"}));
    for (auto& l : shown["links"]) out.insert(l["attention"]);
    return out;
  }
  std::string clip_;
};

TEST_F(AmendTest, OfficerAmendmentIsLoggedTheIndexAndLinksFollowTheManifestStays) {
  ASSERT_EQ(ClipJson()["officer"], "SZ-04M01");
  ASSERT_EQ(LinkedTo(), std::set<std::string>{"H-1"});
  std::string manifest = ReadFile(Manifest(clip_));
  std::string sig = ReadFile(Manifest(clip_) + ".minisig");

  auto r = C({"amend", clip_.substr(0, 8), "--officer", "SZ-04M02", "--reason", "cameras swapped at shift start"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("officer SZ-04M01 -> SZ-04M02"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 new links, 1 automatic links removed"), std::string::npos) << r.out;

  Json c = ClipJson();
  EXPECT_EQ(c["officer"], "SZ-04M02");
  EXPECT_EQ(c["officer_source"], "amend");
  EXPECT_EQ(Items({"clips", "--officer", "SZ-04M02"}).size(), 1u);
  EXPECT_TRUE(Items({"clips", "--officer", "SZ-04M01"}).empty());
  EXPECT_EQ(ReadFile(Manifest(clip_)), manifest);
  EXPECT_EQ(ReadFile(Manifest(clip_) + ".minisig"), sig);
  EXPECT_EQ(LinkedTo(), std::set<std::string>{"H-2"});

  auto amends = LogOf("amend");
  ASSERT_EQ(amends.size(), 1u);
  EXPECT_EQ(amends[0]["subjects"]["clips"], Json::array({clip_}));
  EXPECT_EQ(amends[0]["reason"], "cameras swapped at shift start");
  EXPECT_EQ(amends[0]["details"]["field"], "officer");
  EXPECT_EQ(amends[0]["details"]["old"], "SZ-04M01");
  EXPECT_EQ(amends[0]["details"]["new"], "SZ-04M02");
  auto unlinks = LogOf("unlink");
  ASSERT_EQ(unlinks.size(), 1u);
  EXPECT_EQ(unlinks[0]["details"]["method"], "auto");
  EXPECT_EQ(unlinks[0]["subjects"]["attentions"], Json::array({"H-1"}));

  // An automatic unlink blocks nothing: amended back, the rule links H-1 again.
  ASSERT_EQ(C({"amend", clip_.substr(0, 8), "--officer", "SZ-04M01", "--reason", "it was right after all"}).exit_code, 0);
  EXPECT_EQ(LinkedTo(), std::set<std::string>{"H-1"});
  // The same value again changes nothing.
  auto same = C({"amend", clip_.substr(0, 8), "--officer", "SZ-04M01", "--reason", "again"});
  EXPECT_EQ(same.exit_code, 0);
  EXPECT_NE(same.out.find("the officer is already SZ-04M01; nothing changed"), std::string::npos) << same.out;
  EXPECT_EQ(LogOf("amend").size(), 2u);
}

TEST_F(AmendTest, DeviceAmendment) {
  auto r = C({"amend", clip_.substr(0, 8), "--device", "BWC-04M07", "--reason", "serial misread by the dock", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(JsonOf(r)["old"], "BWC-04M01");
  EXPECT_EQ(ClipJson()["device"], "BWC-04M07");
  EXPECT_EQ(Items({"clips", "--device", "BWC-04M07"}).size(), 1u);
  EXPECT_EQ(LinkedTo(), std::set<std::string>{"H-1"});  // links follow the officer, not the device
}

TEST_F(AmendTest, BadAmendmentsAreUsageErrors) {
  size_t before = Log().size();
  auto no_reason = C({"amend", clip_.substr(0, 8), "--officer", "SZ-04M02"});
  EXPECT_EQ(no_reason.exit_code, 2);
  EXPECT_NE(no_reason.err.find("a reason is required"), std::string::npos) << no_reason.err;
  EXPECT_EQ(C({"amend", clip_.substr(0, 8), "--reason", "x"}).exit_code, 2);
  EXPECT_EQ(C({"amend", clip_.substr(0, 8), "--officer", "SZ-04M02", "--device", "B", "--reason", "x"}).exit_code, 2);
  auto unknown = C({"amend", clip_.substr(0, 8), "--officer", "SZ-77X01", "--reason", "x"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("officer \"SZ-77X01\" is not in the roster in force (roster.csv, 2 officers)"),
            std::string::npos)
      << unknown.err;
  EXPECT_EQ(C({"amend", clip_.substr(0, 8), "--officer", "bad id!", "--reason", "x"}).exit_code, 2);
  EXPECT_EQ(C({"amend", "0123456789", "--officer", "SZ-04M02", "--reason", "x"}).exit_code, 2);
  EXPECT_EQ(Log().size(), before);
}

}  // namespace
}  // namespace custodia::testing
