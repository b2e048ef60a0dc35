// The device roster (SPEC §6): which officer wore which camera when.
#include <algorithm>
#include <array>

#include "attention/csv_header.h"
#include "attention/csv_reader.h"
#include "attention/import_time.h"
#include "attention/record_rules.h"
#include "attention/schema_validator.h"
#include "attention/text.h"
#include "attention/text_decoding.h"
#include "custodia/attention.h"

namespace custodia {

using namespace attention_internal;

namespace {

enum RosterColumn { kDevice, kOfficer, kFrom, kTo };
constexpr std::array<ColumnSpec, 4> kRosterColumns = {{
    {"device_serial", true}, {"officer_id", true}, {"from", true}, {"to", false}}};
constexpr size_t kMaxListedProblems = 200;

// Device serials also appear in signature comments and file names (SPEC §4, §9).
bool IsValidDeviceSerial(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '+' && c != '-'))) return false;
  }
  return true;
}

bool EntryOrder(const RosterEntry& a, const RosterEntry& b) {
  if (a.device_serial != b.device_serial) return a.device_serial < b.device_serial;
  if (a.from != b.from) return a.from < b.from;
  return a.line < b.line;
}

class RosterReader {
 public:
  RosterReader(std::string_view file, const TimeZone& tz, RosterImport* out) : file_(file), tz_(tz), out_(out) {}

  void Error(uint64_t line, int column, std::string field, std::string message) {
    out_->errors.push_back(RowError{file_, line, column, std::move(field), std::move(message)});
  }

  // One data row; appends the entry when it is good.
  void Row(const CsvRecord& record, const HeaderMap& header) {
    auto column = [&](RosterColumn c) { return header.column_of_field[c]; };
    auto value = [&](RosterColumn c) {
      return column(c) ? Trim(record.fields[column(c) - 1]) : std::string_view();
    };
    size_t errors_before = out_->errors.size();
    RosterEntry e;
    e.line = record.line;
    e.device_serial = std::string(value(kDevice));
    e.officer_id = std::string(value(kOfficer));
    if (e.device_serial.empty()) {
      Error(e.line, column(kDevice), "device_serial", "device_serial is empty; name the camera's serial number");
    } else if (!IsValidDeviceSerial(e.device_serial)) {
      Error(e.line, column(kDevice), "device_serial",
            "invalid device serial " + Quote(e.device_serial) +
                ": use 1 to 64 letters, digits, '.', '_', ':', '+' or '-', starting with a letter or digit");
    }
    if (e.officer_id.empty()) {
      Error(e.line, column(kOfficer), "officer_id", "officer_id is empty; name the officer who wore the camera");
    } else if (!IsValidPersonId(e.officer_id)) {
      Error(e.line, column(kOfficer), "officer_id", InvalidIdMessage("officer id", e.officer_id));
    }
    bool from_ok = false;
    if (value(kFrom).empty()) {
      Error(e.line, column(kFrom), "from", "from is empty; give the time the officer took the camera");
    } else {
      auto from = ParseImportTime(value(kFrom), tz_, BareDate::kLocalMidnight);
      if (from.ok()) {
        e.from = *from;
        from_ok = true;
      } else {
        Error(e.line, column(kFrom), "from", from.status().message());
      }
    }
    if (!value(kTo).empty()) {
      auto to = ParseImportTime(value(kTo), tz_, BareDate::kLocalMidnight);
      if (!to.ok()) {
        Error(e.line, column(kTo), "to", to.status().message());
      } else if (from_ok && *to <= e.from) {
        Error(e.line, column(kTo), "to",
              "to " + Quote(value(kTo)) + " is not after from " + Quote(value(kFrom)) +
                  "; leave to empty while the officer still has the camera");
      } else {
        e.to = *to;
      }
    }
    if (out_->errors.size() == errors_before) entries_.push_back(std::move(e));
  }

