// Importing attention records: the stored signed file, the custody entries,
// revisions with history, identical re-imports, the index after reindex-like
// replays.
#include <sys/stat.h>

#include "records_fixture.h"

namespace custodia::testing {
namespace {

const std::string kV1 =
    "R-1,Jorge Chávez,4,seguridad_ciudadana,riña,2026-01-16 03:15,2026-01-16 03:45,SZ-04N01|SZ-04N02,PNP,Av. Jorge Chávez 120,-12.117900,-77.033400,Riña entre dos personas.";
const std::string kV2 =
    "R-1,Jorge Chávez,4,seguridad_ciudadana,riña,2026-01-16 03:15,2026-01-16 04:05,SZ-04N01|SZ-04N02,PNP,Av. Jorge Chávez 120,-12.117900,-77.033400,Riña entre dos personas; se derivó a la PNP.";
const std::string kOther =
    "R-2,Tejada,10,fiscalizacion,comercio ambulatorio,2026-01-16 10:00,2026-01-16 10:20,SZ-10M01,,Calle Tejada 5,,,Comercio.";

class ImportTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    Init();
  }
};

TEST_F(ImportTest, StoresTheFileContentAddressedSignedAndLogsOneEntry) {
  std::string f = Write("atenciones.csv", Csv({kV1, kOther}));
  auto r = C({"import", "attentions", f, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  Json j = JsonOf(r);
  EXPECT_EQ(j["schema"], "custodia.import/1");
  EXPECT_EQ(j["files"][0]["outcome"], "imported");
  EXPECT_EQ(j["files"][0]["new"], 2);
  std::string sha = ShaOf(f);
  std::string stored = vault_ + "/imports/" + sha.substr(0, 2) + "/" + sha;
  EXPECT_EQ(ReadFile(stored), ReadFile(f));
  struct stat st;
  ASSERT_EQ(::stat(stored.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  std::string sig = ReadFile(stored + ".minisig");
  EXPECT_NE(sig.find("trusted comment: custodia import kind=attentions sha256=" + sha + " size=" +
                     std::to_string(ReadFile(f).size()) + " file=atenciones.csv rows=2 station=st-test"),
            std::string::npos)
      << sig;
  if (HaveTool("minisign")) {
    auto v = RunProcess({"minisign", "-Vm", stored, "-p", vault_ + "/keys/station.pub"});
    EXPECT_EQ(v.exit_code, 0) << v.Describe();
  }
  auto imports = LogOf("import");
  ASSERT_EQ(imports.size(), 1u);
  const Json& d = imports[0]["details"];
  EXPECT_EQ(d["import_sha256"], sha);
  EXPECT_EQ(d["file_name"], "atenciones.csv");
  EXPECT_EQ(d["format"], "csv");
  EXPECT_EQ(d["encoding"], "utf-8");
  EXPECT_EQ(d["rows"], 2);
  EXPECT_EQ(d["records"], 2);
  EXPECT_EQ(d["new"], 2);
  EXPECT_EQ(d["revised"], 0);
  EXPECT_EQ(d["unchanged"], 0);
  EXPECT_EQ(d["skipped"], 0);
  EXPECT_TRUE(d["errors"].empty());
  EXPECT_EQ(imports[0]["actor"], "tester");
  EXPECT_TRUE(LogOf("revision").empty());
}

TEST_F(ImportTest, IdenticalReImportIsANoOp) {
  std::string f = Write("a.csv", Csv({kV1, kOther}));
  ASSERT_EQ(C({"import", "attentions", f}).exit_code, 0);
  size_t entries = Log().size();
  std::string checkpoint = ReadFile(vault_ + "/log/checkpoint");
  auto r = C({"import", "attentions", f});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("no change: all 2 records are already in the vault with the same content; nothing logged"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(Log().size(), entries);
  EXPECT_EQ(ReadFile(vault_ + "/log/checkpoint"), checkpoint);
  // The same records in another file (another order, JSON Lines) are no news either.
  std::string jl = Write("a.jsonl",
                         "{\"id\":\"R-2\",\"module\":\"Tejada\",\"zone\":10,\"category\":\"Fiscalización\",\"subcategory\":"
                         "\"comercio ambulatorio\",\"opened_at\":\"2026-01-16T10:00:00-05:00\",\"closed_at\":\"2026-01-16 10:20\","
                         "\"officers\":[\"SZ-10M01\"],\"location\":{\"address\":\"Calle Tejada 5\"},\"summary\":\"Comercio.\"}\n");
  auto again = C({"import", "attentions", jl, "--json"});
  EXPECT_EQ(again.exit_code, 0) << again.Describe();
  EXPECT_EQ(JsonOf(again)["files"][0]["outcome"], "unchanged");
  EXPECT_EQ(JsonOf(again)["files"][0]["unchanged"], 1);
  EXPECT_EQ(Log().size(), entries);
}

TEST_F(ImportTest, AChangedRecordIsALoggedRevisionWithHistoryShownByShow) {
  ASSERT_EQ(C({"import", "attentions", Write("v1.csv", Csv({kV1, kOther}))}).exit_code, 0);
  std::string v2 = Write("v2.csv", Csv({kV2, kOther}));
  auto r = C({"import", "attentions", v2, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  Json f = JsonOf(r)["files"][0];
  EXPECT_EQ(f["new"], 0);
  EXPECT_EQ(f["revised"], 1);
  EXPECT_EQ(f["unchanged"], 1);
  EXPECT_EQ(f["revised_ids"], Json::array({"R-1"}));

  auto revisions = LogOf("revision");
  ASSERT_EQ(revisions.size(), 1u);
  const Json& rev = revisions[0];
  EXPECT_EQ(rev["subjects"]["attentions"], Json::array({"R-1"}));
  EXPECT_EQ(rev["details"]["old_version"], 1);
  EXPECT_EQ(rev["details"]["new_version"], 2);
  EXPECT_EQ(rev["details"]["changed"], Json::array({"closed_at", "summary"}));
  EXPECT_NE(rev["details"]["old_hash"], rev["details"]["new_hash"]);
  EXPECT_EQ(rev["details"]["import_sha256"], ShaOf(v2));

  // show: the current record, and the revision with what changed.
  auto show = C({"show", "R-1"});
  ASSERT_EQ(show.exit_code, 0) << show.Describe();
  EXPECT_NE(show.out.find("attention R-1 (version 2)"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("category   Seguridad ciudadana (seguridad_ciudadana) / riña"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("revision   version 1 -> 2"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("closed_at        2026-01-16 03:45:00 -> 2026-01-16 04:05:00"), std::string::npos) << show.out;
  auto sj = C({"show", "att:R-1", "--json"});
  ASSERT_EQ(sj.exit_code, 0) << sj.Describe();
  Json s = JsonOf(sj);
  EXPECT_EQ(s["attention"]["version"], 2);
  EXPECT_EQ(s["attention"]["category_label"], "Seguridad ciudadana");
  ASSERT_EQ(s["revisions"].size(), 1u);
  EXPECT_EQ(s["revisions"][0]["before"]["closed_at"], "2026-01-16T08:45:00.000Z");
  EXPECT_EQ(s["revisions"][0]["changed"], Json::array({"closed_at", "summary"}));
  // Both imports and the revision are in its custody list.
  std::vector<std::string> actions;
  for (auto& e : s["custody"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"import", "import", "revision"}));

  // Importing v1 again is a revision back (version 3), never a silent overwrite.
  auto back = C({"import", "attentions", dir_ / "v1.csv", "--json"});
  ASSERT_EQ(back.exit_code, 0) << back.Describe();
  EXPECT_EQ(JsonOf(back)["files"][0]["revised"], 1);
  EXPECT_EQ(Items({"attentions", "--module", "jorge chavez"})[0]["version"], 3);
}

TEST_F(ImportTest, EveryCommandSaysWhatItIsAndHasExamples) {
  for (auto cmd : std::vector<std::vector<std::string>>{{"import", "attentions", "--help"},
                                                        {"roster", "import", "--help"},
                                                        {"link", "--help"},
                                                        {"unlink", "--help"},
                                                        {"amend", "--help"},
                                                        {"attentions", "--help"},
                                                        {"report", "--help"}}) {
    auto r = C(cmd);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_NE(r.out.find("Examples:"), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace custodia::testing
