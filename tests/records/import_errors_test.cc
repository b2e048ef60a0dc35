// Bad attention files: each is refused with file:line:column (field) and why,
// nothing is imported (exit 2) unless --skip-bad (exit 3), and --dry-run
// writes nothing.
#include "records_fixture.h"

namespace custodia::testing {
namespace {

const std::string kGood1 =
    "A-1,Tejada,10,fiscalizacion,ruidos molestos,2026-01-15 10:00,2026-01-15 10:30,SZ-10M01,,Calle Tejada 120,-12.126400,-77.030900,Ruidos.";
const std::string kGood2 =
    "A-2,Tejada,10,Seguridad ciudadana,riña,2026-01-15 11:00,2026-01-15 11:20,SZ-10M02|SZ-10M01,PNP,Calle Berlín 5,,,Riña.";

class ImportErrorsTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    Init();
  }
  size_t LogSize() { return Log().size(); }
  // Imports, expects `code`, and that stderr has every one of `needles`.
  RunResult Expect(const std::vector<std::string>& args, int code, const std::vector<std::string>& needles) {
    auto r = C(args);
    EXPECT_EQ(r.exit_code, code) << r.Describe();
    for (const auto& n : needles) EXPECT_NE(r.err.find(n), std::string::npos) << "missing: " << n << "\n" << r.Describe();
    return r;
  }
  void ExpectNothingImported(size_t log_before) {
    EXPECT_EQ(LogSize(), log_before);
    EXPECT_TRUE(Items({"attentions"}).empty());
    EXPECT_FALSE(std::filesystem::exists(vault_ + "/imports") &&
                 !std::filesystem::is_empty(vault_ + "/imports"));
  }
};

TEST_F(ImportErrorsTest, MissingColumnIsAFileLevelErrorNamingIt) {
  size_t before = LogSize();
  std::string f = Write("att.csv", "id,module,zone,category,closed_at,officers\nA-1,Tejada,10,fiscalizacion,2026-01-15 10:00,SZ-1\n");
  Expect({"import", "attentions", f}, 2, {f + ":1 (header): missing required column \"opened_at\""});
  ExpectNothingImported(before);
}

TEST_F(ImportErrorsTest, UnknownCategoryNamesLineColumnAndTheAcceptedValues) {
  size_t before = LogSize();
  std::string f = Write("att.csv", Csv({kGood1, "A-3,Tejada,10,robo,,2026-01-15 12:00,2026-01-15 12:10,SZ-10M01,,,,,"}));
  auto r = Expect({"import", "attentions", f}, 2,
                  {f + ":3:4 (category): unknown category \"robo\"", "fiscalizacion (Fiscalización)",
                   "nothing was imported (all-or-nothing)", "--skip-bad"});
  ExpectNothingImported(before);
}

TEST_F(ImportErrorsTest, ClosedBeforeOpened) {
  std::string f = Write("att.csv", Csv({"A-1,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 09:30,SZ-10M01,,,,,"}));
  Expect({"import", "attentions", f}, 2, {f + ":2:7 (closed_at): closed_at \"2026-01-15 09:30\" is before opened_at"});
}

TEST_F(ImportErrorsTest, DuplicateIdWithinAFileNamesTheEarlierLine) {
  std::string f = Write("att.csv", Csv({kGood1, kGood2, kGood1}));
  Expect({"import", "attentions", f}, 2, {f + ":4:1 (id): duplicate id \"A-1\": line 2 already has it"});
}

TEST_F(ImportErrorsTest, DayFirstAndBareDatesAreRefused) {
  std::string f = Write("att.csv", Csv({"A-1,Tejada,10,fiscalizacion,,31/01/2026 22:15,2026-01-31 22:45,SZ-10M01,,,,,",
                                        "A-2,Tejada,10,fiscalizacion,,2026-01-31,2026-01-31 22:45,SZ-10M01,,,,,"}));
  Expect({"import", "attentions", f}, 2,
         {f + ":2:6 (opened_at): \"31/01/2026 22:15\" is written day-first", f + ":3:6 (opened_at): \"2026-01-31\" has no time of day"});
}

