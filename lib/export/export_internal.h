// The parts of `custodia export`: choosing what goes in, writing the files
// into the temporary bundle directory, and the two texts every bundle
// carries (VERIFY.md and verify-proofs.py).
#ifndef CUSTODIA_EXPORT_EXPORT_INTERNAL_H_
#define CUSTODIA_EXPORT_EXPORT_INTERNAL_H_

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/bundle.h"
#include "custodia/export.h"
#include "custodia/index.h"

namespace custodia::export_internal {

// ---- selection (select.cc) ----

struct SelectedClip {
  ClipRecord record;
  std::string bundle_path;           // clips/<name>
  std::vector<std::pair<std::string, std::string>> sidecars;  // bundle path, sha256
  std::string sig_text;              // sigs/ab/<sha>.minisig
  Signature sig;
  std::string manifest_text, manifest_sig_text;
  Signature manifest_sig;
};

struct SelectedAttention {
  std::string id;
  std::string text;    // canonical JSON + "\n", as the bundle holds it
  std::string sha256;  // of text
};

struct Selection {
  std::vector<SelectedClip> clips;            // by sha256
  std::vector<SelectedAttention> attentions;  // by id
};

// What goes into the bundle, read and checked before anything is logged.
Result<Selection> Select(Station& station, const ExportOptions& opts);

// The seqs (below tree_size) of every custody entry naming a selected clip or
// attention, plus the export entry, ascending.
Result<std::vector<uint64_t>> EntriesAbout(Station& station, const Selection& sel, uint64_t export_seq,
                                           uint64_t tree_size);

// ---- writing (writer.cc) ----

// Writes files below a fresh directory, recording each one's SHA-256 for
// SHA256SUMS. Files are created exclusively (mode 0444) and fsynced.
class BundleWriter {
 public:
  BundleWriter(Env* env, std::string root, const std::atomic<bool>* cancel) : env_(env), root_(std::move(root)), cancel_(cancel) {}
  const std::string& root() const { return root_; }
  Status MakeDir(std::string_view rel);  // "" creates the root
  Status WriteText(std::string_view rel, std::string_view data);
  // Copies `from` (copy_file_range, else sendfile, else read/write), fsyncs,
  // reads the copy back (around the page cache) and checks it has SHA-256
  // `expected_sha`. Returns the copy's digests (BLAKE2b-512 included, for
  // checking the clip's signature against what the bundle holds).
  Result<FileDigests> CopyChecked(std::string_view rel, const std::string& from, std::string_view expected_sha,
                                  const std::function<void(uint64_t)>& progress);
  // SHA256SUMS of everything written so far.
  std::string Sums() const { return FormatSha256Sums(sums_); }
  // fsyncs every directory written, deepest first.
  Status SyncDirs();
  size_t files() const { return sums_.size(); }
  uint64_t bytes() const { return bytes_; }
  // Removes what this writer created (the partial bundle), best effort.
  void RemoveAll();

 private:
  std::string Path(std::string_view rel) const { return rel.empty() ? root_ : root_ + "/" + std::string(rel); }
  Env* env_;
  std::string root_;
  const std::atomic<bool>* cancel_;
  std::vector<Sha256SumsLine> sums_;
  std::vector<std::string> created_files_, created_dirs_;
  uint64_t bytes_ = 0;
};

// ---- texts ----

struct VerifyGuide {
  std::string station, origin;
  std::string station_key_id;
  std::string exported_at, actor, reason;
  uint64_t export_seq = 0, tree_size = 0;
  struct Signed {
    std::string path;      // the signed file
    std::string key_file;  // station.pub or keys/<KEYID>.pub
    std::string sig_file;  // "" for path + ".minisig"
  };
  std::vector<Signed> clips, manifests, vouched_keys, statements;
  std::vector<std::string> sidecars, attentions;
  std::optional<std::string> attention;  // exported by attention
};
std::string VerifyMarkdown(const VerifyGuide& g);   // verify_md.cc
std::string_view VerifyProofsScript();              // verify_proofs_py.cc

}  // namespace custodia::export_internal

#endif  // CUSTODIA_EXPORT_EXPORT_INTERNAL_H_
