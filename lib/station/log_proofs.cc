// `log checkpoint` and `log proof`: the latest signed checkpoint, inclusion
// proofs against it and consistency proofs between two of its sizes. Every
// proof is verified here before anyone sees it (sign, then verify).
#include "custodia/encoding.h"
#include "custodia/station_log.h"

namespace custodia {

namespace {

Status NotInLog(uint64_t seq, uint64_t size) {
  return Status::Invalid("there is no custody entry " + std::to_string(seq) + ": the log has " + std::to_string(size) +
                             " entries (seq 0.." + std::to_string(size ? size - 1 : 0) + ")",
                         "list entries with: custodia log show");
}

}  // namespace

Result<TrustedCheckpoint> LatestTrustedCheckpoint(Station& st, CustodyLog& log) {
  const std::string where = st.layout().LogDir() + "/checkpoint";
  auto text = log.LatestCheckpoint();
  if (!text.ok()) {
    if (text.status().code() == Code::kNotFound) {
      return text.status().WithHint("every command that writes to the vault signs one; run: custodia log verify");
    }
    return text.status();
  }
  TrustedCheckpoint cp;
  cp.text = std::move(text).value();
  ASSIGN_OR_RETURN(cp.parsed, SignedCheckpoint::Parse(cp.text, where));
  if (cp.parsed.checkpoint.origin != st.config().origin) {
    return Status::Integrity(where + " is a checkpoint of log " + cp.parsed.checkpoint.origin + ", not of " +
                                 st.config().origin,
                             "run: custodia log verify");
  }
  ASSIGN_OR_RETURN(std::vector<PublicKey> keys, st.all_public_keys());
  for (const PublicKey& k : keys) {
    if (VerifyNote(cp.parsed.note, NoteVerifier::For(st.config().origin, k), where).ok()) {
      cp.signed_by.push_back(k.IdString());
    }
  }
  if (cp.signed_by.empty()) {
    return Status::Integrity(where + " carries no valid signature by any station key (keys/*.pub)",
                             "do not publish it; run: custodia log verify");
  }
  return cp;
}

Result<InclusionProof> ProveEntry(Station& st, uint64_t seq) {
  ASSIGN_OR_RETURN(auto log, st.OpenLogReadOnly());
  RETURN_IF_ERROR(log->damage());
  if (seq >= log->size()) return NotInLog(seq, log->size());
  ASSIGN_OR_RETURN(TrustedCheckpoint cp, LatestTrustedCheckpoint(st, *log));
  const Checkpoint& head = cp.parsed.checkpoint;
  if (seq >= head.size) {
    return Status::Invalid("custody entry " + std::to_string(seq) + " is newer than the latest checkpoint (size " +
                               std::to_string(head.size) + ")",
                           "the next command that writes to the vault signs a checkpoint that covers it");
  }
  ASSIGN_OR_RETURN(InclusionProof proof, log->ProveInclusion(seq, head.size));
  proof.checkpoint = cp.text;
  ASSIGN_OR_RETURN(std::string line, log->ReadLine(seq));
  if (LeafHash(line) != proof.leaf_hash) {
    return Status::Integrity("custody entry " + std::to_string(seq) +
                                 " no longer hashes to the leaf recorded when it was appended (edited)",
                             "run: custodia log verify");
  }
  Status ok = VerifyInclusion(seq, head.size, proof.leaf_hash, proof.hashes, head.root);
  if (!ok.ok()) {
    return Status::Integrity("the inclusion proof of custody entry " + std::to_string(seq) +
                                 " does not lead to the root of the latest checkpoint (size " +
                                 std::to_string(head.size) + "): " + ok.message(),
                             "run: custodia log verify");
  }
  return proof;
}

Result<uint64_t> IngestSeqOfClip(Station& st, const std::string& clip) {
  ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
  ASSIGN_OR_RETURN(auto entries, index->EntriesOfClip(clip));
  for (const auto& e : entries) {
    if (e.action == "ingest") return e.seq;
  }
  return Status::NotFound("clip " + clip + " has no ingest entry in the custody log index",
                          "see its entries with: custodia log show --clip " + clip.substr(0, 12));
}

Result<ConsistencyProof> ProveLogConsistency(Station& st, uint64_t old_size, std::optional<uint64_t> new_size) {
  ASSIGN_OR_RETURN(auto log, st.OpenLogReadOnly());
  RETURN_IF_ERROR(log->damage());
  ASSIGN_OR_RETURN(TrustedCheckpoint cp, LatestTrustedCheckpoint(st, *log));
  const Checkpoint& head = cp.parsed.checkpoint;
  const uint64_t to = new_size.value_or(head.size);
  if (old_size < 1) {
    return Status::Invalid("a consistency proof needs an old size of at least 1 (from the empty log it proves nothing)",
                           "give the size of a checkpoint you kept (its second line)");
  }
  if (to > head.size) {
    return Status::Invalid("new size " + std::to_string(to) + " is beyond the latest checkpoint (size " +
                               std::to_string(head.size) + "): there is no signed root to prove it against",
                           "prove up to the latest checkpoint (the default) or to a smaller size");
  }
  if (old_size > to) {
    return Status::Invalid("old size " + std::to_string(old_size) + " is larger than new size " + std::to_string(to),
                           "a consistency proof goes from an older (smaller) tree to a newer one");
  }
  ASSIGN_OR_RETURN(ConsistencyProof proof, log->ProveConsistency(old_size, to));
  ASSIGN_OR_RETURN(Sha256Digest old_root, log->Root(old_size));
  ASSIGN_OR_RETURN(Sha256Digest new_root, log->Root(to));
  if (to == head.size && new_root != head.root) {
    return Status::Integrity("the log's root at size " + std::to_string(to) +
                                 " differs from the latest checkpoint's root",
                             "run: custodia log verify");
  }
  Status ok = VerifyConsistency(old_size, to, old_root, new_root, proof.hashes);
  if (!ok.ok()) {
    return Status::Integrity("the consistency proof " + std::to_string(old_size) + " -> " + std::to_string(to) +
                                 " does not verify: " + ok.message(),
                             "run: custodia log verify");
  }
  return proof;
}

}  // namespace custodia
