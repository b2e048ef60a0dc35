// Custody entry -> index changes. The index is a pure function of the custody
// log and the vault's files: this is used for new entries, for the replay
// after a crash and for reindex. Every change is decided by comparing with the
// current state, so applying an entry twice changes nothing the second time.
#include "custodia/attention.h"
#include "custodia/station.h"
#include "station/import_stream.h"

namespace custodia {

namespace {

constexpr size_t kFlushBytes = 64 << 20;

Result<std::string> DetailString(const CustodyEntry& e, const char* key) {
  return GetString(e.details, key, "custody entry " + std::to_string(e.seq) + " details");
}

Result<TimeMs> DetailTime(const CustodyEntry& e, const char* key) {
  ASSIGN_OR_RETURN(std::string s, DetailString(e, key));
  return ParseUtc(s);
}

Status Malformed(const CustodyEntry& e, const std::string& why) {
  return Status::Integrity("custody entry " + std::to_string(e.seq) + " (" + e.action + ") cannot be applied: " + why,
                           "run: custodia log verify");
}

Status ApplyIngest(const CustodyEntry& e, ApplyContext& ctx) {
  if (e.clips.size() != 1) return Malformed(e, "an ingest names exactly one clip");
  std::string where = "custody entry " + std::to_string(e.seq) + " details";
  ClipRecord r;
  r.sha256 = e.clips[0];
  ASSIGN_OR_RETURN(int64_t size, GetInt(e.details, "size", where));
  r.size = uint64_t(size);
  ASSIGN_OR_RETURN(r.device, DetailString(e, "device"));
  ASSIGN_OR_RETURN(r.officer, DetailString(e, "officer"));
  ASSIGN_OR_RETURN(r.officer_source, DetailString(e, "officer_source"));
  ASSIGN_OR_RETURN(r.start, DetailTime(e, "start"));
  ASSIGN_OR_RETURN(r.end, DetailTime(e, "end"));
  ASSIGN_OR_RETURN(r.recorded_source, DetailString(e, "recorded_source"));
  ASSIGN_OR_RETURN(r.status, DetailString(e, "status"));
  ASSIGN_OR_RETURN(r.container, DetailString(e, "container"));
  ASSIGN_OR_RETURN(r.duration_ms, GetInt(e.details, "duration_ms", where));
  ASSIGN_OR_RETURN(r.original_name, DetailString(e, "original_name"));
  ASSIGN_OR_RETURN(r.original_path, DetailString(e, "original_path"));
  ASSIGN_OR_RETURN(r.offload_id, DetailString(e, "offload_id"));
  ASSIGN_OR_RETURN(r.ingested_at, DetailTime(e, "ingested_at"));
  r.seq = e.seq;
  if (auto it = e.details.find("problems"); it != e.details.end() && it->is_array()) {
    for (const auto& p : *it) {
      if (p.is_string()) r.problems.push_back(p.get<std::string>());
    }
  }
  if (auto it = e.details.find("sidecars"); it != e.details.end() && it->is_array()) {
    r.sidecars = *it;
    for (const auto& sc : *it) {
      if (sc.is_object() && sc.contains("sha256") && sc["sha256"].is_string()) {
        RETURN_IF_ERROR(ctx.batch->PutSidecar(sc["sha256"].get<std::string>(), r.sha256));
      }
    }
  }
  ASSIGN_OR_RETURN(auto existing, ctx.batch->GetClip(r.sha256));
  if (!existing) RETURN_IF_ERROR(ctx.batch->PutClip(r));  // a later ingest of the same bytes never overwrites
  if (auto src = e.details.find("source"); src != e.details.end() && src->is_object()) {
    auto path = GetString(*src, "path", where);
    auto ssize = GetInt(*src, "size", where);
    auto mtime = GetInt(*src, "mtime_ns", where);
    if (path.ok() && ssize.ok() && mtime.ok()) {
      ctx.batch->PutSighting(r.device, *path, uint64_t(*ssize), *mtime, r.sha256);
    }
  }
  return Status::Ok();
}

Status ApplyDuplicate(const CustodyEntry& e, ApplyContext& ctx) {
  if (e.clips.size() != 1) return Malformed(e, "a duplicate sighting names exactly one clip");
  std::string where = "custody entry " + std::to_string(e.seq) + " details";
  auto device = GetString(e.details, "device", where);
  if (auto src = e.details.find("source"); device.ok() && src != e.details.end() && src->is_object()) {
    auto path = GetString(*src, "path", where);
    auto ssize = GetInt(*src, "size", where);
    auto mtime = GetInt(*src, "mtime_ns", where);
    if (path.ok() && ssize.ok() && mtime.ok()) {
      ctx.batch->PutSighting(*device, *path, uint64_t(*ssize), *mtime, e.clips[0]);
    }
  }
  return Status::Ok();
}

Status ApplyAmend(const CustodyEntry& e, ApplyContext& ctx) {
  if (e.clips.size() != 1) return Malformed(e, "an amendment names exactly one clip");
  ASSIGN_OR_RETURN(auto clip, ctx.batch->GetClip(e.clips[0]));
  if (!clip) return Malformed(e, "clip " + e.clips[0] + " is not in the index");
  ASSIGN_OR_RETURN(std::string field, DetailString(e, "field"));
  ASSIGN_OR_RETURN(std::string value, DetailString(e, "new"));
  if (field == "officer") {
    clip->officer = value;
    clip->officer_source = "amend";
  } else if (field == "device") {
    clip->device = value;
  } else {
    return Malformed(e, "unknown amended field \"" + field + "\"");
  }
  return ctx.batch->PutClip(*clip);
}

LinkRecord LinkFromEntry(const CustodyEntry& e) {
  LinkRecord l;
  l.clip = e.clips[0];
  l.attention = e.attentions[0];
  l.method = e.details.value("method", "manual");
  l.rule = e.details.value("rule", "");
  l.actor = e.actor;
  l.time = e.time;
  l.reason = e.reason.value_or("");
  l.seq = e.seq;
  return l;
}

Status ApplyLink(const CustodyEntry& e, ApplyContext& ctx) {
  if (e.clips.size() != 1 || e.attentions.size() != 1) return Malformed(e, "a link names one clip and one attention");
  LinkRecord l = LinkFromEntry(e);
  RETURN_IF_ERROR(ctx.batch->PutLink(l));
  // A manual link lifts an earlier manual unlink; an automatic one never does.
  if (l.method == "manual") RETURN_IF_ERROR(ctx.batch->RemoveLinkBlock(l.clip, l.attention));
  return Status::Ok();
}

Status ApplyUnlink(const CustodyEntry& e, ApplyContext& ctx) {
  if (e.clips.size() != 1 || e.attentions.size() != 1) return Malformed(e, "an unlink names one clip and one attention");
  LinkRecord l = LinkFromEntry(e);
  RETURN_IF_ERROR(ctx.batch->RemoveLink(l.clip, l.attention));
  // A person's unlink blocks auto-link from re-adding the pair; an automatic
  // one (the rule stopped matching after an amendment or a revision) does
  // not: if the facts change back, the rule may link the pair again.
  if (l.method == "auto") return Status::Ok();
  return ctx.batch->PutLinkBlock(l);
}

Result<std::string> ReadStoredImport(const CustodyEntry& e, ApplyContext& ctx, const std::string& sha) {
  std::string path = ctx.layout->Import(sha);
  auto data = ReadFileToString(ctx.env, path, uint64_t(8) << 30);
  if (!data.ok()) {
    return Status::Integrity("custody entry " + std::to_string(e.seq) + " refers to the stored import " + path +
                                 ", which cannot be read: " + data.status().message(),
                             "restore imports/ from a backup, then run: custodia reindex");
  }
  if (HexOf(Sha256::Of(*data)) != sha) {
    return Status::Integrity("the stored import " + path + " does not match its SHA-256 (altered)",
                             "restore it from a backup, then run: custodia reindex");
  }
  return data;
}

Result<std::string> ReadImportFile(const CustodyEntry& e, ApplyContext& ctx, std::string* sha) {
  ASSIGN_OR_RETURN(*sha, DetailString(e, "import_sha256"));
  return ReadStoredImport(e, ctx, *sha);
}

// The roster an import was checked against (details.roster_sha256, absent
// when the vault had none): records naming an officer it does not know were
// not imported, and are skipped here too.
Result<std::optional<Roster>> ImportRoster(const CustodyEntry& e, ApplyContext& ctx) {
  auto it = e.details.find("roster_sha256");
  if (it == e.details.end() || !it->is_string()) return std::optional<Roster>();
  std::string sha = it->get<std::string>();
  ASSIGN_OR_RETURN(std::string data, ReadStoredImport(e, ctx, sha));
  auto roster = ParseRoster(data, ctx.layout->Import(sha), *ctx.tz);
  if (!roster.ok()) return Malformed(e, "its roster " + sha + " does not parse: " + roster.status().message());
  return std::optional<Roster>(std::move(*roster));
}

// Inserts or revises one record; the same content is a no-op.
Status UpsertAttention(const CustodyEntry& e, ApplyContext& ctx, const std::string& import_sha, Attention&& a) {
  std::string hash = a.ContentHash();
  ASSIGN_OR_RETURN(auto current_hash, ctx.batch->GetAttentionHash(a.id));
  if (current_hash && *current_hash == hash) return Status::Ok();
  std::optional<AttentionState> current;
  if (current_hash) {
    ASSIGN_OR_RETURN(current, ctx.batch->GetAttention(a.id));
  }
  AttentionState st;
  st.version = current ? current->version + 1 : 1;
  st.record = std::move(a);
  st.content_hash = std::move(hash);
  st.seq = e.seq;
  st.import_sha = import_sha;
  st.updated = e.time;
  // The import entry names no attention (a file may hold a million); each
  // version records its entry (AttentionState::seq) instead.
  RETURN_IF_ERROR(ctx.batch->PutAttention(st, current));
  if (ctx.batch->ApproximateSize() > kFlushBytes) RETURN_IF_ERROR(ctx.index->Write(*ctx.batch, false));
  return Status::Ok();
}

Status ApplyImport(const CustodyEntry& e, ApplyContext& ctx) {
  std::string sha;
  ASSIGN_OR_RETURN(std::string data, ReadImportFile(e, ctx, &sha));
  ImportOptions opts;
  std::string format = e.details.value("format", "csv");
  opts.format = format == "jsonl" ? ImportFormat::kJsonl : ImportFormat::kCsv;
  opts.encoding = e.details.value("encoding", "utf-8") == "windows-1252" ? TextEncoding::kWindows1252
                                                                         : TextEncoding::kUtf8;
  opts.tz = *ctx.tz;
  std::string name = e.details.value("file_name", sha);
  ASSIGN_OR_RETURN(std::optional<Roster> roster, ImportRoster(e, ctx));
  Status failed;
  auto parsed = station_internal::ParseAttentionsInBackground(
      data, name, opts,
      [&](Attention&& a) -> Status {
        if (roster) {
          for (const auto& o : a.officers) {
            if (!roster->KnowsOfficer(o)) return Status::Ok();
          }
        }
        return UpsertAttention(e, ctx, sha, std::move(a));
      },
      &failed);
  if (!parsed.ok()) return Malformed(e, "its stored file does not parse: " + parsed.status().message());
  return failed;
}

Status ApplyRoster(const CustodyEntry& e, ApplyContext& ctx) {
  std::string sha;
  ASSIGN_OR_RETURN(std::string data, ReadImportFile(e, ctx, &sha));
  StoredRoster r;
  r.file_name = e.details.value("file_name", sha);
  ASSIGN_OR_RETURN(r.roster, ParseRoster(data, r.file_name, *ctx.tz));
  r.import_sha256 = sha;
  r.seq = e.seq;
  r.time = e.time;
  ctx.batch->PutRoster(r);
  return Status::Ok();
}

}  // namespace

Status ApplyEntry(const CustodyEntry& e, ApplyContext& ctx) {
  for (const auto& c : e.clips) ctx.batch->AddSubjectSeq(true, c, e.seq, e.action, e.time);
  for (const auto& a : e.attentions) ctx.batch->AddSubjectSeq(false, a, e.seq, e.action, e.time);
  if (e.outcome != "ok" && e.action != "duplicate" && e.action != "verify") return Status::Ok();  // failed actions change nothing
  if (e.action == "ingest") return ApplyIngest(e, ctx);
  if (e.action == "duplicate") return ApplyDuplicate(e, ctx);
  if (e.action == "amend") return ApplyAmend(e, ctx);
  if (e.action == "link") return ApplyLink(e, ctx);
  if (e.action == "unlink") return ApplyUnlink(e, ctx);
  if (e.action == "import") return ApplyImport(e, ctx);
  if (e.action == "roster") return ApplyRoster(e, ctx);
  if (e.action == "verify" && e.details.value("scope", "") == "all" && e.details.value("read_data", false)) {
    // Every clip ingested before this entry and not listed as failed was
    // read back and found intact at e.time (verify --older-than).
    ctx.batch->PutMetaString("full_verify", Json{{"seq", e.seq}, {"time", FormatUtc(e.time)}}.dump());
  }
  // init, receipt, wipe, abandon, truncate, revision, show, extract, export,
  // verify, key, fsck, reindex: custody only.
  return Status::Ok();
}

}  // namespace custodia
