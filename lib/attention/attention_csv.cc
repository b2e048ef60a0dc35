// CSV attention files (SPEC §6): the header names the columns, in any order.
#include <array>

#include "attention/csv_header.h"
#include "attention/csv_reader.h"
#include "attention/import_collector.h"
#include "attention/text.h"

namespace custodia::attention_internal {

namespace {

// In Field order. Required: what an attention cannot be without (SPEC §6
// "both required" for the times; zone and module for the reports; officers
// for auto-linking).
constexpr std::array<ColumnSpec, kFieldCount> kAttentionColumns = {{
    {"id", true}, {"module", true}, {"zone", true}, {"category", true}, {"subcategory", false},
    {"opened_at", true}, {"closed_at", true}, {"officers", true}, {"agencies", false}, {"address", false},
    {"lat", false}, {"lon", false}, {"summary", false},
}};

}  // namespace

Status ReadCsvAttentions(std::string_view text, std::string_view file, ImportCollector& rows, AttentionImport* out) {
  std::string_view first = Trim(FirstNonBlankLine(text));
  if (first.starts_with('{')) {
    return Status::Invalid(std::string(file) + ":1:1: the file looks like JSON Lines, not CSV",
                           "use --format jsonl (or name the file .jsonl)");
  }
  ASSIGN_OR_RETURN(char delimiter, DetectDelimiter(first, kAttentionColumns, file));
  out->delimiter = delimiter;
  CsvReader reader(text, delimiter);
  CsvRecord record;
  NextNonBlank(reader, &record);
  ASSIGN_OR_RETURN(HeaderMap header, MapHeader(record, kAttentionColumns, file));

  RawAttention raw;
  std::vector<RowError> no_errors;
  while (reader.Next(&record)) {
    if (!record.error.empty()) {
      int column = record.error_column;
      std::string field = column > 0 && size_t(column) <= header.columns ? header.column_names[column - 1] : "";
      rows.AddBadRow(record.line, column, std::move(field), record.error);
      continue;
    }
    if (record.Blank()) continue;
    if (record.fields.size() != header.columns) {
      rows.AddBadRow(record.line, 0, "",
                     "the row has " + std::to_string(record.fields.size()) + " fields but the header has " +
                         std::to_string(header.columns) + std::string("; a value containing '") + delimiter +
                         "' must be in double quotes");
      continue;
    }
    if (int unnamed = UnnamedColumnValue(record, header)) {
      rows.AddBadRow(record.line, unnamed, "",
                     "a value in column " + std::to_string(unnamed) +
                         ", which has no name in the header; name the column or move the value");
      continue;
    }
    raw.line = record.line;
    for (int f = 0; f < kFieldCount; ++f) {
      int column = header.column_of_field[f];
      RawValue& v = raw.values[f];
      v.column = column;
      v.items = nullptr;
      if (column == 0) {
        v.state = RawValue::kAbsent;
        v.text = {};
      } else {
        v.state = RawValue::kPresent;
        v.text = record.fields[column - 1];
      }
    }
    no_errors.clear();
    rows.AddRow(raw, std::move(no_errors));
  }
  return Status::Ok();
}

}  // namespace custodia::attention_internal
