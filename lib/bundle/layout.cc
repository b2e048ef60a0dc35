// The bundle verifier's first passes: which files are there (and whether
// they belong to a bundle's layout), reading and hashing each one once, and
// comparing with SHA256SUMS.
#include <cstring>

#include "bundle/verify_internal.h"
#include "custodia/encoding.h"

namespace custodia::bundle_internal {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The file name under `dir/`, or "" if the path is not directly in it.
std::string_view NameIn(std::string_view path, std::string_view dir) {
  if (!StartsWith(path, dir) || path.size() <= dir.size() + 1 || path[dir.size()] != '/') return {};
  std::string_view name = path.substr(dir.size() + 1);
  if (name.find('/') != std::string_view::npos) return {};
  return name;
}

bool IsUpperHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

bool IsStreamed(FileKind k) { return k == FileKind::kClipData; }

uint64_t TextLimit(FileKind k) {
  switch (k) {
    case FileKind::kSums: return kMaxBundleSums;
    case FileKind::kEntries: return kMaxBundleEntries;
    case FileKind::kSumsSig:
    case FileKind::kKeySig:
    case FileKind::kClipSig:
    case FileKind::kManifestSig:
    case FileKind::kCheckpointSig: return kMaxBundleSig;
    default: return kMaxBundleTextFile;
  }
}

}  // namespace

std::optional<uint64_t> ProofSeq(std::string_view path) {
  std::string_view name = NameIn(path, bundle_file::kProofsDir);
  if (!EndsWith(name, ".json")) return std::nullopt;
  std::string_view digits = name.substr(0, name.size() - 5);
  if (digits.empty() || digits.size() > 19 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + uint64_t(c - '0');
  }
  return v;
}

FileKind Classify(std::string_view p) {
  using namespace bundle_file;
  if (p == kVerifyMd) return FileKind::kVerifyMd;
  if (p == kStationPub) return FileKind::kStationPub;
  if (p == kNoteVkey) return FileKind::kNoteVkey;
  if (p == kVerifyScript) return FileKind::kScript;
  if (p == kSums) return FileKind::kSums;
  if (p == kSumsSig) return FileKind::kSumsSig;
  if (p == kEntries) return FileKind::kEntries;
  if (p == kCheckpoint) return FileKind::kCheckpoint;
  if (p == kCheckpointSig) return FileKind::kCheckpointSig;
  if (ProofSeq(p)) return FileKind::kProof;
  if (std::string_view n = NameIn(p, kKeysDir); !n.empty()) {
    if (n.size() == 20 && EndsWith(n, ".pub") && IsUpperHex(n.substr(0, 16))) return FileKind::kKey;
    if (n.size() == 28 && EndsWith(n, ".pub.minisig") && IsUpperHex(n.substr(0, 16))) return FileKind::kKeySig;
    if (n.size() == 34 && EndsWith(n, ".pub.vouch.minisig") && IsUpperHex(n.substr(0, 16))) return FileKind::kKeySig;
    return FileKind::kUnknown;
  }
  if (std::string_view n = NameIn(p, kClipsDir); !n.empty()) {
    if (n[0] == '.') return FileKind::kUnknown;
    return EndsWith(n, kSigSuffix) ? FileKind::kClipSig : FileKind::kClipData;
  }
  if (std::string_view n = NameIn(p, kManifestsDir); !n.empty()) {
    if (n.size() == 69 && EndsWith(n, ".json") && IsLowerHex(n.substr(0, 64))) return FileKind::kManifest;
    if (n.size() == 77 && EndsWith(n, ".json.minisig") && IsLowerHex(n.substr(0, 64))) return FileKind::kManifestSig;
    return FileKind::kUnknown;
  }
  if (std::string_view n = NameIn(p, kAttentionsDir); !n.empty()) {
    if (n.size() > 5 && n[0] != '.' && EndsWith(n, ".json")) return FileKind::kAttention;
    return FileKind::kUnknown;
  }
  return FileKind::kUnknown;
}

