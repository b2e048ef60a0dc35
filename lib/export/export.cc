// ExportBundle: check the request, log the export (which signs a checkpoint
// covering it), build the bundle against that checkpoint in a hidden
// directory beside DIR, rename it into place.
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include "custodia/encoding.h"
#include "export/export_internal.h"

namespace custodia {

using namespace export_internal;

Json ExportReport::ToJson() const {
  return Json{{"schema", "custodia.export/1"}, {"out", out},           {"export_seq", export_seq},
              {"tree_size", tree_size},        {"clips", clips},       {"attentions", attentions},
              {"sidecars", sidecars},          {"entries", entries},   {"files", files},
              {"bytes", bytes},                {"keys", key_ids}};
}

namespace {

struct Target {
  std::string out;     // without trailing slashes
  std::string parent;  // its directory
  bool exists = false; // an empty directory already there
};

Result<Target> CheckTarget(Env* env, std::string out) {
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (!out.empty() && out[0] != '/') {
    // Absolute, so the custody entry says where the bundle went.
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd)) out = JoinPath(cwd, out);
  }
  const std::string base = BaseName(out);
  if (out.empty() || base.empty() || base == "." || base == ".." || out == "/") {
    return Status::Invalid("--out must name a new (or empty) directory, not \"" + out + "\"");
  }
  if (base.size() > 200) {
    return Status::Invalid("--out: the directory name is longer than 200 bytes", "choose a shorter name");
  }
  Target t;
  t.out = out;
  t.parent = out.find('/') == std::string::npos ? "." : DirName(out);
  if (t.parent.empty()) t.parent = "/";
  auto parent = env->Stat(t.parent);
  if (!parent.ok() || !parent->is_dir) {
    return Status::Invalid("cannot export to " + out + ": its parent directory " + t.parent + " does not exist",
                           "create it first (a mounted USB disk, for example)");
  }
  auto info = env->Lstat(out);
  if (!info.ok()) {
    if (info.status().sys_errno() == ENOENT) return t;
    return Status::Invalid("cannot export to " + out + ": " + info.status().message());
  }
  if (info->is_symlink) {
    return Status::Invalid("refusing to export to " + out + ": it is a symbolic link", "name a real directory");
  }
  if (!info->is_dir) return Status::Invalid("refusing to export to " + out + ": it exists and is not a directory");
  ASSIGN_OR_RETURN(auto entries, env->ListDir(out));
  if (!entries.empty()) {
    return Status::Invalid("refusing to export into " + out + ": the directory is not empty (" +
                               std::to_string(entries.size()) + " entries)",
                           "give a new directory name, or empty that one");
  }
  t.exists = true;
  return t;
}

std::string RandomHex() {
  unsigned char b[6];
  randombytes_buf(b, sizeof b);
  return ToHex(std::span<const uint8_t>(b, sizeof b));
}

struct Built {
  uint64_t entries = 0, sidecars = 0;
  std::vector<std::string> key_ids;
};

class Builder {
 public:
  Builder(Station& st, const ExportOptions& opts, const Selection& sel, const CommitResult& commit,
          const CustodyEntry& entry, BundleWriter& w)
      : st_(st), opts_(opts), sel_(sel), commit_(commit), entry_(entry), w_(w) {}

  Result<Built> Build();

 private:
  Status CollectKeys(const SignedCheckpoint& cp);
  std::string KeyFileFor(const KeyId& id) const {
    return id == st_.public_key().key_id ? std::string(bundle_file::kStationPub) : BundleKeyPath(KeyIdString(id));
  }
  Status WriteKeys(const SecretKey& sk, VerifyGuide* guide);
  Status WriteClips(VerifyGuide& guide, Built& built);
  Status WriteCustody(const SecretKey& sk, const SignedCheckpoint& cp, Built& built);

