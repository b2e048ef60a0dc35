// The header line of a CSV import: which delimiter the file uses and which
// column holds which field. Shared by the attention and roster readers.
#ifndef CUSTODIA_ATTENTION_CSV_HEADER_H_
#define CUSTODIA_ATTENTION_CSV_HEADER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attention/csv_reader.h"
#include "custodia/status.h"

namespace custodia::attention_internal {

struct ColumnSpec {
  std::string_view name;  // lower case, as in the header
  bool required;
};

struct HeaderMap {
  size_t columns = 0;
  std::vector<int> column_of_field;        // per spec: 1-based column, 0 when absent
  std::vector<std::string> column_names;   // per column, as written (trimmed)
  // Columns with an empty name (spreadsheets add trailing ";;;"): allowed,
  // but a value in one is a row error (see UnnamedColumnValue).
  std::vector<int> unnamed_columns;        // 1-based
};

// Reads the header record: the first record that is not blank.
bool NextNonBlank(CsvReader& reader, CsvRecord* record);

// The first line of text that is not blank (where the header is).
std::string_view FirstNonBlankLine(std::string_view text);

// The first unnamed column of the record holding a value, or 0.
int UnnamedColumnValue(const CsvRecord& record, const HeaderMap& header);

// ',' or ';': whichever splits the header line into more known column names
// (then more columns; then ','). A header that stays one column because the
// file uses tabs or '|' is a file-level error that says so.
Result<char> DetectDelimiter(std::string_view header_line, std::span<const ColumnSpec> specs,
                             std::string_view file);

// Names are matched ignoring case and surrounding spaces. Missing required,
// unknown and repeated columns are one file-level error listing all of them.
Result<HeaderMap> MapHeader(const CsvRecord& header, std::span<const ColumnSpec> specs, std::string_view file);

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_CSV_HEADER_H_
