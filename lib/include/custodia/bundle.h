// Export bundles (SPEC §9): the names of their files, their parsers, and the
// bundle verifier (`custodia bundle verify`). doc/formats/bundle.md has the
// layout and every rule.
//
// This module runs with no vault at all: it depends only on hash, sign, the
// custody proofs and base. The bundle directory is hostile input: every path
// is checked, nothing is opened through a symbolic link, text files are read
// with a size limit, clips are streamed, and every problem is reported with
// the file it concerns.
#ifndef CUSTODIA_BUNDLE_H_
#define CUSTODIA_BUNDLE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/custody.h"
#include "custodia/json.h"
#include "custodia/minisign.h"
#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia {

// ---- names (bundle/names.cc owns every one of them) ----

namespace bundle_file {
inline constexpr std::string_view kVerifyMd = "VERIFY.md";
inline constexpr std::string_view kStationPub = "station.pub";
inline constexpr std::string_view kNoteVkey = "station-note.vkey";
inline constexpr std::string_view kVerifyScript = "verify-proofs.py";
inline constexpr std::string_view kSums = "SHA256SUMS";
inline constexpr std::string_view kSumsSig = "SHA256SUMS.minisig";
inline constexpr std::string_view kKeysDir = "keys";
inline constexpr std::string_view kClipsDir = "clips";
inline constexpr std::string_view kManifestsDir = "manifests";
inline constexpr std::string_view kAttentionsDir = "attentions";
inline constexpr std::string_view kCustodyDir = "custody";
inline constexpr std::string_view kProofsDir = "custody/proofs";
inline constexpr std::string_view kEntries = "custody/entries.jsonl";
inline constexpr std::string_view kCheckpoint = "custody/checkpoint";
inline constexpr std::string_view kCheckpointSig = "custody/checkpoint.minisig";
inline constexpr std::string_view kSigSuffix = ".minisig";
// keys/<KEYID>.pub.minisig: the vault's rotation statement (the key signed by
// the key it replaced); keys/<KEYID>.pub.vouch.minisig: an older key signed by
// the current one.
inline constexpr std::string_view kVouchSuffix = ".vouch.minisig";
}  // namespace bundle_file

// clips/<YYYYMMDDTHHMMSSZ>_<device>_<id>.<ext>: start in UTC ("unknown" when
// the recording start is unknown), device percent-encoded ("-" when unknown,
// cut to 96 characters), id = the first `id_digits` hex digits of the
// SHA-256, ext = the original name's extension in lower case ("bin" if it has
// none usable).
std::string BundleClipPath(TimeMs start, std::string_view device, std::string_view sha_hex,
                           std::string_view original_name, size_t id_digits = 8);
// A sidecar sits beside its clip with the clip's stem and its own extension:
// clips/<clip stem>.<ext> (".<n>.<ext>" for the n-th sidecar with one ext).
std::string BundleSidecarPath(std::string_view clip_path, std::string_view sidecar_name, int n = 1);
std::string BundleManifestPath(std::string_view sha_hex);  // manifests/<sha256>.json
std::string BundleAttentionPath(std::string_view id);      // attentions/<percent-encoded id>.json
std::string BundleProofPath(uint64_t seq);                 // custody/proofs/<seq>.json
std::string BundleKeyPath(std::string_view key_id);        // keys/<KEYID>.pub
// The key file a keys/ signature (statement or vouch) signs.
std::string BundleKeyOfSignature(std::string_view sig_path);

// A path as it may appear in a bundle: relative, '/'-separated, no empty, "."
// or ".." component, no backslash, NUL or control character, valid UTF-8, at
// most 1024 bytes and 255 per component, at most 3 components deep.
Status CheckBundlePath(std::string_view path);

// ---- limits ----

