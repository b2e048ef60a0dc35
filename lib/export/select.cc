// What an export contains: the clips (given, or linked to the attention),
// their sidecars, signatures and manifests, and the attention records (the
// one given, or those the clips are linked to). Everything is read and
// checked here, before the export is logged: a vault problem is reported
// without a custody entry that claims an export.
#include <algorithm>
#include <map>
#include <set>

#include "custodia/encoding.h"
#include "export/export_internal.h"

namespace custodia::export_internal {

namespace {

Result<std::string> ReadStored(Station& st, const std::string& path, uint64_t max, const std::string& what) {
  auto t = ReadFileToString(st.env(), path, max);
  if (!t.ok()) {
    return Status::Integrity(what + " cannot be read: " + t.status().message(),
                             "run: custodia verify --all, then custodia fsck");
  }
  return t;
}

Result<Signature> ParseStoredSig(const std::string& text, const std::string& path) {
  auto s = Signature::Parse(text, path);
  if (!s.ok()) return Status::Integrity(s.status().message(), "run: custodia verify --all, then custodia fsck");
  return s;
}

Result<SelectedClip> LoadClip(Station& st, const ClipRecord& c) {
  const VaultLayout& L = st.layout();
  SelectedClip s;
  s.record = c;
  auto info = st.env()->Lstat(L.Object(c.sha256));
  if (!info.ok() || !info->is_regular) {
    return Status::Integrity("clip " + c.sha256 + ": its object " + L.Object(c.sha256) + " is missing",
                             "run: custodia verify " + c.sha256.substr(0, 12) + ", then custodia fsck");
  }
  if (info->size != c.size) {
    return Status::Integrity("clip " + c.sha256 + ": its object has " + std::to_string(info->size) +
                                 " bytes, the index says " + std::to_string(c.size),
                             "run: custodia verify " + c.sha256.substr(0, 12) + " --read-data");
  }
  ASSIGN_OR_RETURN(s.sig_text, ReadStored(st, L.ClipSig(c.sha256), kMaxBundleSig, "clip " + c.sha256 + "'s signature"));
  ASSIGN_OR_RETURN(s.sig, ParseStoredSig(s.sig_text, L.ClipSig(c.sha256)));
  ASSIGN_OR_RETURN(s.manifest_text,
                   ReadStored(st, L.Manifest(c.sha256), kMaxBundleTextFile, "clip " + c.sha256 + "'s manifest"));
  ASSIGN_OR_RETURN(s.manifest_sig_text, ReadStored(st, L.ManifestSig(c.sha256), kMaxBundleSig,
                                                   "clip " + c.sha256 + "'s manifest signature"));
  ASSIGN_OR_RETURN(s.manifest_sig, ParseStoredSig(s.manifest_sig_text, L.ManifestSig(c.sha256)));
  return s;
}

// Bundle names: unique, the id part longer only if two clips would collide.
void NameClips(std::vector<SelectedClip>& clips) {
  std::set<std::string> taken;
  for (auto& c : clips) {
    const ClipRecord& r = c.record;
    for (size_t digits = 8; digits <= 64; digits += 8) {
      c.bundle_path = BundleClipPath(r.start, r.device, r.sha256, r.original_name, digits);
      if (!taken.count(c.bundle_path)) break;
    }
    taken.insert(c.bundle_path);
    std::map<std::string, int> per_ext;
    for (const auto& sc : r.sidecars) {
      std::string name = sc.value("name", "");
      std::string sha = sc.value("sha256", "");
      std::string path;
      for (int n = 1;; ++n) {
        path = BundleSidecarPath(c.bundle_path, name, n);
        if (!taken.count(path)) break;
      }
      taken.insert(path);
      c.sidecars.emplace_back(path, sha);
    }
  }
}

Result<SelectedAttention> LoadAttention(Index& index, const std::string& id) {
  ASSIGN_OR_RETURN(auto state, index.GetAttention(id));
  if (!state) {
    return Status::NotFound("no attention \"" + id + "\" in the vault",
                            "list attentions with: custodia attentions (ids are exact, case included)");
  }
  SelectedAttention a;
  a.id = id;
  a.text = state->record.ToCanonicalJson() + "\n";
  a.sha256 = HexOf(Sha256::Of(a.text));
  return a;
}

}  // namespace

Result<Selection> Select(Station& st, const ExportOptions& opts) {
  ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
  std::set<std::string> clip_ids(opts.clips.begin(), opts.clips.end());
  std::set<std::string> attention_ids;
  if (opts.attention) {
    ASSIGN_OR_RETURN(SelectedAttention a, LoadAttention(*index, *opts.attention));
    attention_ids.insert(a.id);
    ASSIGN_OR_RETURN(auto links, index->LinksOfAttention(*opts.attention));
    for (const auto& l : links) clip_ids.insert(l.clip);
  }
  Selection sel;
  for (const auto& id : clip_ids) {
    ASSIGN_OR_RETURN(auto rec, index->GetClip(id));
    if (!rec) return Status::NotFound("no clip " + id + " in the vault", "list clips with: custodia clips");
    ASSIGN_OR_RETURN(SelectedClip c, LoadClip(st, *rec));
    sel.clips.push_back(std::move(c));
    if (!opts.attention) {
      // A clip goes out with the attentions it is evidence for.
      ASSIGN_OR_RETURN(auto links, index->LinksOfClip(id));
      for (const auto& l : links) attention_ids.insert(l.attention);
    }
  }
  for (const auto& id : attention_ids) {
    auto a = LoadAttention(*index, id);
    if (!a.ok() && a.status().code() == Code::kNotFound && !opts.attention) continue;  // a link to a record since removed
    if (!a.ok()) return a.status();
    sel.attentions.push_back(std::move(a).value());
  }
  NameClips(sel.clips);
  return sel;
}

Result<std::vector<uint64_t>> EntriesAbout(Station& st, const Selection& sel, uint64_t export_seq, uint64_t tree_size) {
  ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
  std::set<uint64_t> seqs{export_seq};
  for (const auto& c : sel.clips) {
    ASSIGN_OR_RETURN(auto found, index->EntriesOfClip(c.record.sha256));
    for (const auto& e : found) seqs.insert(e.seq);
  }
  for (const auto& a : sel.attentions) {
    ASSIGN_OR_RETURN(auto found, index->EntriesOfAttention(a.id));
    for (const auto& e : found) seqs.insert(e.seq);
    // The imports that set each version of the record (its provenance), even
    // where the subject index does not list them.
    ASSIGN_OR_RETURN(auto current, index->GetAttention(a.id));
    if (current) seqs.insert(current->seq);
    ASSIGN_OR_RETURN(auto older, index->AttentionVersions(a.id));
    for (const auto& v : older) seqs.insert(v.seq);
  }
  std::vector<uint64_t> out;
  for (uint64_t s : seqs) {
    if (s < tree_size) out.push_back(s);  // later entries are not covered by the bundle's checkpoint
  }
  return out;
}

}  // namespace custodia::export_internal