  Station& st_;
  const ExportOptions& opts_;
  const Selection& sel_;
  const CommitResult& commit_;
  const CustodyEntry& entry_;
  BundleWriter& w_;
  std::map<KeyId, PublicKey> keys_;    // every key that signed something in the bundle
  std::vector<PublicKey> note_keys_;   // the checkpoint's note signers
};

Status Builder::CollectKeys(const SignedCheckpoint& cp) {
  ASSIGN_OR_RETURN(std::vector<PublicKey> all, st_.all_public_keys());
  auto add = [&](const KeyId& id, const std::string& what) -> Status {
    for (const auto& k : all) {
      if (k.key_id == id) {
        keys_[id] = k;
        return Status::Ok();
      }
    }
    return Status::Integrity(what + " is signed by key " + KeyIdString(id) + ", which is not a station key",
                             "run: custodia verify --all");
  };
  RETURN_IF_ERROR(add(st_.public_key().key_id, "the bundle"));
  for (const auto& c : sel_.clips) {
    RETURN_IF_ERROR(add(c.sig.key_id, "clip " + c.record.sha256));
    RETURN_IF_ERROR(add(c.manifest_sig.key_id, "the manifest of clip " + c.record.sha256));
  }
  for (const auto& k : all) {
    if (VerifyNote(cp.note, NoteVerifier::For(cp.checkpoint.origin, k), "checkpoint").ok()) {
      note_keys_.push_back(k);
      keys_[k.key_id] = k;
    }
  }
  if (note_keys_.empty()) {
    return Status::Integrity("the checkpoint just written carries no valid signature by a station key",
                             "run: custodia log verify");
  }
  // Every key the station had, not only those that signed here: the chain of
  // rotation statements lets an auditor who holds an older published key
  // reach the current one.
  for (const auto& k : all) keys_[k.key_id] = k;
  return Status::Ok();
}

Status Builder::WriteKeys(const SecretKey& sk, VerifyGuide* guide) {
  const VaultLayout& L = st_.layout();
  ASSIGN_OR_RETURN(std::string station_pub, ReadFileToString(st_.env(), L.StationPub(), kMaxBundleSig));
  ASSIGN_OR_RETURN(PublicKey parsed, PublicKey::Parse(station_pub, L.StationPub()));
  if (!(parsed == st_.public_key())) return Status::Vault(L.StationPub() + " changed while exporting");
  RETURN_IF_ERROR(w_.WriteText(bundle_file::kStationPub, station_pub));
  const std::string current = st_.public_key().IdString();
  for (const auto& [id, k] : keys_) {
    const std::string kid = k.IdString();
    std::string text;
    auto stored = ReadFileToString(st_.env(), L.KeyPub(kid), kMaxBundleSig);
    if (stored.ok() && PublicKey::Parse(*stored, L.KeyPub(kid)).ok() &&
        *PublicKey::Parse(*stored, L.KeyPub(kid)) == k) {
      text = *stored;
    } else {
      text = k.FileText("custodia station " + st_.config().station + " public key " + kid);
    }
    RETURN_IF_ERROR(w_.WriteText(BundleKeyPath(kid), text));
    // The vault's rotation statement (this key signed by the one it
    // replaced), verbatim, when it holds.
    auto statement = ReadFileToString(st_.env(), L.KeyPub(kid) + std::string(bundle_file::kSigSuffix), kMaxBundleSig);
    if (statement.ok()) {
      auto sig = Signature::Parse(*statement, L.KeyPub(kid) + ".minisig");
      auto signer = sig.ok() ? keys_.find(sig->key_id) : keys_.end();
      if (signer != keys_.end() && VerifyData(signer->second, *sig, text, L.KeyPub(kid)).ok()) {
        RETURN_IF_ERROR(w_.WriteText(BundleKeyPath(kid) + std::string(bundle_file::kSigSuffix), *statement));
        guide->statements.push_back({BundleKeyPath(kid), KeyFileFor(signer->first), ""});
      }
    }
    if (kid == current) continue;
    // An older key counts for a verifier only if the current one vouches for it.
    ASSIGN_OR_RETURN(Signature sig, sk.SignData(text, "custodia key " + kid + " of station " + st_.config().station +
                                                          ", vouched for by current key " + current,
                                                "custodia station key vouching for an older key"));
    const std::string vouch = BundleKeyPath(kid) + std::string(bundle_file::kVouchSuffix);
    RETURN_IF_ERROR(w_.WriteText(vouch, sig.FileText()));
    guide->vouched_keys.push_back({BundleKeyPath(kid), std::string(bundle_file::kStationPub), vouch});
  }
  std::string vkeys;
  for (const auto& k : note_keys_) vkeys += NoteVerifier::For(st_.config().origin, k).ToString() + "\n";
  return w_.WriteText(bundle_file::kNoteVkey, vkeys);
}

