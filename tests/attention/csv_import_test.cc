// CSV attention imports: the good paths of SPEC §6 and every bad input, each
// with the exact message a records clerk would read.
#include <gtest/gtest.h>

#include "custodia/attention.h"
#include "test_helpers.h"

namespace custodia::testing {
namespace {

AttentionImport MustParse(const std::string& text, const std::string& file = "att.csv",
                          const ImportOptions& options = LimaOptions()) {
  auto r = ParseAttentions(text, file, options);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : AttentionImport();
}

std::string FileError(const std::string& text, const std::string& file = "att.csv",
                      const ImportOptions& options = LimaOptions()) {
  auto r = ParseAttentions(text, file, options);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  return r.status().message();
}

TEST(CsvImport, GoodRowGivesTheExactRecord) {
  AttentionImport imp = MustParse(kHeader + kGoodRow);
  EXPECT_EQ(imp.format, ImportFormat::kCsv);
  EXPECT_EQ(imp.delimiter, ',');
  EXPECT_EQ(imp.rows, 1u);
  ASSERT_EQ(imp.records.size(), 1u);
  EXPECT_TRUE(imp.errors.empty());
  EXPECT_EQ(imp.record_lines, std::vector<uint64_t>{2});
  const Attention& a = imp.records[0];
  EXPECT_EQ(a.id, "A-1");
  EXPECT_EQ(a.module, "Jorge Chávez");
  EXPECT_EQ(a.zone, 4);
  EXPECT_EQ(a.category, "fiscalizacion");
  EXPECT_EQ(a.subcategory, "comercio ambulatorio");
  EXPECT_EQ(FormatUtc(a.opened_at), "2026-01-15T15:00:00.000Z");  // Lima is UTC-5
  EXPECT_EQ(FormatUtc(a.closed_at), "2026-01-15T15:30:00.000Z");
  EXPECT_EQ(a.officers, std::vector<std::string>{"SZ-04M01"});
  EXPECT_TRUE(a.agencies.empty());
  EXPECT_EQ(a.address, "Av. Jorge Chávez 210");
  EXPECT_EQ(a.lat, "-12.117900");
  EXPECT_EQ(a.lon, "-77.033400");
  EXPECT_EQ(a.summary, "Se retiró al ambulante.");
}

TEST(CsvImport, Utf8ByteOrderMarkIsSkipped) {
  AttentionImport imp = MustParse("\xEF\xBB\xBF" + kHeader + kGoodRow);
  ASSERT_EQ(imp.records.size(), 1u);
  EXPECT_EQ(imp.records[0].id, "A-1");
}

TEST(CsvImport, SemicolonsQuotesAndLineBreaksInsideFields) {
  std::string text =
      "id;module;zone;category;opened_at;closed_at;officers;agencies;summary\r\n"
      "A-1;Tejada;10;fiscalizacion;2026-01-15 10:00;2026-01-15 10:30;SZ-10M01|SZ-10M02;PNP|SAMU;"
      "\"Vecino dice \"\"ya basta\"\"; pide apoyo\r\nsegunda línea\"\r\n"
      "A-2;Tejada;10;fiscalizacion;2026-01-15 11:00;2026-01-15 11:30;SZ-10M01;;\"a;b\"\r\n";
  AttentionImport imp = MustParse(text);
  EXPECT_EQ(imp.delimiter, ';');
  ASSERT_EQ(imp.records.size(), 2u) << ::testing::PrintToString(ErrorStrings(imp));
  EXPECT_EQ(imp.record_lines, (std::vector<uint64_t>{2, 4}));  // the first record spans lines 2-3
  EXPECT_EQ(imp.records[0].summary, "Vecino dice \"ya basta\"; pide apoyo\nsegunda línea");  // CRLF -> LF
  EXPECT_EQ(imp.records[0].officers, (std::vector<std::string>{"SZ-10M01", "SZ-10M02"}));
  EXPECT_EQ(imp.records[0].agencies, (std::vector<std::string>{"PNP", "SAMU"}));
  EXPECT_EQ(imp.records[1].summary, "a;b");
}

TEST(CsvImport, HeaderInAnyOrderWithOnlyTheRequiredColumns) {
  std::string text =
      "officers,closed_at,opened_at,category,zone,module,id\n"
      "SZ-13T01 | SZ-13T02 ,2026-02-01 15:10,2026-02-01 14:50,Seguridad ciudadana,13,Francisco de Zela,B-7\n";
  AttentionImport imp = MustParse(text);
  ASSERT_EQ(imp.records.size(), 1u) << ::testing::PrintToString(ErrorStrings(imp));
  const Attention& a = imp.records[0];
  EXPECT_EQ(a.id, "B-7");
  EXPECT_EQ(a.module, "Francisco de Zela");
  EXPECT_EQ(a.zone, 13);
  EXPECT_EQ(a.category, "seguridad_ciudadana");
  EXPECT_EQ(a.officers, (std::vector<std::string>{"SZ-13T01", "SZ-13T02"}));
  EXPECT_EQ(a.subcategory, "");
  EXPECT_EQ(a.lat, "");
  EXPECT_EQ(a.lon, "");
  EXPECT_EQ(FormatUtc(a.opened_at), "2026-02-01T19:50:00.000Z");
}

TEST(CsvImport, CategoriesByIdOrLabelAnyCaseWithOrWithoutAccents) {
  const std::pair<std::string, std::string> cases[] = {
      {"fiscalizacion", "fiscalizacion"},
      {"Fiscalización", "fiscalizacion"},
      {"FISCALIZACIÓN", "fiscalizacion"},
      {"Fiscalizacion", "fiscalizacion"},
      {"Seguridad ciudadana", "seguridad_ciudadana"},
      {"SEGURIDAD_CIUDADANA", "seguridad_ciudadana"},
      {"  seguridad ciudadana ", "seguridad_ciudadana"},
      {"Obras y servicios públicos", "obras_servicios_publicos"},
      {"OBRAS Y SERVICIOS PUBLICOS", "obras_servicios_publicos"},
      {"obras_servicios_publicos", "obras_servicios_publicos"},
      {"Apoyo al turista", "apoyo_turista"},
      {"apoyo turista", "apoyo_turista"},
      {"Defensa Civil", "defensa_civil"},
      {"desarrollo-humano", "desarrollo_humano"},
      {"Seguridad Vial", "seguridad_vial"},
  };
  std::string text = kHeader;
  int n = 0;
  for (const auto& [label, id] : cases) {
    text += "C-" + std::to_string(++n) + ",Tejada,10," + label + ",,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\n";
  }
  AttentionImport imp = MustParse(text);
  ASSERT_EQ(imp.records.size(), std::size(cases)) << ::testing::PrintToString(ErrorStrings(imp));
  for (size_t i = 0; i < std::size(cases); ++i) EXPECT_EQ(imp.records[i].category, cases[i].second) << cases[i].first;
}

TEST(CsvImport, LocalAndOffsetTimesMeanTheSameInstant) {
  std::string text = "id,module,zone,category,opened_at,closed_at,officers\n";
  const char* forms[] = {"2026-01-15 10:00", "2026-01-15 10:00:00", "2026-01-15T10:00", "2026-01-15T10:00:00",
                         "2026-01-15T10:00:00-05:00", "2026-01-15T15:00:00Z", "2026-01-15T16:00:00+01:00"};
  int n = 0;
  for (const char* f : forms) {
    text += "T-" + std::to_string(++n) + ",Tejada,10,fiscalizacion," + f + ",2026-01-15T15:30:00Z,SZ-1\n";
  }
  AttentionImport imp = MustParse(text);
  ASSERT_EQ(imp.records.size(), std::size(forms)) << ::testing::PrintToString(ErrorStrings(imp));
  for (const Attention& a : imp.records) EXPECT_EQ(FormatUtc(a.opened_at), "2026-01-15T15:00:00.000Z") << a.id;
}

TEST(CsvImport, LocalTimesUseTheVaultTimeZone) {
  ImportOptions utc;  // default: UTC
  AttentionImport imp = MustParse(kHeader + kGoodRow, "att.csv", utc);
  ASSERT_EQ(imp.records.size(), 1u);
  EXPECT_EQ(FormatUtc(imp.records[0].opened_at), "2026-01-15T10:00:00.000Z");
}

TEST(CsvImport, DecimalCommaInCoordinatesBecomesAPointDigitsKept) {
  std::string text =
      "id;module;zone;category;opened_at;closed_at;officers;lat;lon\n"
      "A-1;Tejada;10;fiscalizacion;2026-01-15 10:00;2026-01-15 10:30;SZ-1;-12,126400;-77,0309\n";
  AttentionImport imp = MustParse(text);
  ASSERT_EQ(imp.records.size(), 1u) << ::testing::PrintToString(ErrorStrings(imp));
  EXPECT_EQ(imp.records[0].lat, "-12.126400");
  EXPECT_EQ(imp.records[0].lon, "-77.0309");
}

TEST(CsvImport, BlankLinesAndEmptyRowsAreSkipped) {
  AttentionImport imp = MustParse(kHeader + "\n" + kGoodRow + ",,,,,,,,,,,,\n\n");
  EXPECT_EQ(imp.rows, 1u);
  EXPECT_EQ(imp.records.size(), 1u);
  EXPECT_EQ(imp.record_lines, std::vector<uint64_t>{3});
}

TEST(CsvImport, SpreadsheetExportWithBlankLinesAndTrailingUnnamedColumns) {
  std::string text =
      "\r\n;;;\r\n"
      "id;module;zone;category;opened_at;closed_at;officers;;\r\n"
      "A-1;Tejada;10;fiscalizacion;2026-01-15 10:00;2026-01-15 10:30;SZ-1;;\r\n"
      "A-2;Tejada;10;fiscalizacion;2026-01-15 10:00;2026-01-15 10:30;SZ-1;;olvidado\r\n";
  AttentionImport imp = MustParse(text);
  EXPECT_EQ(imp.delimiter, ';');
  EXPECT_EQ(imp.record_lines, std::vector<uint64_t>{4});
  EXPECT_EQ(ErrorStrings(imp), std::vector<std::string>{"att.csv:5:9: a value in column 9, which has no name in "
                                                        "the header; name the column or move the value"});
}

TEST(CsvImport, SameBytesSameResult) {
  std::string text = kHeader + kGoodRow + "A-2,Tejada,x,robo,,2026-01-15,2026-01-15 10:30,,,,,,\n";
  AttentionImport a = MustParse(text), b = MustParse(text);
  ASSERT_EQ(a.records.size(), b.records.size());
  for (size_t i = 0; i < a.records.size(); ++i) EXPECT_EQ(a.records[i].ToCanonicalJson(), b.records[i].ToCanonicalJson());
  EXPECT_EQ(ErrorStrings(a), ErrorStrings(b));
}

// ---- file-level errors ----

TEST(CsvImportFile, MissingRequiredColumnNamesItAndShowsTheHeader) {
  EXPECT_EQ(FileError("id,module,zone,category,closed_at,officers\nA-1,Tejada,10,fiscalizacion,2026-01-15 10:30,SZ-1\n"),
            "att.csv:1 (header): missing required column \"opened_at\"; the header has: id, module, zone, category, "
            "closed_at, officers");
  EXPECT_EQ(FileError("id;zone;category;officers\n"),
            "att.csv:1 (header): missing required columns \"module\", \"opened_at\", \"closed_at\"; the header has: id, "
            "zone, category, officers");
}

TEST(CsvImportFile, UnknownAndRepeatedColumnsAreRejected) {
  EXPECT_EQ(FileError("id,module,zone,category,opened_at,closed_at,officers,estado,zone\n"),
            "att.csv:1 (header): column \"zone\" appears twice (columns 3 and 9); unknown column \"estado\" (column 8); "
            "rename or remove it (custodia does not drop data silently)");
}

TEST(CsvImportFile, QuotedHeaderNamesWithEscapedQuotes) {
  // Regression: the delimiter probe kept views into a reader it had destroyed (found by ASan).
  EXPECT_EQ(FileError("\"id\",\"mod\"\"ule\",zone,category,opened_at,closed_at,officers,module\n"),
            "att.csv:1 (header): unknown column \"mod\\\"ule\" (column 2); rename or remove it (custodia does not drop "
            "data silently)");
}

TEST(CsvImportFile, WrongDelimiterIsExplained) {
  EXPECT_EQ(FileError("id\tmodule\tzone\tcategory\topened_at\tclosed_at\tofficers\nA-1\tTejada\n", "att.tsv"),
            "att.tsv:1:1: the header is a single column (\"id\\tmodule\\tzone\\tcategory\\topened_at\\tclosed_at\\t"
            "officers\"): the file looks tab-separated; custodia reads CSV with ',' or ';' between the columns");
  EXPECT_EQ(FileError("id|module|zone|category|opened_at|closed_at|officers\n"),
            "att.csv:1:1: the header is a single column (\"id|module|zone|category|opened_at|closed_at|officers\"): "
            "the file looks separated by '|'; custodia reads CSV with ',' or ';' between the columns");
}

TEST(CsvImportFile, EmptyFileAndHeaderOnly) {
  EXPECT_EQ(FileError(""), "att.csv: the file is empty (0 bytes)");
  EXPECT_EQ(FileError(" \n\r\n"), "att.csv: the file is empty (only white space)");
  EXPECT_EQ(FileError(kHeader), "att.csv: the file has a header but no rows");
  EXPECT_EQ(FileError(kHeader + "\n\n,,,,,,,,,,,,\n"), "att.csv: the file has a header but no rows");
}

TEST(CsvImportFile, Latin1IsRejectedWithTheHint) {
  std::string latin1 = kHeader + "A-1,Jorge Ch\xE1vez,4,Fiscalizaci\xF3n,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,"
                                 "Calle Espa\xF1" "a 5,,,\n";
  auto r = ParseAttentions(latin1, "lat1.csv", LimaOptions());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "lat1.csv:2:13: invalid UTF-8 (byte 0xE1, which Windows-1252 reads as \"á\"): the file looks like "
            "Windows-1252/Latin-1, not UTF-8; re-run with --encoding windows-1252");
  EXPECT_EQ(r.status().hint(), "or convert the file first: iconv -f WINDOWS-1252 -t UTF-8 lat1.csv > converted.csv");

