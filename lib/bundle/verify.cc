// `custodia bundle verify DIR`: every check of doc/formats/bundle.md, every
// problem listed. No vault is opened; the directory is hostile input.
#include "bundle/verify_internal.h"

namespace custodia {

using namespace bundle_internal;

Json BundleReport::ToJson() const {
  Json p = Json::array();
  for (const auto& x : problems) p.push_back(Json{{"file", x.file}, {"problem", x.message}});
  Json j{{"schema", "custodia.bundle-verify/1"},
         {"ok", ok()},
         {"problems", p},
         {"warnings", warnings},
         {"trust", trust},
         {"trusted_keys", trusted_keys},
         {"files", files},
         {"bytes", bytes},
         {"clips", clips},
         {"sidecars", sidecars},
         {"manifests", manifests},
         {"attentions", attentions},
         {"entries", entries},
         {"proofs", proofs}};
  j["checkpoint"] = checkpoint ? Json{{"origin", checkpoint->origin}, {"size", checkpoint->size}} : Json(nullptr);
  j["export_seq"] = export_seq ? Json(*export_seq) : Json(nullptr);
  return j;
}

Result<BundleReport> VerifyBundle(const std::string& dir, const BundleVerifyOptions& opts) {
  ASSIGN_OR_RETURN(BundleDir bundle, BundleDir::Open(dir));
  BundleReport report;
  Verification v{bundle, opts, report, {}, {}, {}, {}, {}};

  std::vector<std::string> walk_problems;
  std::vector<Node> nodes = bundle.Walk(&walk_problems);
  for (auto& p : walk_problems) v.Problem("", std::move(p));
  CheckLayout(v, nodes);
  ReadAndHash(v);
  CheckSums(v);
  CheckKeys(v);
  const std::string sums(bundle_file::kSums);
  if (const std::string* text = v.Text(sums)) {
    v.CheckSignature(std::string(bundle_file::kSumsSig), sums, *text, nullptr, nullptr);
  }
  CheckClips(v);
  std::optional<CustodyEntry> export_entry = CheckCustody(v);
  CheckAttentions(v, export_entry);
  CheckExportSubjects(v, export_entry);
  if (v.dropped) {
    report.problems.push_back({"", std::to_string(v.dropped) + " more problems not listed"});
  }
  return report;
}

}  // namespace custodia