Status Builder::WriteClips(VerifyGuide& guide, Built& built) {
  const VaultLayout& L = st_.layout();
  uint64_t total = 0, done = 0;
  for (const auto& c : sel_.clips) {
    total += c.record.size;
    for (const auto& sc : c.record.sidecars) total += sc.value("size", uint64_t(0));
  }
  for (const auto& c : sel_.clips) {
    const std::string& sha = c.record.sha256;
    auto progress = [&, path = c.bundle_path](uint64_t n) {
      done += n;
      if (opts_.progress) opts_.progress(done, total, path);
    };
    ASSIGN_OR_RETURN(FileDigests d, w_.CopyChecked(c.bundle_path, L.Object(sha), sha, progress));
    // Sign, then verify: the signature shipped must hold for the bytes shipped.
    RETURN_IF_ERROR(VerifyPrehashed(keys_.at(c.sig.key_id), c.sig, d.blake2b, L.ClipSig(sha)));
    RETURN_IF_ERROR(w_.WriteText(c.bundle_path + std::string(bundle_file::kSigSuffix), c.sig_text));
    guide.clips.push_back({c.bundle_path, KeyFileFor(c.sig.key_id), ""});
    for (const auto& [path, sc_sha] : c.sidecars) {
      auto p = [&, path = path](uint64_t n) {
        done += n;
        if (opts_.progress) opts_.progress(done, total, path);
      };
      ASSIGN_OR_RETURN(FileDigests sd, w_.CopyChecked(path, L.Object(sc_sha), sc_sha, p));
      (void)sd;
      guide.sidecars.push_back(path);
      ++built.sidecars;
    }
    const std::string manifest = BundleManifestPath(sha);
    RETURN_IF_ERROR(VerifyData(keys_.at(c.manifest_sig.key_id), c.manifest_sig, c.manifest_text, L.Manifest(sha)));
    RETURN_IF_ERROR(w_.WriteText(manifest, c.manifest_text));
    RETURN_IF_ERROR(w_.WriteText(manifest + std::string(bundle_file::kSigSuffix), c.manifest_sig_text));
    guide.manifests.push_back({manifest, KeyFileFor(c.manifest_sig.key_id), ""});
  }
  for (const auto& a : sel_.attentions) {
    RETURN_IF_ERROR(w_.WriteText(BundleAttentionPath(a.id), a.text));
    guide.attentions.push_back(BundleAttentionPath(a.id));
  }
  return Status::Ok();
}