  ImportOptions cp1252 = LimaOptions();
  cp1252.encoding = TextEncoding::kWindows1252;
  AttentionImport imp = MustParse(latin1, "lat1.csv", cp1252);
  ASSERT_EQ(imp.records.size(), 1u) << ::testing::PrintToString(ErrorStrings(imp));
  EXPECT_EQ(imp.records[0].module, "Jorge Chávez");
  EXPECT_EQ(imp.records[0].category, "fiscalizacion");
  EXPECT_EQ(imp.records[0].address, "Calle España 5");
}

TEST(CsvImportFile, Windows1252OnAUtf8FileIsRefused) {
  ImportOptions cp1252 = LimaOptions();
  cp1252.encoding = TextEncoding::kWindows1252;
  auto r = ParseAttentions(kHeader + kGoodRow, "att.csv", cp1252);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "att.csv:2:13: the file is already UTF-8 (it has \"á\" here); reading it as Windows-1252 would garble "
            "every accent (\"Ã¡\")");
  EXPECT_EQ(r.status().hint(), "re-run without --encoding windows-1252");
  // Plain ASCII reads the same in both.
  std::string ascii = kHeader + "A-1,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\n";
  EXPECT_TRUE(ParseAttentions(ascii, "att.csv", cp1252).ok());
}