bool IsLayoutDirectory(std::string_view p) {
  using namespace bundle_file;
  return p == kKeysDir || p == kClipsDir || p == kManifestsDir || p == kAttentionsDir || p == kCustodyDir ||
         p == kProofsDir;
}

void CheckLayout(Verification& v, const std::vector<Node>& nodes) {
  for (const Node& n : nodes) {
    switch (n.type) {
      case NodeType::kSymlink:
        v.Problem(n.path, "is a symbolic link: a bundle contains none (not followed)");
        break;
      case NodeType::kOther:
        v.Problem(n.path, "is a device, FIFO or socket, not a regular file");
        break;
      case NodeType::kDir:
        if (!IsLayoutDirectory(n.path)) v.Problem(n.path, "unexpected directory: not part of a bundle's layout");
        break;
      case NodeType::kFile:
        v.files.emplace(n.path, n);
        if (Classify(n.path) == FileKind::kUnknown) {
          v.Problem(n.path, "unexpected file: not part of a bundle's layout (doc/formats/bundle.md)");
        }
        break;
    }
  }
  using namespace bundle_file;
  for (std::string_view required : {kVerifyMd, kStationPub, kNoteVkey, kVerifyScript, kSums, kSumsSig, kEntries,
                                    kCheckpoint, kCheckpointSig}) {
    if (!v.Has(std::string(required))) v.Problem(std::string(required), "missing");
  }
}

void ReadAndHash(Verification& v) {
  uint64_t total = 0, done = 0;
  for (const auto& [path, node] : v.files) total += node.size;
  for (const auto& entry : v.files) {
    const std::string& path = entry.first;
    FileKind kind = Classify(path);
    if (IsStreamed(kind)) {
      auto d = v.dir.Hash(path, true, [&](uint64_t n) {
        done += n;
        if (v.opts.progress) v.opts.progress(done, total, path);
      });
      if (!d.ok()) {
        v.Problem(path, "cannot be read: " + d.status().message());
        continue;
      }
      v.digests[path] = *d;
      v.report.bytes += d->size;
      continue;
    }
    auto t = v.dir.ReadText(path, TextLimit(kind));
    if (!t.ok()) {
      v.Problem(path, "cannot be read: " + t.status().message());
      continue;
    }
    Digests d;
    d.size = t->size();
    d.sha256 = Sha256::Of(*t);
    done += d.size;
    if (v.opts.progress) v.opts.progress(done, total, path);
    v.digests[path] = d;
    v.report.bytes += d.size;
    v.text[path] = std::move(t).value();
  }
  v.report.files = v.files.size();
}

void CheckSums(Verification& v) {
  const std::string sums_path(bundle_file::kSums);
  const std::string* text = v.Text(sums_path);
  if (!text) return;  // missing or unreadable: reported
  Sha256Sums sums = ParseSha256Sums(*text, sums_path);
  for (auto& p : sums.problems) v.Problem(sums_path, std::move(p));
  std::set<std::string> listed;
  for (const auto& line : sums.lines) {
    listed.insert(line.path);
    if (line.path == bundle_file::kSums || line.path == bundle_file::kSumsSig) {
      v.Problem(sums_path, "lists " + line.path + ", which it cannot cover");
      continue;
    }
    if (!v.Has(line.path)) {
      v.Problem(line.path, "listed in SHA256SUMS but missing from the bundle (or not a regular file)");
      continue;
    }
    auto d = v.digests.find(line.path);
    if (d == v.digests.end()) continue;  // unreadable: reported
    if (HexOf(d->second.sha256) != line.hex) {
      v.Problem(line.path, "SHA-256 does not match SHA256SUMS (the file was changed after the export)");
    }
  }
  for (const auto& [path, node] : v.files) {
    if (path == bundle_file::kSums || path == bundle_file::kSumsSig) continue;
    if (!listed.count(path)) v.Problem(path, "not listed in SHA256SUMS (added after the export)");
  }
}

}  // namespace custodia::bundle_internal
