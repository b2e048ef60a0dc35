#include "custodia/verify.h"
#include "show.h"

namespace custodia::cli {

Json ClipView::ToJson() const {
  Json l = Json::array();
  for (const auto& x : links) l.push_back(x.ToJson());
  Json c = Json::array();
  for (const auto& e : custody) c.push_back(e.ToJson());
  return Json{{"schema", "custodia.show/1"},
              {"kind", "clip"},
              {"clip", clip.ToJson()},
              {"manifest", manifest},
              {"manifest_status", manifest_status},
              {"signature_status", signature_status},
              {"links", l},
              {"custody", c}};
}

Result<ClipView> LoadClipView(Station& st, Index& index, const std::string& id, bool read_data) {
  ClipView v;
  ASSIGN_OR_RETURN(auto clip, index.GetClip(id));
  if (!clip) return Status::NotFound("no clip " + id + " in the vault");
  v.clip = *clip;
  std::string mpath = st.layout().Manifest(id);
  auto text = ReadFileToString(st.env(), mpath, 16 << 20);
  if (text.ok()) {
    auto j = ParseJson(*text, mpath);
    if (j.ok()) v.manifest = *j;
  }
  std::vector<ClipProblem> problems;
  uint64_t bytes = 0;
  CheckClip(st, v.clip, read_data, &problems, &bytes);
  v.problems = !problems.empty();
  std::string mprob, sprob;
  for (const auto& p : problems) {
    std::string& target = p.what.rfind("manifest", 0) == 0 ? mprob : sprob;
    if (!target.empty()) target += "; ";
    target += p.what;
  }
  v.manifest_status = mprob.empty() ? "signature verified (key " + st.public_key().IdString() + ")" : "PROBLEM: " + mprob;
  v.signature_status = !sprob.empty() ? "PROBLEM: " + sprob
                       : read_data    ? "verified against the data (SHA-256 and Ed25519)"
                                      : "present (not checked against the data: use --read-data or custodia verify)";
  ASSIGN_OR_RETURN(v.links, index.LinksOfClip(id));
  ASSIGN_OR_RETURN(auto entries, index.EntriesOfClip(id));
  auto log = st.OpenLogReadOnly();
  if (log.ok()) {
    for (const auto& e : entries) {
      auto entry = (*log)->Read(e.seq);
      if (entry.ok()) v.custody.push_back(*entry);
    }
  }
  return v;
}

}  // namespace custodia::cli