TEST_F(ImportErrorsTest, Latin1IsRejectedWithTheHintAndAcceptedWithWindows1252) {
  std::string row = "A-9,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-10M01,,Calle Berl\xEDn 5,,,Se levant\xF3 el acta.";
  std::string f = Write("latin1.csv", Csv({row}));
  Expect({"import", "attentions", f}, 2, {f + ":2:", "invalid UTF-8 (byte 0xED", "--encoding windows-1252"});
  EXPECT_TRUE(Items({"attentions"}).empty());
  auto ok = C({"import", "attentions", f, "--encoding", "windows-1252"});
  ASSERT_EQ(ok.exit_code, 0) << ok.Describe();
  auto items = Items({"attentions"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["location"]["address"], "Calle Berlín 5");
  EXPECT_EQ(items[0]["summary"], "Se levantó el acta.");
  // The stored file is the original bytes; the entry says how to read them.
  auto imports = LogOf("import");
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0]["details"]["encoding"], "windows-1252");
  EXPECT_EQ(imports[0]["details"]["import_sha256"], ShaOf(f));
}

TEST_F(ImportErrorsTest, EmptyFileAndHeaderOnly) {
  std::string empty = Write("empty.csv", "");
  Expect({"import", "attentions", empty}, 2, {empty + ": the file is empty (0 bytes)"});
  std::string header = Write("header.csv", Csv({}));
  Expect({"import", "attentions", header}, 2, {header + ": the file has a header but no rows"});
}

TEST_F(ImportErrorsTest, WrongDelimiterIsNamed) {
  std::string f = Write("att.tsv.csv", "id\tmodule\tzone\tcategory\topened_at\tclosed_at\tofficers\n"
                                        "A-1\tTejada\t10\tfiscalizacion\t2026-01-15 10:00\t2026-01-15 10:30\tSZ-1\n");
  Expect({"import", "attentions", f}, 2, {f + ":1:1: the header is a single column", "tab-separated"});
}

TEST_F(ImportErrorsTest, SemicolonCsvWithBomAndCrlfIsFine) {
  std::string f = Write("excel.csv", "\xEF\xBB\xBFid;module;zone;category;opened_at;closed_at;officers;lat;lon\r\n"
                                     "A-1;Tejada;10;Fiscalización;2026-01-15 10:00;2026-01-15 10:30;SZ-10M01;-12,1264;-77,0309\r\n");
  auto r = C({"import", "attentions", f});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  auto items = Items({"attentions"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["category"], "fiscalizacion");
  EXPECT_EQ(items[0]["location"]["lat"], "-12.1264");
}

TEST_F(ImportErrorsTest, UnknownOfficerIsABadRowOnceARosterIsImported) {
  // Without a roster nothing is known: every officer id is accepted (and said so).
  std::string roster = Write("roster.csv", "device_serial,officer_id,from,to\nBWC-1,SZ-10M01,2026-01-01,\nBWC-2,SZ-10M02,2026-01-01,\n");
  ASSERT_EQ(C({"roster", "import", roster}).exit_code, 0);
  size_t before = LogSize();
  std::string f = Write("att.csv", Csv({kGood1, "A-5,Tejada,10,fiscalizacion,,2026-01-15 12:00,2026-01-15 12:10,SZ-10M01|SZ-99X01,,,,,"}));
  Expect({"import", "attentions", f}, 2,
         {f + ":3:8 (officers): officer \"SZ-99X01\" is not in the roster (roster.csv", "2 officers)"});
  EXPECT_EQ(LogSize(), before);
  // JSON Lines: the column is the member's position in the line.
  std::string j = Write("att.jsonl",
                        "{\"id\":\"J-1\",\"module\":\"Tejada\",\"zone\":10,\"category\":\"fiscalizacion\",\"officers\":[\"X-1\"],"
                        "\"opened_at\":\"2026-01-15 10:00\",\"closed_at\":\"2026-01-15 10:30\"}\n");
  Expect({"import", "attentions", j}, 2, {j + ":1:5 (officers): officer \"X-1\" is not in the roster"});
  // --skip-bad leaves the row out, and so does every replay of the entry.
  auto r = C({"import", "attentions", f, "--skip-bad"});
  EXPECT_EQ(r.exit_code, 3) << r.Describe();
  auto items = Items({"attentions"});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["id"], "A-1");
  auto imports = LogOf("import");
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0]["details"]["skipped"], 1);
  EXPECT_EQ(imports[0]["details"]["roster_sha256"], ShaOf(roster));
  EXPECT_EQ(imports[0]["details"]["errors"][0]["line"], 3);
}

