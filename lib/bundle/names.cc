// Every name inside an export bundle (SPEC §9), and what a path in a bundle
// may look like. The writer (export) and the verifier both use these.
#include <algorithm>
#include <cctype>

#include "custodia/bundle.h"
#include "custodia/encoding.h"

namespace custodia {

namespace {

constexpr size_t kMaxDeviceInName = 96;
constexpr size_t kMaxPath = 1024;
constexpr size_t kMaxComponent = 255;
constexpr size_t kMaxDepth = 3;

// "2026-01-15T14:00:00.000Z" -> "20260115T140000Z"
std::string CompactUtc(TimeMs t) {
  std::string u = FormatUtc(t);
  std::string out;
  for (size_t i = 0; i < 19 && i < u.size(); ++i) {
    if (u[i] != '-' && u[i] != ':') out += u[i];
  }
  return out + "Z";
}

// The extension of a file name, lower case, if it is 1-8 letters or digits.
std::string LowerExtension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return "";
  std::string ext(name.substr(dot + 1));
  if (ext.size() > 8) return "";
  for (char& c : ext) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return "";
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return ext;
}

// Cuts a percent-encoded string to at most `n` bytes without splitting an escape.
std::string CutEncoded(std::string s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = n;
  if (cut >= 1 && s[cut - 1] == '%') cut -= 1;
  else if (cut >= 2 && s[cut - 2] == '%') cut -= 2;
  return s.substr(0, cut);
}

}  // namespace

std::string BundleClipPath(TimeMs start, std::string_view device, std::string_view sha_hex,
                           std::string_view original_name, size_t id_digits) {
  std::string when = start > 0 ? CompactUtc(start) : "unknown";
  std::string dev = CutEncoded(PercentEncodeFileName(device), kMaxDeviceInName);
  std::string ext = LowerExtension(original_name);
  if (ext.empty()) ext = "bin";
  return std::string(bundle_file::kClipsDir) + "/" + when + "_" + dev + "_" +
         std::string(sha_hex.substr(0, std::min(id_digits, sha_hex.size()))) + "." + ext;
}

std::string BundleSidecarPath(std::string_view clip_path, std::string_view sidecar_name, int n) {
  size_t dot = clip_path.rfind('.');
  std::string stem(clip_path.substr(0, dot));
  std::string ext = LowerExtension(sidecar_name);
  if (ext.empty()) ext = "bin";
  if (n > 1) return stem + "." + std::to_string(n) + "." + ext;
  return stem + "." + ext;
}

std::string BundleManifestPath(std::string_view sha_hex) {
  return std::string(bundle_file::kManifestsDir) + "/" + std::string(sha_hex) + ".json";
}

std::string BundleAttentionPath(std::string_view id) {
  return std::string(bundle_file::kAttentionsDir) + "/" + PercentEncodeFileName(id) + ".json";
}

std::string BundleProofPath(uint64_t seq) {
  return std::string(bundle_file::kProofsDir) + "/" + std::to_string(seq) + ".json";
}

std::string BundleKeyPath(std::string_view key_id) {
  return std::string(bundle_file::kKeysDir) + "/" + std::string(key_id) + ".pub";
}

std::string BundleKeyOfSignature(std::string_view sig_path) {
  for (std::string_view suffix : {bundle_file::kVouchSuffix, bundle_file::kSigSuffix}) {
    if (sig_path.size() > suffix.size() && sig_path.substr(sig_path.size() - suffix.size()) == suffix) {
      return std::string(sig_path.substr(0, sig_path.size() - suffix.size()));
    }
  }
  return std::string(sig_path);
}

Status CheckBundlePath(std::string_view path) {
  auto bad = [&](const std::string& why) {
    std::string shown;
    for (unsigned char c : path.substr(0, 200)) {
      if (c < 0x20 || c == 0x7f || c == '\\') {
        static const char* hex = "0123456789abcdef";
        shown += "\\x";
        shown += hex[c >> 4];
        shown += hex[c & 15];
      } else {
        shown += static_cast<char>(c);
      }
    }
    return Status::Invalid("unsafe path \"" + shown + "\": " + why);
  };
  if (path.empty()) return bad("empty");
  if (path.size() > kMaxPath) return bad("longer than " + std::to_string(kMaxPath) + " bytes");
  if (path.front() == '/') return bad("absolute (a bundle only names files inside itself)");
  for (unsigned char c : path) {
    if (c == 0) return bad("contains a NUL byte");
    if (c == '\\') return bad("contains a backslash");
    if (c < 0x20 || c == 0x7f) return bad("contains a control character");
  }
  if (!IsValidUtf8(path)) return bad("not valid UTF-8");
  size_t depth = 0;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view comp = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (comp.empty()) return bad("has an empty component");
    if (comp == ".") return bad("has a \".\" component");
    if (comp == "..") return bad("has a \"..\" component (would leave the bundle)");
    if (comp.size() > kMaxComponent) return bad("has a component longer than 255 bytes");
    if (++depth > kMaxDepth) return bad("deeper than a bundle's layout");
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return Status::Ok();
}

std::string CheckpointTrustedComment(const Checkpoint& cp) {
  return "custodia checkpoint origin=" + PercentEncodeValue(cp.origin) + " size=" + std::to_string(cp.size) +
         " root=" + HexOf(cp.root);
}

}  // namespace custodia