TEST(CsvImportFile, Utf16IsRecognised) {
  EXPECT_EQ(FileError(std::string("\xFF\xFEi\0d\0", 6)),
            "att.csv:1:1: the file is UTF-16 (Excel's \"Unicode text\"), not UTF-8");
}

// ---- row errors: every one, with file:line:column (field) ----

TEST(CsvImportRows, UnknownCategoryListsTheAcceptedOnes) {
  AttentionImport imp = MustParse(kHeader + "A-1,Tejada,10,robo,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\n");
  EXPECT_TRUE(imp.records.empty());
  EXPECT_EQ(ErrorStrings(imp),
            std::vector<std::string>{
                "att.csv:2:4 (category): unknown category \"robo\"; use one of: fiscalizacion (Fiscalización), "
                "seguridad_ciudadana (Seguridad ciudadana), obras_servicios_publicos (Obras y servicios públicos), "
                "seguridad_vial (Seguridad vial), apoyo_turista (Apoyo al turista), defensa_civil (Defensa civil), "
                "desarrollo_humano (Desarrollo humano)"});
}

TEST(CsvImportRows, ClosedBeforeOpenedIsAnErrorOnClosedAt) {
  AttentionImport imp = MustParse(kHeader + "A-1,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 09:30,SZ-1,,,,,\n");
  EXPECT_TRUE(imp.records.empty());
  EXPECT_EQ(ErrorStrings(imp),
            std::vector<std::string>{"att.csv:2:7 (closed_at): closed_at \"2026-01-15 09:30\" is before opened_at "
                                     "\"2026-01-15 10:00\"; an attention cannot close before it opens (swapped "
                                     "columns, or a wrong date?)"});
}

