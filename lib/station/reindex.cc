// custodia reindex: the index is derived, so it can always be rebuilt from
// the custody log and the files the entries refer to.
#include <filesystem>

#include "custodia/crashpoint.h"
#include "custodia/station.h"

namespace custodia {

namespace {
constexpr size_t kFlushBytes = 64 << 20;
}

Result<Station::ReindexReport> Station::Reindex(const std::function<void(uint64_t, uint64_t)>& progress) {
  ReindexReport report;
  std::vector<CustodyEntry> recovery;
  {
    ASSIGN_OR_RETURN(std::string tmp, tmp_dir());
    ASSIGN_OR_RETURN(auto lock, VaultLock::Acquire(layout_.Lock(), wait_seconds_));
    ASSIGN_OR_RETURN(auto log, CustodyLog::Open(env_, layout_.Log(tmp), true, true));
    if (auto torn = log->torn_tail()) {
      CustodyEntry t = NewEntry("truncate");
      t.outcome = "repaired";
      t.details = Json{{"offset", torn->offset}, {"bytes", torn->bytes}};
      recovery.push_back(std::move(t));
    }
    std::string dir = layout_.IndexDir();
    std::string fresh = dir + ".new";
    std::string old = dir + ".old";
    RETURN_IF_ERROR(Index::Destroy(fresh));
    RETURN_IF_ERROR(Index::Destroy(old));
    if (env_->Exists(dir)) {
      auto previous = Index::Open(dir, Index::Mode::kReadOnly);
      if (previous.ok()) {
        auto meta = (*previous)->Meta();
        if (meta.ok()) report.previous_applied = meta->applied_seq;
      }
    }
    {
      ASSIGN_OR_RETURN(auto index, Index::Open(fresh, Index::Mode::kReadWrite));
      IndexBatch batch(index.get(), tz_);
      ApplyContext ctx{env_, &layout_, &tz_, &batch, index.get()};
      uint64_t n = log->size();
      RETURN_IF_ERROR(log->ForEach(0, n, [&](const CustodyEntry& e, std::string_view) -> Status {
        RETURN_IF_ERROR(ApplyEntry(e, ctx));
        if (progress && (e.seq % 1000 == 0 || e.seq + 1 == n)) progress(e.seq + 1, n);
        if (batch.ApproximateSize() > kFlushBytes) return index->Write(batch, false);
        return Status::Ok();
      }));
      ASSIGN_OR_RETURN(uint64_t end, log->OffsetOf(n));
      batch.SetApplied(n, end);
      RETURN_IF_ERROR(index->Write(batch, true));
      report.entries = n;
      ASSIGN_OR_RETURN(report.clips, index->ClipCount());
      ASSIGN_OR_RETURN(report.attentions, index->AttentionCount());
    }
    // Swap: the old index (if any) is moved aside, the new one takes its
    // place, then the old one is removed. A crash in between leaves either
    // index/ (old or new, both consistent with the log) or none (reindex again).
    CUSTODIA_CRASH_POINT("reindex.built");
    if (env_->Exists(dir)) RETURN_IF_ERROR(env_->Rename(dir, old));
    CUSTODIA_CRASH_POINT("reindex.moved_aside");
    RETURN_IF_ERROR(env_->Rename(fresh, dir));
    RETURN_IF_ERROR(env_->SyncDir(layout_.root()));
    RETURN_IF_ERROR(Index::Destroy(old));
  }
  CustodyEntry e = NewEntry("reindex");
  e.details = Json{{"entries", report.entries},
                   {"clips", report.clips},
                   {"attentions", report.attentions},
                   {"previous_applied", report.previous_applied}};
  recovery.push_back(std::move(e));
  auto r = Commit(std::move(recovery));
  if (!r.ok()) return r.status();
  return report;
}

}  // namespace custodia
