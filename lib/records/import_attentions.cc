// import attentions: check every file, then import each as one unit, then
// auto-link what changed (SPEC §6, §7).
#include <algorithm>
#include <map>
#include <memory>

#include "custodia/hash.h"
#include "custodia/importer.h"
#include "records/attention_analysis.h"
#include "records/stored_import.h"

namespace custodia {

using namespace records_internal;

namespace {

const char* FormatName(ImportFormat f) { return f == ImportFormat::kJsonl ? "jsonl" : "csv"; }
const char* EncodingName(TextEncoding e) { return e == TextEncoding::kWindows1252 ? "windows-1252" : "utf-8"; }

bool Cancelled(const AttentionImportRequest& req) { return req.cancel && req.cancel->load(); }

std::string RosterName(const StoredRoster& r) {
  return r.file_name + ", custody entry #" + std::to_string(r.seq) + ", " + std::to_string(r.roster.officers.size()) +
         " officers";
}

void Fill(FileImportOutcome& o, const AttentionAnalysis& a) {
  o.format = FormatName(a.parse.format);
  o.rows = a.parse.rows;
  o.records = a.records;
  o.new_records = a.new_records;
  o.revised = a.revised;
  o.unchanged = a.unchanged;
  o.skipped = a.parse.errors.size();
  o.errors = a.parse.errors;
  o.revised_ids.clear();
  for (const auto& r : a.revisions) o.revised_ids.push_back(r.id);
}

Json ErrorsJson(const std::vector<RowError>& errors, size_t max) {
  Json out = Json::array();
  for (size_t i = 0; i < errors.size() && i < max; ++i) out.push_back(errors[i].ToJson());
  return out;
}

// The entries of one file's unit: its `import`, then one `revision` per
// changed record.
std::vector<CustodyEntry> ImportEntries(Station& st, const FileImportOutcome& o, const AttentionAnalysis& a,
                                        const std::optional<StoredRoster>& roster, ImportFormat format,
                                        TextEncoding encoding, bool skip_bad) {
  std::vector<CustodyEntry> out;
  CustodyEntry e = st.NewEntry("import");
  e.details = Json{{"kind", "attentions"},
                   {"import_sha256", o.sha256},
                   {"file_name", BaseName(o.file)},
                   {"source", o.file},
                   {"format", FormatName(format)},
                   {"encoding", EncodingName(encoding)},
                   {"bytes", o.bytes},
                   {"rows", a.parse.rows},
                   {"records", a.records},
                   {"new", a.new_records},
                   {"revised", a.revised},
                   {"unchanged", a.unchanged},
                   {"skipped", a.parse.errors.size()},
                   {"skip_bad", skip_bad},
                   {"errors", ErrorsJson(a.parse.errors, kMaxLoggedRowErrors)},
                   {"errors_total", a.parse.errors.size()}};
  if (roster) e.details["roster_sha256"] = roster->import_sha256;
  out.push_back(std::move(e));
  for (const auto& r : a.revisions) {
    CustodyEntry rev = st.NewEntry("revision");
    rev.attentions = {r.id};
    rev.details = Json{{"import_sha256", o.sha256}, {"file_name", BaseName(o.file)}, {"line", r.line},
                       {"old_hash", r.old_hash},    {"new_hash", r.new_hash},          {"old_version", r.old_version},
                       {"new_version", r.new_version}, {"changed", r.changed}};
    out.push_back(std::move(rev));
  }
  return out;
}

// SPEC §7 for one file: 0 done, 2 bad input (nothing of it imported), 3 rows
// left out. I/O failures reading it: 4.
int FileExitCode(const FileImportOutcome& o) {
  if (o.outcome == "failed") return o.error.ExitCode();
  if (o.outcome == "rejected" || o.outcome == "not_imported") return 2;
  if (o.outcome == "interrupted") return 3;
  return o.skipped > 0 ? 3 : 0;
}

int SummaryExitCode(const AttentionImportSummary& s, bool skip_bad) {
  bool done_any = false, bad_any = false, partial = false;
  int worst_vault = 0;
  for (const auto& f : s.files) {
    int c = FileExitCode(f);
    if (f.outcome == "imported" || f.outcome == "unchanged" || f.outcome == "checked") done_any = true;
    if (c == 10 || c == 11 || c == 1) worst_vault = worst_vault ? CombineExitCodes(worst_vault, c) : c;
    else if (c == 2 || c == 4) bad_any = true;
    else if (c == 3) partial = true;
  }
  if (worst_vault) return worst_vault;
  // With --skip-bad, a file that could not be imported at all is "some files
  // failed" (3) when others were; without it, nothing was imported (2).
  if (bad_any) return skip_bad && done_any ? 3 : 2;
  if (partial || !s.link_error.ok()) return 3;
  return 0;
}

class AttentionImporter {
 public:
  AttentionImporter(Station& st, const AttentionImportRequest& req) : st_(st), req_(req) {}

