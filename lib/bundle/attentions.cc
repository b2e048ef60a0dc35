// Attention records and the export entry: every attentions/<id>.json is a
// canonical record, named after its id, that the export entry names and whose
// SHA-256 the export entry recorded; every clip and attention the export entry
// names is in the bundle.
#include "bundle/verify_internal.h"

namespace custodia::bundle_internal {

namespace {

bool Names(const std::vector<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

// details.attention_records: {"<id>": "<sha256 of attentions/<id>.json>"}
std::optional<std::string> RecordedHash(const CustodyEntry& e, const std::string& id) {
  auto recs = e.details.find("attention_records");
  if (recs == e.details.end() || !recs->is_object()) return std::nullopt;
  auto h = recs->find(id);
  if (h == recs->end() || !h->is_string()) return std::nullopt;
  return h->get<std::string>();
}

}  // namespace

void CheckAttentions(Verification& v, const std::optional<CustodyEntry>& ex) {
  for (const auto& [path, node] : v.files) {
    if (Classify(path) != FileKind::kAttention) continue;
    ++v.report.attentions;
    const std::string* text = v.Text(path);
    if (!text) continue;
    auto j = ParseBundleJson(*text, path);
    if (!j.ok()) {
      v.Problem(path, j.status().message());
      continue;
    }
    auto canonical = CanonicalJson(*j);
    if (!canonical.ok() || *canonical + "\n" != *text) {
      v.Problem(path, "not in canonical JSON form followed by one newline (custodia writes no other): edited");
    }
    if (!j->is_object() || !j->contains("id") || !(*j)["id"].is_string()) {
      v.Problem(path, "not an attention record (no string \"id\")");
      continue;
    }
    const std::string id = (*j)["id"].get<std::string>();
    if (BundleAttentionPath(id) != path) {
      v.Problem(path, "holds attention \"" + id.substr(0, 100) + "\", which belongs in " + BundleAttentionPath(id));
    }
    if (!ex) continue;  // no export entry: reported
    if (!Names(ex->attentions, id)) {
      v.Problem(path, "attention " + id + " is not among the subjects of the export entry (not part of this export)");
      continue;
    }
    auto recorded = RecordedHash(*ex, id);
    auto d = v.digests.find(path);
    if (!recorded) {
      v.Problem(path, "the export entry records no SHA-256 for attention " + id);
    } else if (d != v.digests.end() && HexOf(d->second.sha256) != *recorded) {
      v.Problem(path, "is not the record the export entry (seq " + std::to_string(ex->seq) +
                          ") recorded: SHA-256 differs (edited)");
    }
  }
}

void CheckExportSubjects(Verification& v, const std::optional<CustodyEntry>& ex) {
  if (!ex) return;
  const std::string entries(bundle_file::kEntries);
  for (const auto& clip : ex->clips) {
    if (!v.Has(BundleManifestPath(clip))) {
      v.Problem(entries, "the export entry names clip " + clip + ", whose manifest " + BundleManifestPath(clip) +
                             " is not in the bundle");
    }
  }
  for (const auto& id : ex->attentions) {
    if (!v.Has(BundleAttentionPath(id))) {
      v.Problem(entries, "the export entry names attention " + id + ", whose record " + BundleAttentionPath(id) +
                             " is not in the bundle");
    }
  }
  for (const auto& [path, node] : v.files) {
    if (Classify(path) != FileKind::kManifest) continue;
    std::string sha = path.substr(bundle_file::kManifestsDir.size() + 1, 64);
    if (!Names(ex->clips, sha)) {
      v.Problem(path, "clip " + sha + " is not among the subjects of the export entry (not part of this export)");
    }
  }
}

}  // namespace custodia::bundle_internal
