// `log show`: custody entries by subject (through the index) and by time.
#include <algorithm>
#include <set>

#include "custodia/station_log.h"

namespace custodia {

namespace {

Result<LoggedEntry> ReadLogged(CustodyLog& log, uint64_t seq) {
  LoggedEntry e;
  ASSIGN_OR_RETURN(e.line, log.ReadLine(seq));
  ASSIGN_OR_RETURN(e.entry, CustodyEntry::FromLine(e.line, "custody entry " + std::to_string(seq)));
  return e;
}

bool Names(const std::vector<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

bool MatchesSubjects(const CustodyEntry& e, const EntryQuery& q) {
  if (q.clip && !Names(e.clips, *q.clip)) return false;
  if (q.attention && !Names(e.attentions, *q.attention)) return false;
  return true;
}

// The seqs the index lists for the query's subjects (both: entries naming both).
Result<std::vector<uint64_t>> IndexedSeqs(Index& index, const EntryQuery& q) {
  std::optional<std::set<uint64_t>> seqs;
  auto keep = [&seqs](const std::vector<Index::SubjectEntry>& found) {
    std::set<uint64_t> s;
    for (const auto& f : found) {
      if (!seqs || seqs->count(f.seq)) s.insert(f.seq);
    }
    seqs = std::move(s);
  };
  if (q.clip) {
    ASSIGN_OR_RETURN(auto found, index.EntriesOfClip(*q.clip));
    keep(found);
  }
  if (q.attention) {
    ASSIGN_OR_RETURN(auto found, index.EntriesOfAttention(*q.attention));
    // The `import` entries that set each version of the record: they do not
    // name it in their subjects (a file may hold a million attentions).
    ASSIGN_OR_RETURN(auto current, index.GetAttention(*q.attention));
    ASSIGN_OR_RETURN(auto older, index.AttentionVersions(*q.attention));
    if (current) older.push_back(*current);
    for (const AttentionState& v : older) found.push_back({v.seq, "import", v.updated});
    keep(found);
  }
  return std::vector<uint64_t>(seqs->begin(), seqs->end());
}

// The first seq whose time is >= t, assuming times grow with seq (a binary
// search: O(log n) reads).
Result<uint64_t> FirstSeqAtOrAfter(CustodyLog& log, TimeMs t) {
  uint64_t lo = 0, hi = log.size();
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    ASSIGN_OR_RETURN(CustodyEntry e, log.Read(mid));
    if (e.time < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

Result<std::vector<LoggedEntry>> BySubject(Station& st, CustodyLog& log, const EntryQuery& q) {
  ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
  ASSIGN_OR_RETURN(IndexMeta meta, index->Meta());
  const uint64_t n = log.size();
  ASSIGN_OR_RETURN(std::vector<uint64_t> seqs, IndexedSeqs(*index, q));
  std::vector<LoggedEntry> out;
  for (uint64_t seq : seqs) {
    if (seq >= n) break;  // an index ahead of the log: `log verify` reports it
    ASSIGN_OR_RETURN(LoggedEntry e, ReadLogged(log, seq));
    out.push_back(std::move(e));
  }
  // Entries appended but not applied to the index yet (a commit in progress,
  // or the last unit of a crashed command): matched by their subjects.
  RETURN_IF_ERROR(log.ForEach(std::min(meta.applied_seq, n), n, [&](const CustodyEntry& e, std::string_view line) {
    if (MatchesSubjects(e, q)) out.push_back(LoggedEntry{e, std::string(line)});
    return Status::Ok();
  }));
  return out;
}

}  // namespace

Result<std::vector<LoggedEntry>> SelectEntries(Station& st, const EntryQuery& q) {
  ASSIGN_OR_RETURN(auto log, st.OpenLogReadOnly());
  RETURN_IF_ERROR(log->damage());
  std::vector<LoggedEntry> out;
  if (q.clip || q.attention) {
    ASSIGN_OR_RETURN(out, BySubject(st, *log, q));
    if (q.since) {
      std::erase_if(out, [&](const LoggedEntry& e) { return e.entry.time < *q.since; });
    }
  } else {
    const uint64_t n = log->size();
    uint64_t from = 0;
    if (q.since) {
      ASSIGN_OR_RETURN(from, FirstSeqAtOrAfter(*log, *q.since - kEntryTimeSkewMs));
    } else if (q.limit && q.limit < n) {
      from = n - q.limit;
    }
    RETURN_IF_ERROR(log->ForEach(from, n, [&](const CustodyEntry& e, std::string_view line) {
      if (q.since && e.time < *q.since) return Status::Ok();
      out.push_back(LoggedEntry{e, std::string(line)});
      // With a limit only the last matches are kept: memory O(limit).
      if (q.limit && out.size() >= 2 * q.limit) out.erase(out.begin(), out.end() - ptrdiff_t(q.limit));
      return Status::Ok();
    }));
  }
  if (q.limit && out.size() > q.limit) out.erase(out.begin(), out.end() - ptrdiff_t(q.limit));
  return out;
}

}  // namespace custodia
