#include "attention/csv_header.h"

#include "attention/text.h"

namespace custodia::attention_internal {

namespace {

std::string LowerName(std::string_view s) {
  std::string out(Trim(s));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int SpecIndex(std::string_view name, std::span<const ColumnSpec> specs) {
  std::string lower = LowerName(name);
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == lower) return static_cast<int>(i);
  }
  return -1;
}

std::string ExpectedColumns(std::span<const ColumnSpec> specs, bool required) {
  std::string s;
  for (const ColumnSpec& c : specs) {
    if (c.required != required) continue;
    if (!s.empty()) s += ",";
    s += c.name;
  }
  return s;
}

std::string HeaderHelp(std::span<const ColumnSpec> specs) {
  std::string optional = ExpectedColumns(specs, false);
  return "the header needs the columns " + ExpectedColumns(specs, true) +
         (optional.empty() ? std::string() : " and may have " + optional) + ", in any order";
}

// Splits a header line on `delim`, honouring quotes (header names are rarely
// quoted). Copies: the reader's unescaped fields die with it.
std::vector<std::string> SplitHeader(std::string_view line, char delim) {
  CsvReader reader(line, delim);
  CsvRecord record;
  if (!reader.Next(&record) || !record.error.empty()) return {};
  return std::vector<std::string>(record.fields.begin(), record.fields.end());
}

}  // namespace

bool NextNonBlank(CsvReader& reader, CsvRecord* record) {
  while (reader.Next(record)) {
    if (!record->error.empty() || !record->Blank()) return true;
  }
  return false;
}

std::string_view FirstNonBlankLine(std::string_view text) {
  for (;;) {
    std::string_view line = FirstLine(text);
    if (!Trim(line).empty() || line.size() == text.size()) return line;
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return line;
    text.remove_prefix(nl + 1);
  }
}

int UnnamedColumnValue(const CsvRecord& record, const HeaderMap& header) {
  for (int column : header.unnamed_columns) {
    if (!Trim(record.fields[column - 1]).empty()) return column;
  }
  return 0;
}

Result<char> DetectDelimiter(std::string_view header_line, std::span<const ColumnSpec> specs,
                             std::string_view file) {
  char best = ',';
  int best_known = -1;
  size_t best_columns = 0;
  for (char delim : {',', ';'}) {
    std::vector<std::string> names = SplitHeader(header_line, delim);
    int known = 0;
    for (const std::string& name : names) known += SpecIndex(name, specs) >= 0;
    if (known > best_known || (known == best_known && names.size() > best_columns)) {
      best = delim;
      best_known = known;
      best_columns = names.size();
    }
  }
  if (best_columns > 1 || (best_columns == 1 && best_known == 1 && header_line.find_first_of("\t|") ==
                                                                        std::string_view::npos)) {
    return best;
  }
  std::string seems;
  if (header_line.find('\t') != std::string_view::npos) {
    seems = "the file looks tab-separated";
  } else if (header_line.find('|') != std::string_view::npos) {
    seems = "the file looks separated by '|'";
  } else {
    seems = "no ',' or ';' separates the column names";
  }
  return Status::Invalid(std::string(file) + ":1:1: the header is a single column (" + Quote(header_line, 60) +
                             "): " + seems + "; custodia reads CSV with ',' or ';' between the columns",
                         "export the file again as CSV (comma- or semicolon-separated); " + HeaderHelp(specs));
}

Result<HeaderMap> MapHeader(const CsvRecord& header, std::span<const ColumnSpec> specs, std::string_view file) {
  std::string where = std::string(file) + ":" + std::to_string(header.line);
  if (!header.error.empty()) {
    return Status::Invalid(where + ":" + std::to_string(header.error_column) + " (header): " + header.error);
  }
  HeaderMap map;
  map.columns = header.fields.size();
  map.column_of_field.assign(specs.size(), 0);
  std::vector<std::string> problems;
  std::string unknown;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string_view name = Trim(header.fields[i]);
    map.column_names.emplace_back(name);
    int column = static_cast<int>(i) + 1;
    int spec = SpecIndex(name, specs);
    if (name.empty()) {
      map.unnamed_columns.push_back(column);
    } else if (spec < 0) {
      if (!unknown.empty()) unknown += ", ";
      unknown += Quote(name, 40) + " (column " + std::to_string(column) + ")";
    } else if (map.column_of_field[spec] != 0) {
      problems.push_back("column " + Quote(specs[spec].name) + " appears twice (columns " +
                         std::to_string(map.column_of_field[spec]) + " and " + std::to_string(column) + ")");
    } else {
      map.column_of_field[spec] = column;
    }
  }
  std::string missing;
  int n_missing = 0;
  for (size_t s = 0; s < specs.size(); ++s) {
    if (specs[s].required && map.column_of_field[s] == 0) {
      if (!missing.empty()) missing += ", ";
      missing += Quote(specs[s].name);
      ++n_missing;
    }
  }
  if (n_missing) {
    std::string found;
    for (const std::string& n : map.column_names) found += (found.empty() ? "" : ", ") + n;
    problems.insert(problems.begin(), std::string("missing required column") + (n_missing > 1 ? "s " : " ") +
                                          missing + "; the header has: " + found);
  }
  if (!unknown.empty()) {
    problems.push_back("unknown column" + std::string(unknown.find(" (column ") != unknown.rfind(" (column ") ? "s " : " ") +
                       unknown + "; rename or remove it (custodia does not drop data silently)");
  }
  if (problems.empty()) return map;
  std::string msg = where + " (header): ";
  for (size_t i = 0; i < problems.size(); ++i) msg += (i ? "; " : "") + problems[i];
  return Status::Invalid(msg, HeaderHelp(specs));
}

}  // namespace custodia::attention_internal
