// One attention file against the vault: parse it (attention module), check
// its officers against the roster in force, and compare each record with the
// index (new, revised, unchanged). Run before the lock to reject bad files
// early and for --dry-run, and again under the lock to decide what to log.
#ifndef CUSTODIA_RECORDS_ATTENTION_ANALYSIS_H_
#define CUSTODIA_RECORDS_ATTENTION_ANALYSIS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/attention.h"
#include "custodia/hash.h"
#include "custodia/index.h"

namespace custodia::records_internal {

struct RevisionFacts {
  std::string id;
  uint64_t line = 0;
  std::string old_hash, new_hash;
  int64_t old_version = 0, new_version = 0;
  std::vector<std::string> changed;  // AttentionChanges(old, new)
};

struct AttentionAnalysis {
  AttentionImport parse;  // rows, format, delimiter and every row error (parse + roster)
  uint64_t records = 0;   // good rows
  uint64_t new_records = 0, revised = 0, unchanged = 0;
  std::vector<std::string> changed_ids;  // new and revised, in file order (when compared)
  std::vector<RevisionFacts> revisions;
};

// What the check pass keeps of each good record so that, under the lock, it
// can be classified without parsing the file again: its id and content hash
// (~55 bytes a record).
struct RecordDigests {
  std::string ids;              // every id, concatenated
  std::vector<uint32_t> ends;   // end of each id in `ids`
  std::vector<Sha256Digest> hashes;  // all zero: not computed (the id was new)
  size_t size() const { return ends.size(); }
  std::string_view id(size_t i) const {
    size_t begin = i ? ends[i - 1] : 0;
    return std::string_view(ids).substr(begin, ends[i] - begin);
  }
};

struct AnalysisOptions {
  const Roster* roster = nullptr;  // officers must be in it (SPEC §6: the known officers)
  std::string roster_name;         // for messages
  Index* compare_with = nullptr;   // null: every good record counts as new
  // Filled with the good records when given. A record's hash is computed
  // only if `digest_index` (a read-only view) has its id already: new ids
  // need none, and ClassifyByDigests falls back to a full analysis if an id
  // without a hash exists by then.
  RecordDigests* digests = nullptr;
  Index* digest_index = nullptr;
  std::function<void(uint64_t bytes_done)> progress;
};

// Under the lock, from a check pass's digests: counts new and unchanged
// records into `out` (whose parse part is the check pass's). False if some
// record is revised: describing a revision needs the record itself, so the
// caller then runs AnalyzeAttentions.
Result<bool> ClassifyByDigests(const RecordDigests& digests, Index& index, AttentionAnalysis* out);

// File-level problems are a non-ok Status (from the parser).
Result<AttentionAnalysis> AnalyzeAttentions(std::string_view data, const std::string& file,
                                            const ImportOptions& import, const AnalysisOptions& opts);

}  // namespace custodia::records_internal

#endif  // CUSTODIA_RECORDS_ATTENTION_ANALYSIS_H_
