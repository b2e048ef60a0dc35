#include "output.h"

#include <cstdio>
#include <iostream>

namespace custodia::cli {

void AddFormatOption(CLI::App* cmd, std::string* format) {
  cmd->add_option("--format", *format, "Output format: table (default), json, csv, ndjson")
      ->check(CLI::IsMember({"table", "json", "csv", "ndjson"}));
}

Format EffectiveFormat(const std::string& format, bool json_flag) {
  if (json_flag || format == "json") return Format::kJson;
  if (format == "csv") return Format::kCsv;
  if (format == "ndjson") return Format::kNdjson;
  return Format::kTable;
}

std::string HumanBytes(uint64_t n) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  double v = double(n);
  int u = 0;
  while (v >= 1000 && u < 5) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

std::string HumanDuration(int64_t ms) {
  if (ms < 0) return "?";
  int64_t s = ms / 1000;
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%02llds", (long long)(s / 3600), (long long)(s / 60 % 60),
                  (long long)(s % 60));
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", (long long)(s / 60), (long long)(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld.%llds", (long long)s, (long long)(ms % 1000 / 100));
  }
  return buf;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r;") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

namespace {

const Json* Lookup(const Json& item, const std::string& key) {
  const Json* cur = &item;
  size_t start = 0;
  while (true) {
    size_t dot = key.find('.', start);
    std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(part);
    if (it == cur->end()) return nullptr;
    cur = &*it;
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
}

std::string Cell(const Json& item, const Column& c, const TimeZone& tz, bool csv) {
  const Json* v = Lookup(item, c.key);
  if (!v || v->is_null()) return csv ? "" : "-";
  switch (c.kind) {
    case Column::kTime: {
      if (!v->is_string()) break;
      auto t = ParseUtc(v->get<std::string>());
      if (!t.ok()) return v->get<std::string>();
      return csv ? tz.FormatRfc3339(*t) : tz.FormatTable(*t);
    }
    case Column::kBytes:
      if (v->is_number_integer() && !csv) return HumanBytes(v->get<uint64_t>());
      break;
    case Column::kShortId:
      if (v->is_string() && !csv) return v->get<std::string>().substr(0, 12);
      break;
    case Column::kDuration:
      if (v->is_number_integer() && !csv) return HumanDuration(v->get<int64_t>());
      break;
    case Column::kPercent:
      if (v->is_string() && !csv) return v->get<std::string>() + " %";
      break;
    default:
      break;
  }
  if (v->is_string()) {
    const std::string& str = v->get_ref<const std::string&>();
    return str.empty() && !csv ? "-" : str;
  }
  if (v->is_array()) {
    std::string out;
    for (const auto& e : *v) {
      if (!out.empty()) out += csv ? "|" : ",";
      out += e.is_string() ? e.get<std::string>() : e.dump();
    }
    return out;
  }
  return v->dump();
}

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

void PrintList(Format f, const std::string& schema, const std::vector<Json>& items, const std::vector<Column>& cols,
               const TimeZone& tz) {
  switch (f) {
    case Format::kJson: {
      Json out{{"schema", schema}, {"items", items}};
      std::cout << out.dump(2) << "\n";
      return;
    }
    case Format::kNdjson:
      for (const auto& i : items) std::cout << i.dump() << "\n";
      return;
    case Format::kCsv: {
      std::string line;
      for (size_t i = 0; i < cols.size(); ++i) line += (i ? "," : "") + CsvField(cols[i].key);
      std::cout << line << "\n";
      for (const auto& item : items) {
        line.clear();
        for (size_t i = 0; i < cols.size(); ++i) line += (i ? "," : "") + CsvField(Cell(item, cols[i], tz, true));
        std::cout << line << "\n";
      }
      return;
    }
    case Format::kTable: {
      std::vector<std::vector<std::string>> rows;
      std::vector<size_t> width(cols.size());
      for (size_t i = 0; i < cols.size(); ++i) width[i] = DisplayWidth(cols[i].title);
      for (const auto& item : items) {
        std::vector<std::string> row;
        for (size_t i = 0; i < cols.size(); ++i) {
          row.push_back(Cell(item, cols[i], tz, false));
          width[i] = std::max(width[i], DisplayWidth(row.back()));
        }
        rows.push_back(std::move(row));
      }
      auto print_row = [&](const std::vector<std::string>& row) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) {
          line += row[i];
          if (i + 1 < row.size()) line += std::string(width[i] - DisplayWidth(row[i]) + 2, ' ');
        }
        std::cout << line << "\n";
      };
      std::vector<std::string> header;
      for (const auto& c : cols) header.push_back(c.title);
      print_row(header);
      for (const auto& r : rows) print_row(r);
      return;
    }
  }
}

void PrintJson(const Json& j) { std::cout << j.dump(2) << "\n"; }

}  // namespace custodia::cli