  Result<AttentionImportSummary> Run() {
    sum_.dry_run = req_.dry_run;
    RETURN_IF_ERROR(OpenReader());
    for (const auto& path : req_.files) sum_.files.push_back(Check(path));
    bool bad = std::any_of(sum_.files.begin(), sum_.files.end(), [](const FileImportOutcome& f) {
      return f.outcome == "failed" || f.outcome == "rejected" || f.outcome == "interrupted";
    });
    if (bad && !req_.skip_bad) {
      for (auto& f : sum_.files) {
        if (f.outcome != "pending") continue;
        f.outcome = "not_imported";
        f.error = Status::Invalid("not imported: another file of this import has problems (all-or-nothing)");
      }
    }
    if (!req_.dry_run) {
      for (auto& f : sum_.files) {
        if (f.outcome != "pending") continue;
        if (Cancelled(req_)) {
          f.outcome = "interrupted";
          continue;
        }
        Status s = Import(f);
        if (!s.ok()) {
          f.outcome = "failed";
          f.error = s;
          if (s.code() == Code::kVault || s.code() == Code::kLocked || s.code() == Code::kIntegrity) break;
        }
      }
      for (auto& f : sum_.files) {
        if (f.outcome == "pending") {
          f.outcome = "not_imported";
          f.error = Status::Invalid("not imported: the import stopped at an earlier file");
        }
      }
      if (req_.auto_link && (!changed_.empty() || !revised_.empty() || !relink_.empty())) AutoLink();
    }
    sum_.exit_code = SummaryExitCode(sum_, req_.skip_bad);
    return std::move(sum_);
  }

 private:
  Status OpenReader() {
    auto reader = st_.OpenIndexReadOnly();
    if (!reader.ok()) {
      if (reader.status().code() == Code::kNotFound) return Status::Ok();
      return reader.status();
    }
    reader_ = std::move(reader).value();
    ASSIGN_OR_RETURN(roster_, reader_->GetRoster());
    return Status::Ok();
  }

  ImportOptions Options() const {
    ImportOptions io;
    io.format = req_.format;
    io.encoding = req_.encoding;
    io.tz = st_.tz();
    return io;
  }

  AnalysisOptions Analysis(const std::optional<StoredRoster>& roster, Index* compare, const std::string& file,
                           const char* phase, uint64_t bytes) {
    AnalysisOptions ao;
    if (roster) {
      ao.roster = &roster->roster;
      ao.roster_name = RosterName(*roster);
    }
    ao.compare_with = compare;
    if (req_.progress) ao.progress = [this, file, phase, bytes](uint64_t done) { req_.progress(file, done, bytes, phase); };
    return ao;
  }

