// Loading attention records and the device roster into the vault (SPEC §6):
// check every row, store the file content-addressed and signed in imports/,
// log one custody entry per file (plus one `revision` per changed record),
// let the index follow, then auto-link. Parsing itself is the attention
// module's (pure); this module adds the vault.
//
// One file is one unit (SPEC §2): imports/ab/<sha256> (write-once, 0444) and
// its .minisig, then the custody entries, then the index. What is new, revised
// or unchanged is decided under the vault lock against the writable index, so
// concurrent imports of overlapping files stay correct.
#ifndef CUSTODIA_IMPORTER_H_
#define CUSTODIA_IMPORTER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "custodia/attention.h"
#include "custodia/link.h"
#include "custodia/station.h"

namespace custodia {

// At most this many row errors go into an import entry's details (all of
// them are reported to the user).
constexpr size_t kMaxLoggedRowErrors = 100;

// ---- attentions ----

struct AttentionImportRequest {
  std::vector<std::string> files;
  ImportFormat format = ImportFormat::kAuto;
  TextEncoding encoding = TextEncoding::kUtf8;
  bool skip_bad = false;  // import the good rows of a file with bad ones
  bool dry_run = false;   // check everything, write nothing
  bool auto_link = true;
  int64_t link_margin_ms = kDefaultLinkMarginMs;
  const std::atomic<bool>* cancel = nullptr;  // checked between files and phases
  // Progress while a file is read: (file, bytes done, bytes total, phase).
  std::function<void(const std::string&, uint64_t, uint64_t, const char*)> progress;
};

struct FileImportOutcome {
  std::string file;
  // imported | unchanged (nothing new: no entry) | rejected (bad rows, nothing
  // imported) | failed (file-level problem) | checked (--dry-run, would import)
  // | not_imported (another file of the command was bad) | interrupted
  std::string outcome;
  Status error;  // file-level problem (failed), or why it was not imported
  std::string sha256, format, encoding;
  uint64_t bytes = 0;
  uint64_t rows = 0;       // data rows seen
  uint64_t records = 0;    // good rows
  uint64_t new_records = 0, revised = 0, unchanged = 0;
  uint64_t skipped = 0;    // bad rows (left out with --skip-bad)
  std::vector<RowError> errors;  // every bad row
  std::optional<uint64_t> seq;   // the `import` custody entry
  std::vector<std::string> revised_ids;
  bool roster_checked = false;   // officers were checked against a roster
  Json ToJson() const;
};

struct AttentionImportSummary {
  bool dry_run = false;
  std::vector<FileImportOutcome> files;
  uint64_t links_added = 0, links_removed = 0;
  Status link_error;  // auto-link failed after the imports were committed
  int exit_code = 0;  // SPEC §7: 0, 2 (bad input, nothing imported), 3 (partly), ...
  Json ToJson() const;
};

// Never fails as a whole for bad input: every file's fate is in the summary
// and exit_code says what happened. A non-ok Result is a vault problem
// (locked, unusable key, damaged index) before anything was imported.
Result<AttentionImportSummary> ImportAttentions(Station& station, const AttentionImportRequest& request);

// The fields that differ between two versions of a record, by their names in
// the canonical record: "closed_at", "officers", "location.address", ...
std::vector<std::string> AttentionChanges(const Attention& before, const Attention& after);

// ---- roster ----

struct RosterImportRequest {
  std::string file;
  bool dry_run = false;
};

struct RosterImportOutcome {
  std::string file;
  std::string outcome;  // imported | unchanged | rejected | failed | checked
  Status error;
  std::string sha256;
  uint64_t rows = 0, entries = 0, devices = 0, officers = 0;
  std::vector<RowError> errors;
  std::optional<uint64_t> seq;
  std::optional<std::string> replaced_sha256;  // the roster it replaces
  int exit_code = 0;
  Json ToJson() const;
};

// The whole file becomes the roster in force (it replaces the previous one;
// history stays in imports/ and the custody log). All-or-nothing.
Result<RosterImportOutcome> ImportRosterFile(Station& station, const RosterImportRequest& request);

}  // namespace custodia

#endif  // CUSTODIA_IMPORTER_H_