Status Builder::WriteCustody(const SecretKey& sk, const SignedCheckpoint& cp, Built& built) {
  const uint64_t size = commit_.tree_size;
  ASSIGN_OR_RETURN(std::vector<uint64_t> seqs, EntriesAbout(st_, sel_, entry_.seq, size));
  ASSIGN_OR_RETURN(auto log, st_.OpenLogReadOnly());
  RETURN_IF_ERROR(log->damage());
  std::string lines;
  std::vector<std::pair<uint64_t, std::string>> proofs;
  for (uint64_t seq : seqs) {
    ASSIGN_OR_RETURN(std::string line, log->ReadLine(seq));
    ASSIGN_OR_RETURN(InclusionProof proof, log->ProveInclusion(seq, size));
    proof.checkpoint = commit_.checkpoint;
    if (LeafHash(line) != proof.leaf_hash) {
      return Status::Integrity("custody entry " + std::to_string(seq) + " no longer hashes to its leaf (edited)",
                               "run: custodia log verify");
    }
    RETURN_IF_ERROR(VerifyInclusion(seq, size, proof.leaf_hash, proof.hashes, cp.checkpoint.root)
                        .Prefixed("inclusion proof of custody entry " + std::to_string(seq)));
    ASSIGN_OR_RETURN(std::string json, CanonicalJson(proof.ToJson()));
    lines += line + "\n";
    proofs.emplace_back(seq, json + "\n");
  }
  RETURN_IF_ERROR(w_.WriteText(bundle_file::kEntries, lines));
  RETURN_IF_ERROR(w_.WriteText(bundle_file::kCheckpoint, commit_.checkpoint));
  ASSIGN_OR_RETURN(Signature sig, sk.SignData(commit_.checkpoint, CheckpointTrustedComment(cp.checkpoint),
                                              "custodia log checkpoint signature"));
  RETURN_IF_ERROR(w_.WriteText(bundle_file::kCheckpointSig, sig.FileText()));
  for (const auto& [seq, json] : proofs) RETURN_IF_ERROR(w_.WriteText(BundleProofPath(seq), json));
  built.entries = seqs.size();
  return Status::Ok();
}

Result<Built> Builder::Build() {
  ASSIGN_OR_RETURN(const SecretKey* sk, st_.secret_key());
  ASSIGN_OR_RETURN(SignedCheckpoint cp, SignedCheckpoint::Parse(commit_.checkpoint, "the new checkpoint"));
  RETURN_IF_ERROR(CollectKeys(cp));
  RETURN_IF_ERROR(w_.MakeDir(""));
  for (std::string_view d : {bundle_file::kKeysDir, bundle_file::kClipsDir, bundle_file::kManifestsDir,
                             bundle_file::kAttentionsDir, bundle_file::kCustodyDir, bundle_file::kProofsDir}) {
    RETURN_IF_ERROR(w_.MakeDir(d));
  }
  Built built;
  VerifyGuide guide;
  guide.station = st_.config().station;
  guide.origin = st_.config().origin;
  guide.station_key_id = st_.public_key().IdString();
  guide.exported_at = FormatUtc(entry_.time);
  guide.export_seq = entry_.seq;
  guide.tree_size = commit_.tree_size;
  guide.attention = opts_.attention;
  RETURN_IF_ERROR(WriteKeys(*sk, &guide));
  for (const auto& [id, k] : keys_) built.key_ids.push_back(k.IdString());
  RETURN_IF_ERROR(WriteClips(guide, built));
  RETURN_IF_ERROR(WriteCustody(*sk, cp, built));
  RETURN_IF_ERROR(w_.WriteText(bundle_file::kVerifyScript, VerifyProofsScript()));
  RETURN_IF_ERROR(w_.WriteText(bundle_file::kVerifyMd, VerifyMarkdown(guide)));
  const std::string sums = w_.Sums();
  const size_t files = w_.files();
  RETURN_IF_ERROR(w_.WriteText(bundle_file::kSums, sums));
  ASSIGN_OR_RETURN(Signature sig, sk->SignData(sums,
                                               "custodia bundle station=" + st_.config().station +
                                                   " export_seq=" + std::to_string(entry_.seq) +
                                                   " checkpoint_size=" + std::to_string(commit_.tree_size) +
                                                   " files=" + std::to_string(files),
                                               "custodia export bundle signature"));
  RETURN_IF_ERROR(w_.WriteText(bundle_file::kSumsSig, sig.FileText()));
  RETURN_IF_ERROR(w_.SyncDirs());
  return built;
}