  // Rows of one device must not overlap. The error goes on the row that
  // starts later and names the earlier one; that row is left out. Kept rows
  // of a device are disjoint and sorted, so the last one ends last.
  void CheckOverlaps(int from_column) {
    std::sort(entries_.begin(), entries_.end(), EntryOrder);
    std::vector<RosterEntry> kept;
    for (RosterEntry& e : entries_) {
      const RosterEntry* holder =
          !kept.empty() && kept.back().device_serial == e.device_serial ? &kept.back() : nullptr;
      if (holder && (!holder->to || e.from < *holder->to)) {
        Error(e.line, from_column, "from",
              "device " + Quote(e.device_serial) + " is already assigned to " + Quote(holder->officer_id) +
                  " from " + tz_.FormatTable(holder->from) + " " +
                  (holder->to ? "until " + tz_.FormatTable(*holder->to) : std::string("with no end")) + " (line " +
                  std::to_string(holder->line) + "); this row gives it to " + Quote(e.officer_id) + " from " +
                  tz_.FormatTable(e.from) + ": the periods overlap");
        continue;
      }
      kept.push_back(std::move(e));
    }
    entries_ = std::move(kept);
  }

  std::vector<RosterEntry>& entries() { return entries_; }

 private:
  std::string file_;
  const TimeZone& tz_;
  RosterImport* out_;
  std::vector<RosterEntry> entries_;
};

}  // namespace

Json RosterEntry::ToJson() const {
  return Json{{"device_serial", device_serial},
              {"from", FormatUtc(from)},
              {"line", line},
              {"officer_id", officer_id},
              {"to", to ? Json(FormatUtc(*to)) : Json(nullptr)}};
}

Result<RosterEntry> RosterEntry::FromJson(const Json& j, std::string_view where) {
  ASSIGN_OR_RETURN(const SchemaValidator* schema, SchemaValidator::Embedded("roster.schema.json"));
  RETURN_IF_ERROR(schema->Validate(j, where));
  RosterEntry e;
  e.device_serial = j["device_serial"].get<std::string>();
  e.officer_id = j["officer_id"].get<std::string>();
  e.line = j["line"].get<uint64_t>();
  ASSIGN_OR_RETURN(e.from, ParseUtc(j["from"].get<std::string>()));
  if (!j["to"].is_null()) {
    ASSIGN_OR_RETURN(TimeMs to, ParseUtc(j["to"].get<std::string>()));
    if (to <= e.from) return Status::Invalid(std::string(where) + " (to): not after from");
    e.to = to;
  }
  return e;
}

Roster Roster::FromEntries(std::vector<RosterEntry> entries) {
  Roster r;
  r.entries = std::move(entries);
  std::sort(r.entries.begin(), r.entries.end(), EntryOrder);
  for (const RosterEntry& e : r.entries) r.officers.push_back(e.officer_id);
  std::sort(r.officers.begin(), r.officers.end());
  r.officers.erase(std::unique(r.officers.begin(), r.officers.end()), r.officers.end());
  return r;
}

std::optional<std::string> Roster::OfficerAt(std::string_view device, TimeMs t) const {
  auto lo = std::lower_bound(entries.begin(), entries.end(), device,
                             [](const RosterEntry& e, std::string_view d) { return e.device_serial < d; });
  auto hi = std::upper_bound(lo, entries.end(), device,
                             [](std::string_view d, const RosterEntry& e) { return d < e.device_serial; });
  // The last row of the device that starts at or before t is the only candidate (rows do not overlap).
  auto it = std::upper_bound(lo, hi, t, [](TimeMs v, const RosterEntry& e) { return v < e.from; });
  if (it == lo) return std::nullopt;
  --it;
  if (it->to && t >= *it->to) return std::nullopt;
  return it->officer_id;
}

