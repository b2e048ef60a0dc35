// `log verify`: the custody log checked with every key the station ever had,
// against its own checkpoints and published ones, and against the index
// built from it (SPEC §2: applied_seq beyond the log = rolled back).
#include <unistd.h>

#include <cctype>
#include <cerrno>

#include "custodia/encoding.h"
#include "custodia/station_log.h"

namespace custodia {

namespace {

constexpr uint64_t kMaxExternalCheckpoint = 64 << 10;

// Latest checkpoint size, read before the index so that a commit running
// meanwhile cannot make a sound index look older than the checkpoint (the
// order of one unit: log, index, checkpoint).
std::optional<uint64_t> LatestCheckpointSize(Station& st) {
  LogPaths paths = st.layout().Log(st.layout().TmpDir());
  auto text = ReadFileToString(st.env(), paths.checkpoint, kMaxExternalCheckpoint);
  if (!text.ok()) return std::nullopt;
  auto cp = SignedCheckpoint::Parse(*text, paths.checkpoint);
  if (!cp.ok()) return std::nullopt;  // Verify reports it
  return cp->checkpoint.size;
}

// "external checkpoint #2" -> "external checkpoint #2 (published/2026-01-15.txt)".
void NameExternalFiles(const std::vector<ExternalCheckpoint>& external, std::string& message) {
  static const std::string kLabel = "external checkpoint #";
  size_t at = 0;
  while ((at = message.find(kLabel, at)) != std::string::npos) {
    size_t digits = at + kLabel.size(), end = digits;
    while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) ++end;
    size_t number = end > digits ? std::stoul(message.substr(digits, end - digits)) : 0;
    if (number >= 1 && number <= external.size()) {
      const std::string named = " (" + external[number - 1].path + ")";
      if (message.compare(end, named.size(), named) != 0) message.insert(end, named);
      end += named.size();
    }
    at = end;
  }
}

// "entry seq 7 was" / "entries seq 7..9 were" (the subject of a sentence, with its verb).
std::string Span(uint64_t first, uint64_t last) {
  if (first == last) return "entry seq " + std::to_string(first) + " was";
  return "entries seq " + std::to_string(first) + ".." + std::to_string(last) + " were";
}

Result<IndexMeta> ReadIndexMeta(Station& st) {
  ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
  return index->Meta();
}

void CompareIndex(const Result<IndexMeta>& meta, std::optional<uint64_t> checkpoint_size, LogAudit& audit) {
  if (!meta.ok()) {
    audit.notes.push_back("the index was not compared with the log: " + meta.status().message() +
                          " (it is derived from the log: custodia reindex rebuilds it)");
    return;
  }
  const uint64_t applied = meta->applied_seq, entries = audit.log.entries;
  audit.index_applied_seq = applied;
  if (applied > entries) {
    audit.log.problems.push_back(
        {entries, "the index has applied " + std::to_string(applied) + " custody entries but entries.jsonl has only " +
                      std::to_string(entries) + ": " + Span(entries, applied - 1) +
                      " removed (the log was truncated or rolled back)"});
  } else if (checkpoint_size && applied < *checkpoint_size) {
    audit.log.problems.push_back(
        {applied, "the index has applied only " + std::to_string(applied) + " entries, but checkpoint " +
                      std::to_string(*checkpoint_size) +
                      " was written after the index held them: the index was restored from an older copy "
                      "(custodia reindex rebuilds it)"});
  } else if (applied < entries) {
    audit.notes.push_back(Span(applied, entries - 1) +
                          " not applied to the index yet (an interrupted or running command; the next command "
                          "that writes applies it)");
  }
}

}  // namespace

Result<std::vector<ExternalCheckpoint>> ReadExternalCheckpoints(Env* env, const std::vector<std::string>& paths) {
  std::vector<ExternalCheckpoint> out;
  for (const auto& p : paths) {
    auto text = ReadFileToString(env, p, kMaxExternalCheckpoint);
    if (!text.ok()) {
      return Status::Invalid("cannot read the checkpoint " + p + ": " + text.status().message(),
                             "give a checkpoint file saved earlier (custodia log checkpoint > FILE)");
    }
    out.push_back({p, std::move(text).value()});
  }
  return out;
}

Result<LogAudit> AuditLog(Station& st, std::vector<ExternalCheckpoint> external,
                          const std::function<void(uint64_t, uint64_t)>& progress) {
  LogAudit audit;
  audit.external = std::move(external);
  std::optional<uint64_t> checkpoint_size = LatestCheckpointSize(st);
  // The index before the log: a commit in between only makes the log longer.
  Result<IndexMeta> meta = ReadIndexMeta(st);
  ASSIGN_OR_RETURN(auto log, st.OpenLogReadOnly());
  ASSIGN_OR_RETURN(std::vector<PublicKey> keys, st.all_public_keys());
  std::vector<NoteVerifier> verifiers;
  for (const PublicKey& k : keys) verifiers.push_back(NoteVerifier::For(st.config().origin, k));
  std::vector<std::string> texts;
  for (const auto& e : audit.external) texts.push_back(e.text);
  ASSIGN_OR_RETURN(audit.log, log->Verify(verifiers, texts, progress));
  for (LogProblem& p : audit.log.problems) NameExternalFiles(audit.external, p.message);
  CompareIndex(meta, checkpoint_size, audit);
  audit.appendable = audit.ok() && log->damage().ok();
  return audit;
}

Result<uint64_t> RecordLogVerification(Station& st, const LogAudit& audit) {
  if (!audit.appendable) {
    return Status::Integrity("problems were found, and custodia appends nothing to a log in which problems were "
                             "found: its files stay exactly as found, as evidence");
  }
  const VaultLayout& l = st.layout();
  for (const std::string& path : {l.root(), l.LogDir(), l.Log(l.TmpDir()).entries, l.Lock()}) {
    if (::access(path.c_str(), W_OK) != 0 && (path != l.Lock() || errno != ENOENT)) {
      return Status::Io("the vault is read-only here (" + path + " is not writable)");
    }
  }
  CustodyEntry e = st.NewEntry("verify");
  Json external = Json::array();
  for (const auto& x : audit.external) {
    Json j{{"sha256", HexOf(Sha256::Of(x.text))}, {"size", nullptr}, {"root", nullptr}};
    if (auto cp = SignedCheckpoint::Parse(x.text, x.path); cp.ok()) {
      j["size"] = cp->checkpoint.size;
      j["root"] = Base64Encode(cp->checkpoint.root);
    }
    external.push_back(std::move(j));
  }
  e.details = Json{{"scope", "log"},
                   {"entries", audit.log.entries},
                   {"checkpoints_checked", audit.log.checkpoints_checked},
                   {"external_checkpoints", external},
                   {"index_applied_seq", audit.index_applied_seq ? Json(*audit.index_applied_seq) : Json(nullptr)}};
  ASSIGN_OR_RETURN(CommitResult r, st.Commit({e}));
  if (r.entries.empty()) return Status::Io("the verify entry was not appended");
  return r.entries.back().seq;
}

}  // namespace custodia
