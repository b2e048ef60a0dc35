// custodia log proof / log checkpoint: Merkle proofs and the latest signed
// checkpoint, for auditors and for publishing (not logged: they reveal
// nothing beyond hashes).
#include <cstdio>

#include "custodia/encoding.h"
#include "custodia/station_log.h"
#include "log_commands.h"
#include "output.h"
#include "resolve.h"

namespace custodia::cli {

namespace {

// A tree size or entry number: decimal digits only.
Result<uint64_t> ParseCount(const std::string& text, const char* flag) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Invalid(std::string(flag) + " \"" + text + "\" is not a whole number",
                           "give an entry number (seq, from 0) or a tree size, e.g. " + std::string(flag) + " 42");
  }
  return uint64_t(std::stoull(text));
}

Result<Json> Prove(Station& st, const LogProofCli& o) {
  if (!o.from.empty()) {
    ASSIGN_OR_RETURN(uint64_t from, ParseCount(o.from, "--from"));
    std::optional<uint64_t> to;
    if (!o.to.empty()) {
      ASSIGN_OR_RETURN(to, ParseCount(o.to, "--to"));
    }
    ASSIGN_OR_RETURN(ConsistencyProof p, ProveLogConsistency(st, from, to));
    return p.ToJson();
  }
  uint64_t seq = 0;
  if (!o.clip.empty()) {
    ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
    ASSIGN_OR_RETURN(std::string clip, ResolveClipId(*index, o.clip));
    ASSIGN_OR_RETURN(seq, IngestSeqOfClip(st, clip));
  } else if (!o.seq.empty()) {
    ASSIGN_OR_RETURN(seq, ParseCount(o.seq, "--seq"));
  } else {
    return Status::Invalid("say what to prove", "use --seq N, --clip ID, or --from OLD [--to NEW]");
  }
  ASSIGN_OR_RETURN(InclusionProof p, ProveEntry(st, seq));
  return p.ToJson();
}

}  // namespace

void RunLogProof(Context& ctx, const LogProofCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto proof = Prove(**st, o);
  if (!proof.ok()) {
    ctx.exit_code = ReportError(proof.status());
    return;
  }
  PrintJson(*proof);
}

void RunLogCheckpoint(Context& ctx) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto log = (*st)->OpenLogReadOnly();
  Result<TrustedCheckpoint> cp =
      log.ok() ? LatestTrustedCheckpoint(**st, **log) : Result<TrustedCheckpoint>(log.status());
  if (!cp.ok()) {
    ctx.exit_code = ReportError(cp.status());
    return;
  }
  if (ctx.global.json) {
    const Checkpoint& head = cp->parsed.checkpoint;
    PrintJson(Json{{"origin", head.origin},
                   {"size", head.size},
                   {"root", Base64Encode(head.root)},
                   {"note", cp->text},
                   {"signed_by", cp->signed_by}});
    return;
  }
  std::fwrite(cp->text.data(), 1, cp->text.size(), stdout);
}

}  // namespace custodia::cli
