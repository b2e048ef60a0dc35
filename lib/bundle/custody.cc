// The bundle's custody part: the signed checkpoint (signed note checked with
// station-note.vkey, minisign signature with a trusted key), the entries
// (canonical custody entries, in seq order) and one inclusion proof per
// entry leading to the checkpoint's root.
#include <map>

#include "bundle/verify_internal.h"
#include "custodia/encoding.h"

namespace custodia::bundle_internal {

namespace {

const std::string kCheckpointPath(bundle_file::kCheckpoint);
const std::string kEntriesPath(bundle_file::kEntries);
const std::string kVkeyPath(bundle_file::kNoteVkey);

std::optional<SignedCheckpoint> CheckCheckpoint(Verification& v) {
  const std::string* text = v.Text(kCheckpointPath);
  if (!text) return std::nullopt;
  auto cp = SignedCheckpoint::Parse(*text, kCheckpointPath);
  if (!cp.ok()) {
    v.Problem(kCheckpointPath, cp.status().message());
    return std::nullopt;
  }
  // The note signature, with the verifier key(s) the bundle carries: each
  // must be a trusted station key under the checkpoint's origin.
  bool note_ok = false;
  if (const std::string* vk = v.Text(kVkeyPath)) {
    auto vkeys = ParseNoteVkeys(*vk, kVkeyPath);
    if (!vkeys.ok()) v.Problem(kVkeyPath, vkeys.status().message());
    for (const NoteVerifier& nv : vkeys.ok() ? *vkeys : std::vector<NoteVerifier>{}) {
      const std::string shown = nv.name + "+" + ToHex(nv.key_hash);
      if (nv.name != cp->checkpoint.origin) {
        v.Problem(kVkeyPath, "key " + shown + " is for log " + nv.name + ", not for " + cp->checkpoint.origin);
        continue;
      }
      bool trusted = false;
      for (const auto& [id, k] : v.trusted) trusted = trusted || k.key == nv.key;
      if (!trusted) {
        v.Problem(kVkeyPath, "key " + shown + " is not the station key you trust (its Ed25519 key is none of " +
                                 "the trusted minisign keys)");
        continue;
      }
      Status s = VerifyNote(cp->note, nv, kCheckpointPath);
      if (!s.ok()) {
        v.Problem(kCheckpointPath, "signed-note signature by " + shown + " does not verify: " + s.message());
        continue;
      }
      note_ok = true;
    }
  }
  if (!note_ok) v.Problem(kCheckpointPath, "carries no valid signed-note signature by a trusted station key");
  Signature sig;
  if (v.CheckSignature(std::string(bundle_file::kCheckpointSig), kCheckpointPath, *text, nullptr, &sig) &&
      sig.trusted_comment != CheckpointTrustedComment(cp->checkpoint)) {
    v.Problem(std::string(bundle_file::kCheckpointSig),
              "its trusted comment does not describe this checkpoint: \"" + sig.trusted_comment.substr(0, 200) + "\"");
  }
  v.report.checkpoint = cp->checkpoint;
  return std::move(cp).value();
}

struct Entry {
  CustodyEntry entry;
  std::string line;
};

std::map<uint64_t, Entry> CheckEntries(Verification& v, const std::optional<SignedCheckpoint>& cp) {
  std::map<uint64_t, Entry> out;
  const std::string* text = v.Text(kEntriesPath);
  if (!text) return out;
  if (text->empty()) {
    v.Problem(kEntriesPath, "empty: a bundle carries at least its own export entry");
    return out;
  }
  if (text->back() != '\n') v.Problem(kEntriesPath, "the last line has no newline (truncated)");
  std::string_view rest = *text;
  uint64_t line_no = 0;
  std::optional<uint64_t> last_seq;
  while (!rest.empty()) {
    ++line_no;
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    const std::string where = kEntriesPath + " line " + std::to_string(line_no);
    if (line.size() > kMaxEntryLine) {
      v.Problem(kEntriesPath, "line " + std::to_string(line_no) + " is longer than a custody entry may be");
      continue;
    }
    auto e = ParseBundleEntry(line, where);
    if (!e.ok()) {
      v.Problem(kEntriesPath, e.status().message());
      continue;
    }
    auto canonical = e->ToLine();
    if (!canonical.ok() || *canonical != line) {
      v.Problem(kEntriesPath, "line " + std::to_string(line_no) + " (seq " + std::to_string(e->seq) +
                                  ") is not in canonical form: custodia did not write it so (edited)");
    }
    if (last_seq && e->seq <= *last_seq) {
      v.Problem(kEntriesPath, "line " + std::to_string(line_no) + ": seq " + std::to_string(e->seq) +
                                  " does not follow seq " + std::to_string(*last_seq) + " (entries are in log order)");
      continue;
    }
    last_seq = e->seq;
    if (cp) {
      if (e->seq >= cp->checkpoint.size) {
        v.Problem(kEntriesPath, "entry seq " + std::to_string(e->seq) + " is beyond the checkpoint (size " +
                                    std::to_string(cp->checkpoint.size) + ")");
      }
      if ("custodia/" + e->station != cp->checkpoint.origin) {
        v.Problem(kEntriesPath, "entry seq " + std::to_string(e->seq) + " is from station " + e->station +
                                    ", not from the checkpoint's log " + cp->checkpoint.origin);
      }
    }
    out.emplace(e->seq, Entry{std::move(e).value(), std::string(line)});
  }
  v.report.entries = out.size();
  return out;
}

void CheckProofs(Verification& v, const std::optional<SignedCheckpoint>& cp, const std::string* cp_text,
                 const std::map<uint64_t, Entry>& entries) {
  std::set<uint64_t> proved;
  for (const auto& [path, node] : v.files) {
    if (Classify(path) != FileKind::kProof) continue;
    const uint64_t seq = *ProofSeq(path);
    const std::string* text = v.Text(path);
    if (!text) continue;
    auto proof = ParseBundleProof(*text, path);
    if (!proof.ok()) {
      v.Problem(path, proof.status().message());
      continue;
    }
    ++v.report.proofs;
    proved.insert(seq);
    if (proof->leaf_index != seq) {
      v.Problem(path, "proves entry " + std::to_string(proof->leaf_index) + ", not the entry its name says");
    }
    auto e = entries.find(seq);
    if (e == entries.end()) {
      v.Problem(path, "proves entry " + std::to_string(seq) + ", which is not in " + kEntriesPath);
    } else if (LeafHash(e->second.line) != proof->leaf_hash) {
      v.Problem(path, "its leaf hash is not SHA-256(0x00 ‖ line) of entry " + std::to_string(seq) +
                          " in " + kEntriesPath + " (the entry or the proof was changed)");
    }
    if (!cp) continue;  // reported: nothing to check the path against
    if (proof->tree_size != cp->checkpoint.size) {
      v.Problem(path, "is against a tree of " + std::to_string(proof->tree_size) + " entries, not the checkpoint's " +
                          std::to_string(cp->checkpoint.size));
      continue;
    }
    if (cp_text && proof->checkpoint != *cp_text) {
      v.Problem(path, "its \"checkpoint\" is not the text of " + kCheckpointPath);
    }
    Status s = VerifyInclusion(proof->leaf_index, proof->tree_size, proof->leaf_hash, proof->hashes, cp->checkpoint.root);
    if (!s.ok()) v.Problem(path, "does not lead to the checkpoint's root: " + s.message());
  }
  if (!cp && v.Has(kCheckpointPath)) {
    v.Problem(std::string(bundle_file::kProofsDir), "the proofs cannot be checked without a valid checkpoint");
  }
  for (const auto& [seq, e] : entries) {
    if (!proved.count(seq) && !v.Has(BundleProofPath(seq))) {
      v.Problem(kEntriesPath, "entry seq " + std::to_string(seq) + " has no proof " + BundleProofPath(seq));
    }
  }
}

}  // namespace

std::optional<CustodyEntry> CheckCustody(Verification& v) {
  std::optional<SignedCheckpoint> cp = CheckCheckpoint(v);
  std::map<uint64_t, Entry> entries = CheckEntries(v, cp);
  CheckProofs(v, cp, v.Text(kCheckpointPath), entries);
  if (entries.empty()) return std::nullopt;
  const CustodyEntry& last = entries.rbegin()->second.entry;
  if (last.action != "export") {
    v.Problem(kEntriesPath, "the last entry (seq " + std::to_string(last.seq) + ") is a \"" + last.action +
                                "\", not the export entry that made this bundle");
    return std::nullopt;
  }
  if (last.outcome != "ok") v.Problem(kEntriesPath, "the export entry's outcome is \"" + last.outcome + "\"");
  if (!last.reason || last.reason->empty()) v.Problem(kEntriesPath, "the export entry has no reason");
  v.report.export_seq = last.seq;
  return last;
}

}  // namespace custodia::bundle_internal