bool Roster::KnowsOfficer(std::string_view officer_id) const {
  if (officers.empty() && !entries.empty()) {  // entries filled by hand, without FromEntries
    return std::any_of(entries.begin(), entries.end(),
                       [&](const RosterEntry& e) { return e.officer_id == officer_id; });
  }
  return std::binary_search(officers.begin(), officers.end(), officer_id, std::less<>());
}

Result<RosterImport> ParseRosterRows(std::string_view data, std::string_view file, const TimeZone& tz) {
  ASSIGN_OR_RETURN(DecodedText decoded, DecodeText(data, file, TextEncoding::kUtf8, EncodingAdvice::kConvertFile));
  std::string_view text = decoded.text;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::Invalid(std::string(file) + ": the roster file is empty",
                           "it starts with the header device_serial,officer_id,from,to");
  }
  RosterImport out;
  ASSIGN_OR_RETURN(out.delimiter, DetectDelimiter(FirstNonBlankLine(text), kRosterColumns, file));
  CsvReader csv(text, out.delimiter);
  CsvRecord record;
  NextNonBlank(csv, &record);
  ASSIGN_OR_RETURN(HeaderMap header, MapHeader(record, kRosterColumns, file));
  RosterReader reader(file, tz, &out);
  while (csv.Next(&record)) {
    if (!record.error.empty()) {
      ++out.rows;
      int c = record.error_column;
      reader.Error(record.line, c, c > 0 && size_t(c) <= header.columns ? header.column_names[c - 1] : "",
                   record.error);
      continue;
    }
    if (record.Blank()) continue;
    ++out.rows;
    if (record.fields.size() != header.columns) {
      reader.Error(record.line, 0, "",
                   "the row has " + std::to_string(record.fields.size()) + " fields but the header has " +
                       std::to_string(header.columns));
      continue;
    }
    if (int unnamed = UnnamedColumnValue(record, header)) {
      reader.Error(record.line, unnamed, "",
                   "a value in column " + std::to_string(unnamed) +
                       ", which has no name in the header; name the column or move the value");
      continue;
    }
    reader.Row(record, header);
  }
  if (out.rows == 0) {
    return Status::Invalid(std::string(file) + ": the roster has a header but no rows", "nothing to import");
  }
  reader.CheckOverlaps(header.column_of_field[kFrom]);
  // The compiled checks above are the rules of schemas/roster.schema.json; a
  // roster is small, so valijson checks every entry too.
  ASSIGN_OR_RETURN(const SchemaValidator* schema, SchemaValidator::Embedded("roster.schema.json"));
  std::vector<RosterEntry> valid;
  for (RosterEntry& e : reader.entries()) {
    Status s = schema->Validate(e.ToJson(), std::string(file) + ":" + std::to_string(e.line));
    if (!s.ok()) {
      reader.Error(e.line, 0, "", s.message());
      continue;
    }
    valid.push_back(std::move(e));
  }
  std::stable_sort(out.errors.begin(), out.errors.end(), [](const RowError& a, const RowError& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  out.roster = Roster::FromEntries(std::move(valid));
  return out;
}

Result<Roster> ParseRoster(std::string_view data, std::string_view file_name, const TimeZone& tz) {
  ASSIGN_OR_RETURN(RosterImport parsed, ParseRosterRows(data, file_name, tz));
  if (parsed.errors.empty()) return std::move(parsed.roster);
  std::string msg = std::string(file_name) + ": " + std::to_string(parsed.errors.size()) +
                    (parsed.errors.size() == 1 ? " problem" : " problems") + " in the roster; nothing imported";
  for (size_t i = 0; i < parsed.errors.size() && i < kMaxListedProblems; ++i) {
    msg += "\n  " + parsed.errors[i].ToString();
  }
  if (parsed.errors.size() > kMaxListedProblems) {
    msg += "\n  … and " + std::to_string(parsed.errors.size() - kMaxListedProblems) + " more";
  }
  return Status::Invalid(msg, "fix the rows listed and import the file again");
}

}  // namespace custodia