TEST(CsvImportRows, DuplicateIdIsAnErrorOnTheLaterRowNamingTheEarlierLine) {
  AttentionImport imp = MustParse(kHeader + kGoodRow + "A-2,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\n" +
                                  kGoodRow);
  EXPECT_EQ(imp.rows, 3u);
  ASSERT_EQ(imp.records.size(), 2u);
  EXPECT_EQ(imp.record_lines, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(ErrorStrings(imp), std::vector<std::string>{"att.csv:4:1 (id): duplicate id \"A-1\": line 2 already has "
                                                        "it; ids must be unique within a file"});
}

TEST(CsvImportRows, BadTimes) {
  std::string text = kHeader +
                     "A-1,Tejada,10,fiscalizacion,,31/01/2026 22:15,2026-01-31 22:30,SZ-1,,,,,\n"
                     "A-2,Tejada,10,fiscalizacion,,2026-01-31,2026-01-31 22:30,SZ-1,,,,,\n"
                     "A-3,Tejada,10,fiscalizacion,,2026-01-31 22:15,ayer,SZ-1,,,,,\n"
                     "A-4,Tejada,10,fiscalizacion,,2026-02-30 10:00,,SZ-1,,,,,\n";
  AttentionImport imp = MustParse(text);
  EXPECT_TRUE(imp.records.empty());
  const std::string accepted =
      "write YYYY-MM-DD HH:MM[:SS] (local time, America/Lima) or RFC 3339 with an offset (2026-01-31T22:15:00-05:00)";
  EXPECT_EQ(ErrorStrings(imp),
            (std::vector<std::string>{
                "att.csv:2:6 (opened_at): \"31/01/2026 22:15\" is written day-first (DD/MM/YYYY), which is ambiguous "
                "and not accepted; " + accepted,
                "att.csv:3:6 (opened_at): \"2026-01-31\" has no time of day; write 2026-01-31 HH:MM (local time, "
                "America/Lima) or with an offset (2026-01-31T22:15:00-05:00)",
                "att.csv:4:7 (closed_at): cannot read the time \"ayer\"; " + accepted,
                "att.csv:5:6 (opened_at): cannot read the time \"2026-02-30 10:00\"; " + accepted,
                "att.csv:5:7 (closed_at): closed_at is empty; every attention needs one"}));
}

TEST(CsvImportRows, LocalTimeInADaylightSavingGapOrOverlap) {
  ImportOptions ny;
  ny.tz = TimeZone::Load("America/New_York").value();
  std::string text = kHeader +
                     "A-1,Tejada,10,fiscalizacion,,2026-03-08 02:30,2026-03-08 04:00,SZ-1,,,,,\n"
                     "A-2,Tejada,10,fiscalizacion,,2026-11-01 00:30,2026-11-01 01:30,SZ-1,,,,,\n"
                     "A-3,Tejada,10,fiscalizacion,,2026-11-01 00:30,2026-11-01T01:30:00-05:00,SZ-1,,,,,\n";
  AttentionImport imp = MustParse(text, "att.csv", ny);
  ASSERT_EQ(imp.records.size(), 1u);
  EXPECT_EQ(imp.records[0].id, "A-3");
  EXPECT_EQ(ErrorStrings(imp),
            (std::vector<std::string>{
                "att.csv:2:6 (opened_at): local time 2026-03-08 02:30:00 does not exist in America/New_York (clocks "
                "jumped forward); give the time with an explicit UTC offset",
                "att.csv:3:7 (closed_at): local time 2026-11-01 01:30:00 is ambiguous in America/New_York (clocks went "
                "back); give the time with an explicit UTC offset"}));
}

TEST(CsvImportRows, FieldChecks) {
  std::string text = kHeader +
                     "A 1,,cuatro,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,,,,,,\n"
                     "A-2,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-1||SZ-2,PNP|PNP,,-12.1234567,,\n"
                     "A-3,Tejada,-1,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ 1,,,91,-77.5,\n";
  AttentionImport imp = MustParse(text);
  EXPECT_TRUE(imp.records.empty());
  EXPECT_EQ(ErrorStrings(imp),
            (std::vector<std::string>{
                "att.csv:2:1 (id): invalid id \"A 1\": use 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                "letter or digit",
                "att.csv:2:2 (module): module is empty; every attention needs one",
                "att.csv:2:3 (zone): zone must be a whole number (e.g. 4), not \"cuatro\"",
                "att.csv:2:8 (officers): officers is empty; every attention needs at least one officer id",
                "att.csv:3:8 (officers): an officer id is empty (two '|' in a row?)",
                "att.csv:3:9 (agencies): agency \"PNP\" is listed twice",
                "att.csv:3:11 (lat): \"-12.1234567\" is not a latitude: write decimal degrees between -90 and 90 with "
                "at most 6 decimals (e.g. -12.121900)",
                "att.csv:3:12 (lon): lon is empty but lat is given: give both coordinates or neither",
                "att.csv:4:3 (zone): zone -1 is out of range: use 0 to 9999",
                "att.csv:4:8 (officers): invalid officer id \"SZ 1\": use 1 to 64 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit",
                "att.csv:4:11 (lat): \"91\" is not a latitude: write decimal degrees between -90 and 90 with at most "
                "6 decimals (e.g. -12.121900)"}));
}

TEST(CsvImportRows, ControlCharactersAndLengths) {
  std::string long_summary(4097, 'x');
  std::string text = kHeader + "A-1,Teja\x01" "da,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,," +
                     long_summary + "\n";
  AttentionImport imp = MustParse(text);
  EXPECT_EQ(ErrorStrings(imp),
            (std::vector<std::string>{
                "att.csv:2:2 (module): module \"Teja\\u0001da\" contains the control character U+0001; remove it",
                "att.csv:2:13 (summary): summary is 4097 characters long; the limit is 4096"}));
}

TEST(CsvImportRows, MalformedRecordsAreReportedAndReadingGoesOn) {
  std::string text = kHeader +
                     "A-1,Tejada,10\n"                                                                          // 2
                     "A-2,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\"dice \"no\"\"\n"  // 3
                     + kGoodRow +                                                                                 // 4
                     "A-3,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\"sin cerrar\n"     // 5
                     "A-4,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\n";                // 6
  AttentionImport imp = MustParse(text);
  EXPECT_EQ(imp.rows, 5u);
  ASSERT_EQ(imp.records.size(), 2u);
  EXPECT_EQ(imp.records[0].id, "A-1");
  EXPECT_EQ(imp.records[1].id, "A-4");
  EXPECT_EQ(imp.record_lines, (std::vector<uint64_t>{4, 6}));
  EXPECT_EQ(ErrorStrings(imp),
            (std::vector<std::string>{
                "att.csv:2:0: the row has 3 fields but the header has 13; a value containing ',' must be in double "
                "quotes",
                "att.csv:3:13 (summary): text after the closing quote of a quoted field; inside quotes, write a quote "
                "as \"\"",
                "att.csv:5:13 (summary): the quoted field that starts on line 5 never closes: add the closing '\"' "
                "(and write a quote inside a field as \"\")"}));
}

TEST(CsvImportRows, EveryBadRowIsReported) {
  std::string text = kHeader;
  for (int i = 0; i < 50; ++i) {
    text += "R-" + std::to_string(i) + ",Tejada,10," + (i % 5 ? "fiscalizacion" : "robo") +
            ",,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\n";
  }
  AttentionImport imp = MustParse(text);
  EXPECT_EQ(imp.rows, 50u);
  EXPECT_EQ(imp.records.size(), 40u);
  ASSERT_EQ(imp.errors.size(), 10u);
  EXPECT_EQ(imp.errors[9].line, 47u);
  EXPECT_EQ(imp.errors[9].column, 4);
  EXPECT_EQ(imp.errors[9].field, "category");
  EXPECT_EQ(imp.errors[9].ToJson().dump(),
            "{\"column\":4,\"field\":\"category\",\"file\":\"att.csv\",\"line\":47,\"message\":" +
                Json(imp.errors[9].message).dump() + "}");
}

TEST(CsvImportRows, StreamingGivesTheSameRecords) {
  std::string text = kHeader + kGoodRow + "A-2,Tejada,10,robo,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\n" +
                     "A-3,Tejada,10,fiscalizacion,,2026-01-15 10:00,2026-01-15 10:30,SZ-1,,,,,\n";
  std::vector<std::string> seen;
  std::vector<uint64_t> lines;
  auto r = ParseAttentionsStreaming(text, "att.csv", LimaOptions(), [&](Attention&& a, uint64_t line) {
    seen.push_back(a.id);
    lines.push_back(line);
  });
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->records.empty());
  EXPECT_EQ(seen, (std::vector<std::string>{"A-1", "A-3"}));
  EXPECT_EQ(lines, (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(r->rows, 3u);
  EXPECT_EQ(r->errors.size(), 1u);
}

}  // namespace
}  // namespace custodia::testing
