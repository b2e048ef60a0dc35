// The station: an open vault with its keys, custody log and index, and the
// one way state changes (SPEC §2 "order for one unit"):
//
//   files (object, signature, manifest) are written by the caller first, then
//   Commit(): lock -> open log + index read-write -> replay what the index has
//   not applied -> append the entries (fsync) -> apply them to the index in a
//   synced batch that records applied_seq -> checkpoint -> unlock.
//
// The index is a pure function of the custody log and the vault's files:
// ApplyEntry() is used both for new entries and for replay/reindex.
#ifndef CUSTODIA_STATION_H_
#define CUSTODIA_STATION_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "custodia/custody.h"
#include "custodia/env.h"
#include "custodia/index.h"
#include "custodia/minisign.h"
#include "custodia/status.h"
#include "custodia/vault.h"

namespace custodia {

struct StationOptions {
  Env* env = nullptr;         // default: Env::Default()
  double wait_seconds = 30;   // --wait
  std::string actor;          // --actor; else CUSTODIA_ACTOR, SUDO_USER, OS user
};

class Station;

// What Commit's `prepare` callback sees, under the lock.
struct CommitContext {
  Station* station;
  Index* index;       // read-write, caught up with the log
  CustodyLog* log;    // writable
};

struct CommitResult {
  std::vector<CustodyEntry> entries;  // as appended (seq assigned)
  uint64_t tree_size = 0;
  std::string checkpoint;             // the checkpoint written after them
};

class Station {
 public:
  static Result<std::unique_ptr<Station>> Open(const std::string& root, const StationOptions& opts);
  // Creates the vault files, then logs `init` (first entry + checkpoint).
  static Result<std::unique_ptr<Station>> Init(const std::string& root, const InitOptions& init,
                                               const StationOptions& opts);
  ~Station();

  Env* env() const { return env_; }
  const VaultLayout& layout() const { return layout_; }
  const VaultConfig& config() const { return config_; }
  const TimeZone& tz() const { return tz_; }
  const PublicKey& public_key() const { return public_key_; }
  const std::string& actor() const { return actor_; }
  const std::string& os_user() const { return os_user_; }
  // This process's private temporary directory (tmp/<pid>.<random>/),
  // created on first use and removed when the Station is destroyed.
  Result<std::string> tmp_dir();

  // The station secret key, loaded on first use (refused if not 0600).
  Result<const SecretKey*> secret_key();
  // Every public key the station ever had (verification).
  Result<std::vector<PublicKey>> all_public_keys();

  // A read-only view of the index (no lock). Re-opened on each call so it
  // sees the latest commits. NotFound only if the vault never committed.
  Result<std::unique_ptr<Index>> OpenIndexReadOnly();
  // The custody log, read-only.
  Result<std::unique_ptr<CustodyLog>> OpenLogReadOnly();

  // An entry with station, actor, os_user and time filled in.
  CustodyEntry NewEntry(std::string action) const;

  // The unit protocol (see top of file). `prepare`, if given, runs under the
  // lock with the index caught up, before anything is appended: it may edit,
  // add or drop entries (e.g. turn an ingest into a duplicate sighting). An
  // empty list after prepare commits nothing and writes no checkpoint.
  using Prepare = std::function<Status(CommitContext&, std::vector<CustodyEntry>&)>;
  Result<CommitResult> Commit(std::vector<CustodyEntry> entries, const Prepare& prepare = nullptr);

  // Like Commit with no entries: takes the lock, replays what the index has
  // not applied, runs `fn` with the writable index (no append, no checkpoint).
  Status WithWriteLock(const std::function<Status(CommitContext&)>& fn);

  // Extra note signers for the next checkpoint (key rotation: the old key
  // signs too). Cleared after the next checkpoint.
  void AddCheckpointSigner(std::shared_ptr<SecretKey> key);

  // Replaces the station key (keys rotate); the caller writes the files.
  void ReloadKeys();

  // Rebuilds index/ from the custody log and the vault's files (reindex):
  // builds a new index beside the old one, replays every entry, swaps them,
  // and logs a `reindex` entry. Refuses a damaged log (log verify says why).
  struct ReindexReport {
    uint64_t entries = 0, clips = 0, attentions = 0;
    uint64_t previous_applied = 0;  // what the old index had applied (0 if none)
  };
  Result<ReindexReport> Reindex(const std::function<void(uint64_t done, uint64_t total)>& progress = nullptr);

 private:
  Station() = default;
  Status OpenWritable(std::unique_ptr<VaultLock>* lock, std::unique_ptr<CustodyLog>* log,
                      std::unique_ptr<Index>* index, std::vector<CustodyEntry>* recovery);
  Status CatchUp(CustodyLog* log, Index* index);
  Status CleanStaleTmp(std::vector<CustodyEntry>* recovery);

  Env* env_ = nullptr;
  VaultLayout layout_{""};
  VaultConfig config_;
  TimeZone tz_ = TimeZone::Utc();
  PublicKey public_key_;
  std::optional<SecretKey> secret_key_;
  std::vector<std::shared_ptr<SecretKey>> extra_signers_;
  std::string actor_, os_user_;
  double wait_seconds_ = 30;
  std::string tmp_dir_;
  int tmp_lock_fd_ = -1;
  bool cleaned_tmp_ = false;
};

// ---- applying custody entries to the index (station/apply.cc) ----

struct ApplyContext {
  Env* env;
  const VaultLayout* layout;
  const TimeZone* tz;
  IndexBatch* batch;
  Index* index;
};
// Idempotent: applying an entry twice gives the same index.
Status ApplyEntry(const CustodyEntry& entry, ApplyContext& ctx);

// Who is acting (SPEC §5): flag, CUSTODIA_ACTOR, SUDO_USER, OS user.
std::string ResolveActor(const std::string& flag);

// ---- key rotation (station/key_rotation.cc; doc/keys.md) ----

struct KeyRotation {
  std::string old_key_id, new_key_id;
  std::string statement;         // keys/<NEW>.pub.minisig: keys/<NEW>.pub signed by the old key
  std::string statement_sha256;  // of that file
  uint64_t seq = 0;              // the `key` custody entry
  uint64_t checkpoint_size = 0;  // the first checkpoint after the rotation (signed by both keys)
  bool resumed = false;          // an interrupted rotation was finished; no new key was made
  std::vector<std::string> warnings;
};

// SPEC §4 `keys rotate`: a new station key, the old public key kept as
// keys/<OLD>.pub, the new public key signed by the old key, a `key` entry and
// a checkpoint signed by both. keys/ changes in one atomic directory exchange
// (never a station.key and station.pub that disagree); a rotation interrupted
// after that exchange is finished by the next call instead of starting another.
Result<KeyRotation> RotateStationKey(Station& station, const std::optional<std::string>& reason);
// keys.next/ exists: a rotation was interrupted (RotateStationKey finishes or discards it).
bool KeyRotationInterrupted(const Station& station);

}  // namespace custodia

#endif  // CUSTODIA_STATION_H_
