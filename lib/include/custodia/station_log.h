// The custody log as a station shows it to people (SPEC §5, `custodia log`):
// entries selected by subject and time, proofs against the latest signed
// checkpoint, and the verification of the log together with the index that
// was built from it. Nothing here takes the vault lock except
// RecordLogVerification, which appends the `verify` entry.
#ifndef CUSTODIA_STATION_LOG_H_
#define CUSTODIA_STATION_LOG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "custodia/custody.h"
#include "custodia/station.h"

namespace custodia {

// ---- selecting entries (log show) ----

struct EntryQuery {
  std::optional<std::string> clip;       // full sha256 hex (already resolved)
  std::optional<std::string> attention;  // exact attention id
  std::optional<TimeMs> since;           // entries with time >= since
  size_t limit = 0;                      // 0: every match; else the last `limit` matches
};

struct LoggedEntry {
  CustodyEntry entry;
  std::string line;  // the canonical line as stored (without its newline)
};

// Matching entries in seq order. Subjects come from the index (every entry
// naming the clip or attention, and the imports that set an attention's
// versions) plus the entries the index has not applied yet. Without a subject,
// --since finds its start by binary search on entry times, which are in log
// order up to kEntryTimeSkewMs (an entry's time is taken when it is prepared,
// before the commit that appends it).
inline constexpr int64_t kEntryTimeSkewMs = 24 * 3600 * 1000;
Result<std::vector<LoggedEntry>> SelectEntries(Station& station, const EntryQuery& query);

// ---- checkpoints and proofs (log checkpoint, log proof) ----

struct TrustedCheckpoint {
  std::string text;               // as stored in log/checkpoint
  SignedCheckpoint parsed;
  std::vector<std::string> signed_by;  // minisign key ids of the station keys whose signature verified
};

// log/checkpoint, parsed, with at least one valid signature by a key the
// station ever had (kIntegrity otherwise: run `log verify`).
Result<TrustedCheckpoint> LatestTrustedCheckpoint(Station& station, CustodyLog& log);

// Inclusion of entry `seq` in the tree of the latest checkpoint; `checkpoint`
// holds that checkpoint's text. The proof and the entry line are checked
// against the checkpoint's root before they are returned. kInvalid for a seq
// beyond the log or the checkpoint.
Result<InclusionProof> ProveEntry(Station& station, uint64_t seq);
// The seq of the clip's `ingest` entry (the one that brought it into the vault).
Result<uint64_t> IngestSeqOfClip(Station& station, const std::string& clip_sha);
// Consistency between two tree sizes: 1 <= old_size <= new_size <= the latest
// checkpoint's size (the default for new_size); kInvalid otherwise. Checked
// before it is returned.
Result<ConsistencyProof> ProveLogConsistency(Station& station, uint64_t old_size, std::optional<uint64_t> new_size);

// ---- verification (log verify) ----

struct ExternalCheckpoint {
  std::string path;  // as given (--checkpoint FILE)
  std::string text;
};
// Reads checkpoint files kept outside the vault (bounded; kInvalid if unreadable).
Result<std::vector<ExternalCheckpoint>> ReadExternalCheckpoints(Env* env, const std::vector<std::string>& paths);

struct LogAudit {
  LogVerifyReport log;  // problems of entries, tree, offsets and checkpoints
  // The index compared with the log: applied_seq greater than the log (log
  // truncated or rolled back) or smaller than the latest checkpoint (index
  // restored from an older copy) is a problem in log.problems.
  std::optional<uint64_t> index_applied_seq;
  std::vector<std::string> notes;  // facts that are not problems (index missing, entries not yet applied…)
  std::vector<ExternalCheckpoint> external;
  // Whether a `verify` entry may be appended: no problem was found (nothing
  // is written on top of a log in which problems were found: its files stay
  // exactly as found, as evidence) and the log opened without damage.
  bool appendable = false;
  bool ok() const { return log.ok(); }
};

// Opens the log read-only and verifies it with every key the station ever had
// (ReadAllPublicKeys -> signed-note verifiers for the vault's origin), the
// stored checkpoints and `external` ones, then compares the index's
// applied_seq. Takes no lock and writes nothing. progress(done, total) counts
// bytes of entries.jsonl.
Result<LogAudit> AuditLog(Station& station, std::vector<ExternalCheckpoint> external,
                          const std::function<void(uint64_t done, uint64_t total)>& progress);

// Appends the one `verify` entry (scope "log", outcome ok) when
// audit.appendable and the vault is writable here. Returns its seq, or a
// status saying why the run was not recorded (it never changes the verdict).
Result<uint64_t> RecordLogVerification(Station& station, const LogAudit& audit);

}  // namespace custodia

#endif  // CUSTODIA_STATION_LOG_H_