inline constexpr uint64_t kMaxBundleTextFile = 16u << 20;  // manifests, attentions, proofs, keys, VERIFY.md…
inline constexpr uint64_t kMaxBundleEntries = 64u << 20;   // custody/entries.jsonl
inline constexpr uint64_t kMaxBundleSums = 64u << 20;      // SHA256SUMS
inline constexpr uint64_t kMaxBundleSig = 64u << 10;       // *.minisig
inline constexpr size_t kMaxBundleFiles = 1u << 20;        // files and directories in a bundle

// ---- SHA256SUMS ----

struct Sha256SumsLine {
  std::string hex;   // 64 lowercase hex digits
  std::string path;  // checked with CheckBundlePath
};

// `<hex>␠␠<path>\n` lines, sorted by path (byte order), no duplicates, as
// coreutils' sha256sum writes them (text mode). A bad line is reported and
// skipped; parsing continues, so every problem is listed.
struct Sha256Sums {
  std::vector<Sha256SumsLine> lines;
  std::vector<std::string> problems;  // "SHA256SUMS line 3: …"
};
Sha256Sums ParseSha256Sums(std::string_view text, std::string_view where);
// Sorts by path and formats; the paths must pass CheckBundlePath.
std::string FormatSha256Sums(std::vector<Sha256SumsLine> lines);

// ---- the other bundle files ----

// The deepest nesting of arrays and objects in a JSON text (strings
// skipped). JSON from a bundle is refused beyond kMaxBundleJsonDepth before
// it is parsed: serializing or checking a deeply nested value recurses.
inline constexpr size_t kMaxBundleJsonDepth = 64;
size_t JsonNestingDepth(std::string_view text);
// ParseJson after the depth check, never throwing.
Result<Json> ParseBundleJson(std::string_view text, std::string_view where);
// One line of custody/entries.jsonl: CustodyEntry::FromLine after the same
// checks (canonical form is checked by the verifier).
Result<CustodyEntry> ParseBundleEntry(std::string_view line, std::string_view where);

// custody/proofs/<seq>.json: an inclusion proof (SPEC §5), strict.
Result<InclusionProof> ParseBundleProof(std::string_view text, std::string_view where);
// station-note.vkey: one signed-note verifier key per line (at least one).
Result<std::vector<NoteVerifier>> ParseNoteVkeys(std::string_view text, std::string_view where);
// Trusted comment of checkpoint.minisig (the same as the vault's log/checkpoint.minisig).
std::string CheckpointTrustedComment(const Checkpoint& cp);

// ---- verification ----

struct BundleProblem {
  std::string file;  // path inside the bundle ("" for the bundle as a whole)
  std::string message;
};

struct BundleVerifyOptions {
  // The station key the auditor trusts (--pubkey). Without it the bundle's
  // own station.pub is trusted, with a warning.
  std::optional<PublicKey> pubkey;
  std::string pubkey_source;  // the file it came from, for messages
  // bytes hashed so far, of the total, and the file being read.
  std::function<void(uint64_t done, uint64_t total, const std::string& file)> progress;
};

struct BundleReport {
  std::vector<BundleProblem> problems;
  std::vector<std::string> warnings;
  std::string trust;                      // what the verdict rests on, in words
  std::vector<std::string> trusted_keys;  // key ids
  uint64_t files = 0, bytes = 0;
  uint64_t clips = 0, sidecars = 0, manifests = 0, attentions = 0, entries = 0, proofs = 0;
  std::optional<Checkpoint> checkpoint;
  std::optional<uint64_t> export_seq;
  bool ok() const { return problems.empty(); }
  Json ToJson() const;  // {"schema":"custodia.bundle-verify/1", …}
};

// Checks everything SPEC §9 lists (doc/formats/bundle.md, "What bundle verify
// checks"). Fails (kInvalid) only when `dir` cannot be opened as a directory;
// every problem of the bundle itself is in the report.
Result<BundleReport> VerifyBundle(const std::string& dir, const BundleVerifyOptions& opts);

}  // namespace custodia

#endif  // CUSTODIA_BUNDLE_H_