  // Phase 1 (no lock): read and check one file.
  FileImportOutcome Check(const std::string& path) {
    FileImportOutcome o;
    o.file = path;
    o.encoding = EncodingName(req_.encoding);
    if (Cancelled(req_)) {
      o.outcome = "interrupted";
      return o;
    }
    auto data = ReadInputFile(st_.env(), path);
    if (!data.ok()) {
      o.outcome = "failed";
      o.error = data.status();
      return o;
    }
    o.bytes = data->size();
    o.sha256 = HexOf(Sha256::Of(*data));
    Index* compare = req_.dry_run ? reader_.get() : nullptr;
    auto checked = std::make_unique<CheckedFile>();
    AnalysisOptions ao = Analysis(roster_, compare, path, "checking", o.bytes);
    if (!req_.dry_run) {
      ao.digests = &checked->digests;
      ao.digest_index = reader_.get();  // no index yet: every id is new, hashes computed anyway
    }
    auto a = AnalyzeAttentions(*data, path, Options(), ao);
    if (!a.ok()) {
      o.outcome = "failed";
      o.error = a.status();
      return o;
    }
    Fill(o, *a);
    o.roster_checked = roster_.has_value();
    if (!a->parse.errors.empty() && (!req_.skip_bad || a->records == 0)) {
      o.outcome = "rejected";
    } else if (req_.dry_run) {
      o.outcome = compare && a->new_records + a->revised == 0 ? "unchanged" : "checked";
    } else {
      o.outcome = "pending";
      checked->analysis = std::move(*a);
      if (roster_) checked->roster_sha256 = roster_->import_sha256;
      // One file: keep its bytes rather than read and hash them again.
      if (req_.files.size() == 1) checked->data = std::move(*data);
      checked_[path] = std::move(checked);
    }
    return o;
  }

  // Phase 2: one file, one unit.
  Status Import(FileImportOutcome& o) {
    std::unique_ptr<CheckedFile> checked = std::move(checked_[o.file]);
    checked_.erase(o.file);
    std::string data;
    if (checked && checked->data) {
      data = std::move(*checked->data);
    } else {
      ASSIGN_OR_RETURN(data, ReadInputFile(st_.env(), o.file));
      if (HexOf(Sha256::Of(data)) != o.sha256) {
        return Status::Invalid(o.file + " changed while it was being imported", "run the import again");
      }
    }
    ImportFormat format = o.format == "jsonl" ? ImportFormat::kJsonl : ImportFormat::kCsv;
    if (req_.progress) req_.progress(o.file, 0, o.bytes, "storing");
    RETURN_IF_ERROR(StoreImportFile(st_, data, ImportFacts{"attentions", o.sha256, BaseName(o.file), o.rows}));
    bool rejected = false;
    AttentionAnalysis analysis;
    auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
      // Decided here, under the lock, against the index as it is now: from
      // the check pass's digests when the roster is the one it checked
      // against and no record is revised, else by reading the file again.
      ASSIGN_OR_RETURN(auto roster, ctx.index->GetRoster());
      std::optional<std::string> roster_sha;
      if (roster) roster_sha = roster->import_sha256;
      bool classified = false;
      if (checked && checked->roster_sha256 == roster_sha) {
        analysis = std::move(checked->analysis);
        ASSIGN_OR_RETURN(classified, ClassifyByDigests(checked->digests, *ctx.index, &analysis));
        // Nothing new in the file: an earlier run of this import may have
        // been killed after its commit and before its auto-link, so this
        // run links its records (auto-link adds only what is missing).
        if (classified && req_.auto_link && analysis.new_records + analysis.revised == 0) {
          for (size_t i = 0; i < checked->digests.size(); ++i) relink_.emplace_back(checked->digests.id(i));
        }
      }
      checked.reset();
      if (!classified) {
        ImportOptions io = Options();
        io.format = format;
        ASSIGN_OR_RETURN(analysis, AnalyzeAttentions(data, o.file, io,
                                                     Analysis(roster, ctx.index, o.file, "comparing", o.bytes)));
      }
      Fill(o, analysis);
      o.roster_checked = roster.has_value();
      // The index re-reads the stored copy; do not hold two copies in memory.
      data.clear();
      data.shrink_to_fit();
      if (!analysis.parse.errors.empty() && (!req_.skip_bad || analysis.records == 0)) {
        rejected = true;  // the roster changed since the check
        return Status::Ok();
      }
      if (analysis.new_records + analysis.revised == 0) return Status::Ok();  // nothing new: log nothing
      entries = ImportEntries(st_, o, analysis, roster, format, req_.encoding, req_.skip_bad);
      if (req_.progress) req_.progress(o.file, o.bytes, o.bytes, "indexing");
      return Status::Ok();
    };
    ASSIGN_OR_RETURN(CommitResult committed, st_.Commit({}, prepare));
    if (rejected) {
      o.outcome = "rejected";
      return Status::Ok();
    }
    for (const auto& e : committed.entries) {
      if (e.action == "import" && e.details.value("import_sha256", "") == o.sha256) o.seq = e.seq;
    }
    o.outcome = o.seq ? "imported" : "unchanged";
    for (auto& id : analysis.changed_ids) changed_.push_back(std::move(id));
    for (const auto& r : analysis.revisions) revised_.push_back(r.id);
    return Status::Ok();
  }

