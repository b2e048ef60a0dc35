// What the parts of the bundle verifier share: the files found, what was read
// and hashed, the keys and which of them are trusted, and the report.
#ifndef CUSTODIA_BUNDLE_VERIFY_INTERNAL_H_
#define CUSTODIA_BUNDLE_VERIFY_INTERNAL_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bundle/bundle_fs.h"
#include "custodia/bundle.h"
#include "custodia/minisign.h"

namespace custodia::bundle_internal {

enum class FileKind {
  kVerifyMd, kStationPub, kNoteVkey, kScript, kSums, kSumsSig,
  kKey, kKeySig, kClipData, kClipSig, kManifest, kManifestSig, kAttention,
  kEntries, kCheckpoint, kCheckpointSig, kProof, kUnknown
};
FileKind Classify(std::string_view path);
bool IsLayoutDirectory(std::string_view path);
// "custody/proofs/12.json" -> 12 (kProof paths only).
std::optional<uint64_t> ProofSeq(std::string_view path);

struct KeyRing {
  std::optional<PublicKey> station;  // station.pub, when it parses
  std::map<KeyId, PublicKey> keys;   // keys/<KEYID>.pub that parse and match their name
};

struct Verification {
  const BundleDir& dir;
  const BundleVerifyOptions& opts;
  BundleReport& report;
  std::map<std::string, Node> files;          // regular files, by path
  std::map<std::string, std::string> text;    // contents of the text files that could be read
  std::map<std::string, Digests> digests;     // every regular file that could be read
  KeyRing ring;
  std::map<KeyId, PublicKey> trusted;         // the keys signatures may be made with

  void Problem(std::string file, std::string message) {
    if (report.problems.size() < kMaxProblems) {
      report.problems.push_back({std::move(file), std::move(message)});
    } else {
      ++dropped;
    }
  }
  bool Has(const std::string& path) const { return files.count(path) > 0; }
  // The text of a file read during hashing, or nullptr (its problem is already reported).
  const std::string* Text(const std::string& path) const {
    auto it = text.find(path);
    return it == text.end() ? nullptr : &it->second;
  }
  // Parses `sig_path` and checks it was made by a trusted key over `data`
  // (or over the file whose BLAKE2b-512 is `prehash`). Reports and returns
  // false on any failure; on success fills `sig`.
  bool CheckSignature(const std::string& sig_path, const std::string& signed_path, std::string_view data,
                      const Blake2bDigest* prehash, Signature* sig);

  static constexpr size_t kMaxProblems = 10000;
  size_t dropped = 0;
};

void CheckLayout(Verification& v, const std::vector<Node>& nodes);
void ReadAndHash(Verification& v);
void CheckSums(Verification& v);
void CheckKeys(Verification& v);
void CheckClips(Verification& v);
// Checks the checkpoint, proofs and entries; returns the export entry (the
// last entry, which must be an `export`), if any.
std::optional<CustodyEntry> CheckCustody(Verification& v);
void CheckAttentions(Verification& v, const std::optional<CustodyEntry>& export_entry);
void CheckExportSubjects(Verification& v, const std::optional<CustodyEntry>& export_entry);

}  // namespace custodia::bundle_internal

#endif  // CUSTODIA_BUNDLE_VERIFY_INTERNAL_H_