CustodyEntry ExportEntry(Station& st, const ExportOptions& opts, const Selection& sel, const std::string& out) {
  CustodyEntry e = st.NewEntry("export");
  e.reason = opts.reason;
  for (const auto& c : sel.clips) e.clips.push_back(c.record.sha256);
  Json records = Json::object();
  for (const auto& a : sel.attentions) {
    e.attentions.push_back(a.id);
    records[a.id] = a.sha256;
  }
  e.details = Json{{"attention_records", records},
                   {"out", IsValidUtf8(out) ? out : PercentEncodeValue(out)},
                   {"selection", opts.attention ? "attention" : "clips"}};
  if (opts.attention) e.details["attention"] = *opts.attention;
  return e;
}

// Records that a logged export did not produce its bundle.
void LogFailure(Station& st, const CustodyEntry& logged, const Status& why) {
  CustodyEntry e = st.NewEntry("export");
  e.outcome = "failed";
  e.reason = logged.reason;
  e.clips = logged.clips;
  e.attentions = logged.attentions;
  std::string msg = why.message().substr(0, 2000);
  e.details = Json{{"error", IsValidUtf8(msg) ? msg : PercentEncodeValue(msg)},
                   {"export_seq", logged.seq},
                   {"out", logged.details.value("out", "")}};
  (void)st.Commit({e});
}

}  // namespace

Result<ExportReport> ExportBundle(Station& st, const ExportOptions& opts) {
  auto blank = opts.reason.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    return Status::Invalid("--reason is mandatory for export (SPEC §5): say why the bundle is made",
                           "e.g. --reason \"requerimiento Fiscalía 123-2026\"");
  }
  if (opts.attention && !opts.clips.empty()) return Status::Invalid("give --attention or --clip, not both");
  if (!opts.attention && opts.clips.empty()) {
    return Status::Invalid("say what to export", "give --attention ID or one or more --clip ID");
  }
  ASSIGN_OR_RETURN(Target target, CheckTarget(st.env(), opts.out));
  ASSIGN_OR_RETURN(Selection sel, Select(st, opts));
  ASSIGN_OR_RETURN(const SecretKey* sk, st.secret_key());
  (void)sk;  // refused now (exit 10), not after the export was logged

  ASSIGN_OR_RETURN(CommitResult commit, st.Commit({ExportEntry(st, opts, sel, target.out)}));
  auto logged = std::find_if(commit.entries.begin(), commit.entries.end(),
                             [](const CustodyEntry& e) { return e.action == "export"; });
  if (logged == commit.entries.end()) return Status::Integrity("the export entry was not logged");
  const CustodyEntry entry = *logged;

  BundleWriter writer(st.env(), JoinPath(target.parent, "." + BaseName(target.out) + ".partial-" + RandomHex()),
                      opts.cancel);
  Builder builder(st, opts, sel, commit, entry, writer);
  auto built = builder.Build();
  Status placed = built.ok() ? (target.exists ? st.env()->Rename(writer.root(), target.out)
                                              : st.env()->RenameNoReplace(writer.root(), target.out))
                             : built.status();
  if (placed.ok()) (void)st.env()->SyncDir(target.parent);  // the bundle is in place either way
  if (!placed.ok()) {
    writer.RemoveAll();
    LogFailure(st, entry, placed);
    return placed.Prefixed("export (logged as custody entry " + std::to_string(entry.seq) +
                           ", then marked failed; no bundle was left at " + target.out + ")");
  }
  ExportReport r;
  r.out = target.out;
  r.export_seq = entry.seq;
  r.tree_size = commit.tree_size;
  for (const auto& c : sel.clips) r.clips.push_back(c.record.sha256);
  for (const auto& a : sel.attentions) r.attentions.push_back(a.id);
  r.sidecars = built->sidecars;
  r.entries = built->entries;
  r.files = writer.files();
  r.bytes = writer.bytes();
  r.key_ids = built->key_ids;
  return r;
}

}  // namespace custodia