  // Phase 3: links for what changed (SPEC §6: auto-link runs after import).
  void AutoLink() {
    AutoLinkOptions lo;
    lo.margin_ms = req_.link_margin_ms;
    auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
      AutoLinkOptions stale;
      stale.attentions = revised_;
      ASSIGN_OR_RETURN(entries, PlanStaleAutoUnlinks(ctx, stale, "the attention was revised"));
      lo.attentions = std::move(changed_);
      lo.attentions.insert(lo.attentions.end(), relink_.begin(), relink_.end());
      ASSIGN_OR_RETURN(auto links, PlanAutoLinks(ctx, lo));
      entries.insert(entries.end(), std::make_move_iterator(links.begin()), std::make_move_iterator(links.end()));
      return Status::Ok();
    };
    auto committed = st_.Commit({}, prepare);
    if (!committed.ok()) {
      sum_.link_error = committed.status().Prefixed("the records were imported, but auto-link failed");
      return;
    }
    for (const auto& e : committed->entries) {
      if (e.action == "link") ++sum_.links_added;
      if (e.action == "unlink") ++sum_.links_removed;
    }
  }

  Station& st_;
  const AttentionImportRequest& req_;
  AttentionImportSummary sum_;
  std::unique_ptr<Index> reader_;
  std::optional<StoredRoster> roster_;
  std::vector<std::string> changed_, revised_;
  std::vector<std::string> relink_;  // ids of unchanged files, for auto-link
  // What the check pass found, per file waiting to be imported.
  struct CheckedFile {
    AttentionAnalysis analysis;
    RecordDigests digests;
    std::optional<std::string> roster_sha256;  // the roster it was checked against
    std::optional<std::string> data;           // the file's bytes (single-file imports)
  };
  std::map<std::string, std::unique_ptr<CheckedFile>> checked_;
};

}  // namespace

Json FileImportOutcome::ToJson() const {
  Json j{{"file", file},
         {"outcome", outcome},
         {"sha256", sha256},
         {"format", format},
         {"encoding", encoding},
         {"bytes", bytes},
         {"rows", rows},
         {"records", records},
         {"new", new_records},
         {"revised", revised},
         {"unchanged", unchanged},
         {"skipped", skipped},
         {"errors", ErrorsJson(errors, errors.size())},
         {"revised_ids", revised_ids},
         {"roster_checked", roster_checked},
         {"seq", seq ? Json(*seq) : Json(nullptr)},
         {"error", error.ok() ? Json(nullptr) : Json(error.message())}};
  return j;
}

Json AttentionImportSummary::ToJson() const {
  Json files_json = Json::array();
  for (const auto& f : files) files_json.push_back(f.ToJson());
  return Json{{"schema", "custodia.import/1"},
              {"dry_run", dry_run},
              {"files", files_json},
              {"links_added", links_added},
              {"links_removed", links_removed},
              {"link_error", link_error.ok() ? Json(nullptr) : Json(link_error.message())},
              {"exit_code", exit_code}};
}

Result<AttentionImportSummary> ImportAttentions(Station& station, const AttentionImportRequest& request) {
  AttentionImporter importer(station, request);
  return importer.Run();
}

}  // namespace custodia
