// The RFC 4180 reader on its own: quoting rules, line numbers, bounds.
#include <gtest/gtest.h>

#include "attention/csv_reader.h"

namespace custodia::attention_internal {
namespace {

struct Read {
  uint64_t line;
  std::vector<std::string> fields;
  std::string error;
};

std::vector<Read> ReadAll(std::string_view text, char delim = ',', size_t max_bytes = 1024, size_t max_fields = 16) {
  CsvReader reader(text, delim, max_bytes, max_fields);
  CsvRecord r;
  std::vector<Read> out;
  while (reader.Next(&r)) out.push_back({r.line, {r.fields.begin(), r.fields.end()}, r.error});
  return out;
}

TEST(CsvReader, Rfc4180) {
  auto rows = ReadAll("a,\"b,c\",\"d\"\"e\"\r\n\"multi\r\nline\",,\n\"\",x\nlast,no newline");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].line, 1u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b,c", "d\"e"}));
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"multi\r\nline", "", ""}));
  EXPECT_EQ(rows[2].line, 4u);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(rows[3].line, 5u);
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"last", "no newline"}));
}

TEST(CsvReader, TrailingDelimiterAndEmptyLines) {
  auto rows = ReadAll("a;b;\n\n;\n", ';');
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b", ""}));
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{""}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"", ""}));
  EXPECT_EQ(rows[2].line, 3u);
}

TEST(CsvReader, QuoteInsideAnUnquotedFieldIsLiteral) {
  auto rows = ReadAll("pantalla 5\" ok,x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"pantalla 5\" ok", "x"}));
}

TEST(CsvReader, BoundsAndRecovery) {
  std::string long_field(2000, 'x');
  auto rows = ReadAll("\"" + long_field + "\"\nok\n" + long_field + "\nok2\n" + std::string(20, ',') + "\nok3\n");
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].error, "the quoted field that starts on line 1 runs past 1024 bytes: a quote that never closes?");
  EXPECT_EQ(rows[1].fields, std::vector<std::string>{"ok"});
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[2].error, "the record is longer than 1024 bytes");
  EXPECT_EQ(rows[3].fields, std::vector<std::string>{"ok2"});
  EXPECT_EQ(rows[3].line, 4u);
  EXPECT_EQ(rows[4].error, "more than 16 fields");
  EXPECT_EQ(rows[5].fields, std::vector<std::string>{"ok3"});
  EXPECT_EQ(rows[5].line, 6u);
}

TEST(CsvReader, HostileBytesNeverCrash) {
  uint32_t x = 12345;
  const char alphabet[] = {'a', ',', ';', '"', '\n', '\r', '\0', '\xff', ' '};
  for (int round = 0; round < 300; ++round) {
    std::string s;
    for (int i = 0; i < 200; ++i) {
      x = x * 1103515245 + 12345;
      s += alphabet[(x >> 16) % sizeof alphabet];
    }
    auto rows = ReadAll(s, round % 2 ? ',' : ';', 64, 8);
    uint64_t last = 0;
    for (const Read& r : rows) {
      EXPECT_GT(r.line, last);  // lines only go forward
      last = r.line;
    }
  }
}

}  // namespace
}  // namespace custodia::attention_internal