TEST_F(ImportErrorsTest, SkipBadImportsTheGoodRowsListsTheRestAndExits3) {
  std::string f = Write("att.csv", Csv({kGood1, "A-3,Tejada,10,robo,,2026-01-15 12:00,2026-01-15 12:10,SZ-10M01,,,,,", kGood2}));
  auto r = C({"import", "attentions", f, "--skip-bad"});
  EXPECT_EQ(r.exit_code, 3) << r.Describe();
  EXPECT_NE(r.err.find(f + ":3:4 (category)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 bad row left out (--skip-bad)"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("imported 3 rows: 2 records (2 new, 0 revised, 0 unchanged), 1 bad rows left out"), std::string::npos)
      << r.out;
  EXPECT_EQ(Items({"attentions"}).size(), 2u);
  auto imports = LogOf("import");
  ASSERT_EQ(imports.size(), 1u);
  const Json& d = imports[0]["details"];
  EXPECT_EQ(d["rows"], 3);
  EXPECT_EQ(d["records"], 2);
  EXPECT_EQ(d["new"], 2);
  EXPECT_EQ(d["skipped"], 1);
  EXPECT_EQ(d["errors"].size(), 1u);
  EXPECT_EQ(d["errors"][0]["field"], "category");
}

TEST_F(ImportErrorsTest, DryRunChecksEverythingAndWritesNothing) {
  size_t before = LogSize();
  std::string good = Write("good.csv", Csv({kGood1, kGood2}));
  std::string bad = Write("bad.csv", Csv({kGood1, "A-3,Tejada,10,robo,,2026-01-15 12:00,2026-01-15 12:10,SZ-10M01,,,,,"}));
  auto r = C({"import", "attentions", good, "--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("would import 2 rows: 2 records (2 new"), std::string::npos) << r.out;
  EXPECT_EQ(C({"import", "attentions", bad, "--dry-run"}).exit_code, 2);
  EXPECT_EQ(C({"import", "attentions", bad, "--dry-run", "--skip-bad"}).exit_code, 3);
  ExpectNothingImported(before);
}

TEST_F(ImportErrorsTest, OneBadFileMeansNoFileIsImported) {
  size_t before = LogSize();
  std::string good = Write("good.csv", Csv({kGood1}));
  std::string bad = Write("bad.csv", Csv({"A-3,Tejada,10,robo,,2026-01-15 12:00,2026-01-15 12:10,SZ-10M01,,,,,"}));
  auto r = C({"import", "attentions", good, bad, "--json"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  Json j = JsonOf(r);
  EXPECT_EQ(j["files"][0]["outcome"], "not_imported");
  EXPECT_EQ(j["files"][1]["outcome"], "rejected");
  ExpectNothingImported(before);
  // With --skip-bad the good file goes in and the bad one is listed: exit 3.
  auto s = C({"import", "attentions", good, bad, "--skip-bad"});
  EXPECT_EQ(s.exit_code, 3) << s.Describe();
  EXPECT_EQ(Items({"attentions"}).size(), 1u);
}

TEST_F(ImportErrorsTest, MissingFileIsBadInput) {
  std::string f = dir_ / "nope.csv";
  Expect({"import", "attentions", f}, 2, {f + ": no such file"});
}

}  // namespace
}  // namespace custodia::testing
