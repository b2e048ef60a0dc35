// Importing attention records: the stored signed file, the custody entries,
// revisions with history, identical re-imports, the index after reindex-like
// replays.
#include <sys/stat.h>

#include <set>
#include <thread>

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

TEST_F(ImportTest, ConcurrentImportsOfOneFileImportItOnce) {
  std::string csv = Generate(2000, 5);
  RunResult a, b;
  std::thread ta([&] { a = C({"import", "attentions", csv, "--json"}); });
  std::thread tb([&] { b = C({"import", "attentions", csv, "--json"}); });
  ta.join();
  tb.join();
  ASSERT_EQ(a.exit_code, 0) << a.Describe();
  ASSERT_EQ(b.exit_code, 0) << b.Describe();
  std::multiset<std::string> outcomes = {JsonOf(a)["files"][0]["outcome"], JsonOf(b)["files"][0]["outcome"]};
  EXPECT_EQ(outcomes, (std::multiset<std::string>{"imported", "unchanged"}));
  EXPECT_EQ(LogOf("import").size(), 1u);
  EXPECT_EQ(LogOf("import")[0]["details"]["new"], 2000);
  EXPECT_EQ(Items({"attentions"}).size(), 2000u);
}

TEST_F(ImportTest, ReindexGivesTheSameAnswers) {
  std::string roster = Write("roster.csv", "device_serial,officer_id,from,to\nBWC-04N01,SZ-04N01,2026-01-01,\n"
                                           "BWC-04N02,SZ-04N02,2026-01-01,\nBWC-10M01,SZ-10M01,2026-01-01,\n");
  ASSERT_EQ(C({"roster", "import", roster}).exit_code, 0);
  std::string bad = "R-9,Tejada,10,fiscalizacion,,2026-01-16 11:00,2026-01-16 11:20,SZ-77X01,,,,,Desconocido.";
  ASSERT_EQ(C({"import", "attentions", Write("v1.csv", Csv({kV1, kOther, bad})), "--skip-bad"}).exit_code, 3);
  ASSERT_EQ(C({"import", "attentions", Write("v2.csv", Csv({kV2, kOther}))}).exit_code, 0);
  std::string clip = ShaOf(AddTimedClip("n", "2026-01-16T08:30:00Z", 51));  // 03:30 Lima, during R-1
  ASSERT_EQ(C({"offload", CamDir("n"), "--device", "BWC-04N02"}).exit_code, 0);
  ASSERT_EQ(C({"unlink", clip.substr(0, 10), "R-1", "--reason", "not this one"}).exit_code, 0);
  auto answers = [&] {
    std::string out;
    for (auto args : std::vector<std::vector<std::string>>{{"attentions", "--json"},
                                                           {"report", "--by", "officer", "--json"},
                                                           {"report", "--by", "month", "--json"},
                                                           {"clips", "--unlinked", "--json"},
                                                           {"roster", "show", "--json"}}) {
      out += C(args).out;
    }
    Json shown = JsonOf(C({"show", "R-1", "--json"}));
    out += shown["revisions"].dump() + shown["attention"].dump();
    return out;
  };
  std::string before = answers();
  EXPECT_EQ(Items({"attentions"}).size(), 2u);  // R-9 named an officer the roster does not know
  auto r = C({"reindex"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(answers(), before);
  // The unlink still holds after the rebuild.
  auto la = C({"link", "auto", "--json"});
  EXPECT_TRUE(JsonOf(la)["items"].empty()) << la.out;
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
