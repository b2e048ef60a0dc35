// Attention records and the device roster (SPEC §6): parsing CSV and JSON
// Lines, categories, validation. Pure: no vault, no index. The same bytes and
// options always give the same records and errors (the index replays imports
// from the stored file, so parsing must be deterministic).
#ifndef CUSTODIA_ATTENTION_H_
#define CUSTODIA_ATTENTION_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/json.h"
#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia {

// ---- categories ----

struct AttentionCategory {
  std::string_view id;     // "fiscalizacion"
  std::string_view label;  // "Fiscalización"
};
// The seven categories of SPEC §6, in that order.
const std::vector<AttentionCategory>& AttentionCategories();
// Accepts the id or the Spanish label, any case, with or without accents,
// surrounding spaces ignored. The error lists the accepted values.
Result<std::string> NormalizeCategory(std::string_view text);
// Spanish label of a category id (the id itself if unknown).
std::string CategoryLabel(std::string_view id);

// ---- records ----

struct Attention {
  std::string id;  // [A-Za-z0-9][A-Za-z0-9._-]{0,63}
  std::string module;
  int64_t zone = 0;
  std::string category;  // normalized id
  std::string subcategory;
  TimeMs opened_at = 0;
  TimeMs closed_at = 0;  // >= opened_at
  std::vector<std::string> officers;
  std::vector<std::string> agencies;
  std::string address;
  std::string lat, lon;  // decimal strings, at most 6 decimals, "" when absent
  std::string summary;

  // The canonical record (what the index stores, what bundles contain):
  // {"agencies":[…],"category","closed_at":"<UTC>","id","location":{"address","lat","lon"},
  //  "module","officers":[…],"opened_at":"<UTC>","subcategory","summary","zone"}
  Json ToJson() const;
  // CanonicalJson(ToJson()), byte for byte, written directly (no Json tree):
  // what the index stores and hashes for a million records. The record's
  // strings must be valid UTF-8 (FromJson and the importers guarantee it).
  std::string ToCanonicalJson() const;
  // Reads the canonical shape back and checks every rule of
  // schemas/attention.schema.json plus closed_at >= opened_at. Errors read
  // "<where> (<field>): <why>".
  static Result<Attention> FromJson(const Json& j, std::string_view where);
  // SHA-256 hex of the canonical JSON: equal content <=> equal hash.
  std::string ContentHash() const;
};

bool IsValidAttentionId(std::string_view id);

// ---- import ----

enum class ImportFormat { kAuto, kCsv, kJsonl };
enum class TextEncoding { kUtf8, kWindows1252 };

struct ImportOptions {
  ImportFormat format = ImportFormat::kAuto;  // auto: by extension (.csv, .jsonl/.ndjson), else by content
  TextEncoding encoding = TextEncoding::kUtf8;
  TimeZone tz = TimeZone::Utc();  // the vault's time zone for local times
};

// One bad row (or field): "<file>:<line>:<column> (<field>): <why>".
// line = physical line where the record starts (1-based); column = the
// field's 1-based number in the header (0 when the whole row is bad).
struct RowError {
  std::string file;
  uint64_t line = 0;
  int column = 0;
  std::string field;
  std::string message;
  std::string ToString() const;
  Json ToJson() const;  // {"column","field","file","line","message"}
};

struct AttentionImport {
  ImportFormat format = ImportFormat::kCsv;  // what was detected/used
  char delimiter = ',';                      // CSV only
  uint64_t rows = 0;                         // data rows seen
  std::vector<Attention> records;            // the good rows, in file order
  std::vector<uint64_t> record_lines;        // line of each good row
  std::vector<RowError> errors;              // every bad row (all of them)
};

// File-level problems (empty file, header without a required column, a
// delimiter that is neither ',' nor ';', invalid UTF-8 without
// windows-1252, a Latin-1 file detected) are a non-ok Status (kInvalid) whose
// message names file:line:column and says what to do. Row-level problems go
// to `errors` and never stop the parse. Duplicate ids within one file are row
// errors on the later row (naming the earlier line).
Result<AttentionImport> ParseAttentions(std::string_view data, std::string_view file_name,
                                        const ImportOptions& options);

// The same parse for big files: each good record goes to `on_record`, in file
// order, as soon as its row is read, and AttentionImport::records and
// record_lines stay empty (rows, errors, format, delimiter are filled). The
// sink must not throw.
using AttentionSink = std::function<void(Attention&& record, uint64_t line)>;
Result<AttentionImport> ParseAttentionsStreaming(std::string_view data, std::string_view file_name,
                                                 const ImportOptions& options, const AttentionSink& on_record);

// ---- roster ----

struct RosterEntry {
  std::string device_serial;
  std::string officer_id;
  TimeMs from = 0;
  std::optional<TimeMs> to;  // empty = still assigned
  uint64_t line = 0;
  Json ToJson() const;  // {"device_serial","from","line","officer_id","to"|null}
  // Reads ToJson()'s shape back (schemas/roster.schema.json), e.g. on reindex.
  static Result<RosterEntry> FromJson(const Json& j, std::string_view where);
};

struct Roster {
  std::vector<RosterEntry> entries;  // sorted by device, then from
  std::vector<std::string> officers;  // every officer id of entries, sorted, unique
  // Sorts the entries and builds `officers` (entries from a stored roster).
  // Does not check overlaps: ParseRoster does.
  static Roster FromEntries(std::vector<RosterEntry> entries);
  // The officer assigned to `device` at time t (from <= t < to), if any.
  // O(log n).
  std::optional<std::string> OfficerAt(std::string_view device, TimeMs t) const;
  bool KnowsOfficer(std::string_view officer_id) const;  // O(log n)
};

// CSV device_serial,officer_id,from,to (header required, any order, ',' or ';').
// Overlapping rows for one device are errors naming both lines; so is to <= from.
// Returns the roster or, if any row is bad, kInvalid listing every problem.
Result<Roster> ParseRoster(std::string_view data, std::string_view file_name, const TimeZone& tz);

// ParseRoster with the row problems as data (for `roster import --dry-run
// --json`): file-level problems are still a non-ok Status; row problems
// (bad ids, bad times, to <= from, overlaps) are in `errors`, and `roster`
// holds the good rows only.
struct RosterImport {
  Roster roster;
  uint64_t rows = 0;
  char delimiter = ',';
  std::vector<RowError> errors;
};
Result<RosterImport> ParseRosterRows(std::string_view data, std::string_view file_name, const TimeZone& tz);

}  // namespace custodia

#endif  // CUSTODIA_ATTENTION_H_
