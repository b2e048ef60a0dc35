// Clips, their sidecars and manifests: each clip file's content is the clip
// a signed manifest describes, its own signature verifies against its bytes,
// and each sidecar is one a manifest lists.
#include <map>

#include "bundle/verify_internal.h"
#include "custodia/encoding.h"

namespace custodia::bundle_internal {

namespace {

struct SidecarRef {
  std::string name, sha256;
  uint64_t size = 0;
  bool found = false;
};

struct ManifestInfo {
  std::string path;
  uint64_t size = 0;
  std::vector<SidecarRef> sidecars;
  bool clip_found = false;
};

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

// The id in a clip's bundle name (clips/<time>_<device>_<id>.<ext>), if any.
std::string NameId(std::string_view path) {
  std::string_view name = path.substr(path.rfind('/') + 1);
  size_t dot = name.rfind('.');
  size_t us = name.rfind('_', dot);
  if (dot == std::string_view::npos || us == std::string_view::npos || us > dot) return "";
  std::string_view id = name.substr(us + 1, dot - us - 1);
  if (id.size() < 8 || id.size() > 64 || !IsLowerHex(id)) return "";
  return std::string(id);
}

void ReadSidecars(Verification& v, const std::string& path, const Json& j, ManifestInfo* info) {
  auto it = j.find("sidecars");
  if (it == j.end()) return;
  if (!it->is_array()) {
    v.Problem(path, "\"sidecars\" is not an array");
    return;
  }
  for (const Json& s : *it) {
    if (!s.is_object() || !s.contains("name") || !s["name"].is_string() || !s.contains("sha256") ||
        !s["sha256"].is_string() || !s.contains("size") || !s["size"].is_number_unsigned() ||
        s["sha256"].get_ref<const std::string&>().size() != 64 || !IsLowerHex(s["sha256"].get_ref<const std::string&>())) {
      v.Problem(path, "a sidecar entry is not {\"name\",\"sha256\",\"size\"}");
      continue;
    }
    info->sidecars.push_back({s["name"].get<std::string>(), s["sha256"].get<std::string>(), s["size"].get<uint64_t>()});
  }
}

// Checks one manifest; returns its sha256 and facts if it is usable.
std::optional<std::pair<std::string, ManifestInfo>> CheckManifest(Verification& v, const std::string& path) {
  const std::string* text = v.Text(path);
  if (!text) return std::nullopt;
  const std::string name_sha = path.substr(bundle_file::kManifestsDir.size() + 1, 64);
  Signature sig;
  if (v.CheckSignature(path + std::string(bundle_file::kSigSuffix), path, *text, nullptr, &sig) &&
      !Contains(sig.trusted_comment, "clip=" + name_sha)) {
    v.Problem(path + std::string(bundle_file::kSigSuffix),
              "its trusted comment does not name clip " + name_sha + ": \"" + sig.trusted_comment.substr(0, 200) + "\"");
  }
  auto j = ParseBundleJson(*text, path);
  if (!j.ok()) {
    v.Problem(path, j.status().message());
    return std::nullopt;
  }
  auto canonical = CanonicalJson(*j);
  if (!canonical.ok() || *canonical + "\n" != *text) {
    v.Problem(path, "not in canonical JSON form followed by one newline (custodia writes no other): edited");
  }
  if (!j->is_object()) {
    v.Problem(path, "not a JSON object");
    return std::nullopt;
  }
  // (find, not value(): value() throws when the member has another type.)
  auto schema = j->find("schema");
  if (schema == j->end() || *schema != "custodia.clip/1") v.Problem(path, "\"schema\" is not \"custodia.clip/1\"");
  ManifestInfo info;
  info.path = path;
  if (!j->contains("sha256") || !(*j)["sha256"].is_string() || (*j)["sha256"] != name_sha) {
    v.Problem(path, "its \"sha256\" is not the clip its file name says (" + name_sha + ")");
    return std::nullopt;
  }
  if (!j->contains("size") || !(*j)["size"].is_number_unsigned()) {
    v.Problem(path, "\"size\" is missing or not a non-negative integer");
    return std::nullopt;
  }
  info.size = (*j)["size"].get<uint64_t>();
  ReadSidecars(v, path, *j, &info);
  return std::make_pair(name_sha, std::move(info));
}

void CheckClipFile(Verification& v, const std::string& path, const Digests& d, const std::string& sha,
                   ManifestInfo& m, bool content_matches) {
  m.clip_found = true;
  if (!content_matches) {
    v.Problem(path, "its name refers to clip " + sha + ", but its content has SHA-256 " + HexOf(d.sha256) +
                        " (altered or damaged)");
  } else if (d.size != m.size) {
    v.Problem(path, "has " + std::to_string(d.size) + " bytes; its manifest says " + std::to_string(m.size));
  }
  if (std::string id = NameId(path); id.empty() || sha.compare(0, id.size(), id) != 0) {
    v.Problem(path, "its name does not end in _<first hex digits of its SHA-256>.<ext> (renamed?)");
  }
  Signature sig;
  if (v.CheckSignature(path + std::string(bundle_file::kSigSuffix), path, "", &d.blake2b, &sig)) {
    if (!Contains(sig.trusted_comment, "sha256=" + sha + " ") ||
        !Contains(sig.trusted_comment, " size=" + std::to_string(d.size) + " ")) {
      v.Problem(path + std::string(bundle_file::kSigSuffix),
                "its trusted comment does not bind this clip's sha256 and size: \"" +
                    sig.trusted_comment.substr(0, 200) + "\"");
    }
  }
}

}  // namespace

void CheckClips(Verification& v) {
  std::map<std::string, ManifestInfo> manifests;  // by sha256
  for (const auto& [path, node] : v.files) {
    FileKind k = Classify(path);
    if (k == FileKind::kManifest) {
      if (auto m = CheckManifest(v, path)) manifests.emplace(m->first, std::move(m->second));
    } else if (k == FileKind::kManifestSig || k == FileKind::kClipSig) {
      std::string data = path.substr(0, path.size() - bundle_file::kSigSuffix.size());
      if (!v.Has(data)) v.Problem(path, "a signature of " + data + ", which is not in the bundle");
    }
  }
  v.report.manifests = manifests.size();
  std::set<std::string> clip_shas_seen;
  std::vector<std::string> leftovers;  // neither a clip nor a sidecar by content
  for (const auto& [path, node] : v.files) {
    if (Classify(path) != FileKind::kClipData) continue;
    auto dit = v.digests.find(path);
    if (dit == v.digests.end()) continue;  // unreadable: reported
    const Digests& d = dit->second;
    const std::string sha = HexOf(d.sha256);
    if (auto m = manifests.find(sha); m != manifests.end()) {
      if (!clip_shas_seen.insert(sha).second) v.Problem(path, "clip " + sha + " is in the bundle twice");
      CheckClipFile(v, path, d, sha, m->second, true);
      ++v.report.clips;
      continue;
    }
    bool sidecar = false;
    for (auto& [clip, m] : manifests) {
      for (auto& s : m.sidecars) {
        if (s.sha256 == sha && s.size == d.size && !s.found) {
          s.found = sidecar = true;
          break;
        }
      }
      if (sidecar) break;
    }
    if (!sidecar) {
      leftovers.push_back(path);
      continue;
    }
    ++v.report.sidecars;
    if (v.Has(path + std::string(bundle_file::kSigSuffix))) {
      v.Problem(path + std::string(bundle_file::kSigSuffix), "sidecars are not signed on their own: unexpected");
    }
  }
  // Which clip does the name of each leftover claim? A signed file named
  // after a clip that is missing is that clip, altered: check its signature
  // too, so that every problem is listed.
  for (const auto& path : leftovers) {
    const Digests& d = v.digests.at(path);
    std::string id = NameId(path);
    std::vector<std::string> named;
    if (!id.empty()) {
      for (const auto& [clip, m] : manifests) {
        if (clip.compare(0, id.size(), id) == 0) named.push_back(clip);
      }
    }
    bool signed_file = v.Has(path + std::string(bundle_file::kSigSuffix));
    if (named.size() == 1 && signed_file && !manifests[named[0]].clip_found) {
      CheckClipFile(v, path, d, named[0], manifests[named[0]], false);
      continue;
    }
    std::string claim = named.size() == 1 ? " (altered? its name refers to clip " + named[0] + ")" : "";
    v.Problem(path, "its content (SHA-256 " + HexOf(d.sha256) + ") is no clip or sidecar that a manifest in the bundle "
                    "describes" + claim);
  }
  for (const auto& [sha, m] : manifests) {
    if (!m.clip_found) v.Problem(m.path, "describes clip " + sha + ", which is not in clips/");
    for (const auto& s : m.sidecars) {
      if (!s.found) v.Problem(m.path, "lists sidecar " + s.name + " (SHA-256 " + s.sha256 + "), which is not in clips/");
    }
  }
}

}  // namespace custodia::bundle_internal
