#include "custodia/station.h"

#include "custodia/crashpoint.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace custodia {

namespace {
constexpr size_t kReplayFlushBytes = 64 << 20;

std::string RandomSuffix() {
  std::random_device rd;
  char buf[20];
  std::snprintf(buf, sizeof buf, "%08x", rd());
  return buf;
}
}  // namespace

std::string ResolveActor(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* a = std::getenv("CUSTODIA_ACTOR"); a && *a) return a;
  if (const char* s = std::getenv("SUDO_USER"); s && *s) return s;
  return CurrentOsUser();
}

Result<std::unique_ptr<Station>> Station::Open(const std::string& root, const StationOptions& opts) {
  std::unique_ptr<Station> s(new Station());
  s->env_ = opts.env ? opts.env : Env::Default();
  s->layout_ = VaultLayout(root);
  ASSIGN_OR_RETURN(s->config_, ReadVaultConfig(s->env_, s->layout_));
  auto tz = TimeZone::Load(s->config_.timezone);
  if (!tz.ok()) return Status::Vault(s->layout_.VaultJson() + ": " + tz.status().message());
  s->tz_ = *tz;
  ASSIGN_OR_RETURN(s->public_key_, ReadStationPublicKey(s->env_, s->layout_));
  s->actor_ = ResolveActor(opts.actor);
  s->os_user_ = CurrentOsUser();
  s->wait_seconds_ = opts.wait_seconds;
  return s;
}

Result<std::unique_ptr<Station>> Station::Init(const std::string& root, const InitOptions& init,
                                               const StationOptions& opts) {
  Env* env = opts.env ? opts.env : Env::Default();
  VaultConfig config;
  RETURN_IF_ERROR(CreateVaultFiles(env, VaultLayout(root), init, &config));
  ASSIGN_OR_RETURN(auto station, Open(root, opts));
  CustodyEntry e = station->NewEntry("init");
  e.details = Json{{"station", config.station},
                   {"origin", config.origin},
                   {"timezone", config.timezone},
                   {"key_id", station->public_key().IdString()},
                   {"format", config.format},
                   {"custodia_version", CUSTODIA_VERSION}};
  auto r = station->Commit({e});
  if (!r.ok()) return r.status();
  return station;
}

Station::~Station() {
  if (tmp_lock_fd_ >= 0) {
    std::error_code ec;
    std::filesystem::remove_all(tmp_dir_, ec);
    ::close(tmp_lock_fd_);
  }
}

Result<std::string> Station::tmp_dir() {
  if (tmp_lock_fd_ >= 0) return tmp_dir_;
  std::string dir = JoinPath(layout_.TmpDir(), std::to_string(::getpid()) + "." + RandomSuffix());
  RETURN_IF_ERROR(MakeDirs(env_, layout_.TmpDir(), kDirMode));
  RETURN_IF_ERROR(env_->MakeDir(dir, kDirMode));
  int fd = ::open(JoinPath(dir, ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FromErrno(errno, "cannot create", JoinPath(dir, ".lock"));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status::Io("cannot lock my temporary directory " + dir);
  }
  tmp_dir_ = dir;
  tmp_lock_fd_ = fd;
  return tmp_dir_;
}

Result<const SecretKey*> Station::secret_key() {
  if (!secret_key_) {
    ASSIGN_OR_RETURN(SecretKey k, SecretKey::Load(env_, layout_.StationKey()));
    if (!(k.public_key() == public_key_)) {
      return Status::Vault("keys/station.key does not belong to keys/station.pub (key ids " +
                               k.public_key().IdString() + " and " + public_key_.IdString() + ")",
                           "restore the matching key pair from your backup");
    }
    secret_key_.emplace(std::move(k));
  }
  return &*secret_key_;
}

Result<std::vector<PublicKey>> Station::all_public_keys() { return ReadAllPublicKeys(env_, layout_); }

void Station::ReloadKeys() {
  secret_key_.reset();
  auto pk = ReadStationPublicKey(env_, layout_);
  if (pk.ok()) public_key_ = *pk;
}

void Station::AddCheckpointSigner(std::shared_ptr<SecretKey> key) { extra_signers_.push_back(std::move(key)); }

Result<std::unique_ptr<Index>> Station::OpenIndexReadOnly() {
  return Index::Open(layout_.IndexDir(), Index::Mode::kReadOnly);
}

Result<std::unique_ptr<CustodyLog>> Station::OpenLogReadOnly() {
  return CustodyLog::Open(env_, layout_.Log(layout_.TmpDir()), false);
}

CustodyEntry Station::NewEntry(std::string action) const {
  CustodyEntry e;
  e.action = std::move(action);
  e.station = config_.station;
  e.actor = actor_;
  e.os_user = os_user_;
  e.time = NowMs();
  return e;
}

Status Station::CleanStaleTmp(std::vector<CustodyEntry>* recovery) {
  if (cleaned_tmp_) return Status::Ok();
  cleaned_tmp_ = true;
  auto entries = env_->ListDir(layout_.TmpDir());
  if (!entries.ok()) return Status::Ok();  // nothing to clean
  for (const auto& e : *entries) {
    std::string path = JoinPath(layout_.TmpDir(), e.name);
    if (path == tmp_dir_) continue;
    if (e.type == EntryType::kDirectory) {
      int fd = ::open(JoinPath(path, ".lock").c_str(), O_RDWR | O_CLOEXEC);
      if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);  // its process is alive
        continue;
      }
      Json files = Json::array();
      std::error_code ec;
      for (auto& f : std::filesystem::directory_iterator(path, ec)) {
        if (f.path().filename() == ".lock") continue;
        files.push_back(Json{{"name", f.path().filename().string()}, {"size", f.is_regular_file(ec) ? f.file_size(ec) : 0}});
      }
      std::filesystem::remove_all(path, ec);
      if (fd >= 0) ::close(fd);
      if (!files.empty()) {
        CustodyEntry a = NewEntry("abandon");
        a.outcome = "cleaned";
        a.details = Json{{"tmp", e.name}, {"files", files},
                         {"note", "partial files of an interrupted command were removed; nothing was committed from them"}};
        recovery->push_back(std::move(a));
      }
    } else if (e.type == EntryType::kRegular) {
      // Loose temporary files (init, key rotation): "<name>.<pid>.<n>.<rand>".
      size_t last = e.name.rfind('.');
      size_t mid = last == std::string::npos || last == 0 ? std::string::npos : e.name.rfind('.', last - 1);
      size_t first = mid == std::string::npos || mid == 0 ? std::string::npos : e.name.rfind('.', mid - 1);
      pid_t owner = first == std::string::npos ? 0 : pid_t(std::atoi(e.name.c_str() + first + 1));
      if (owner > 0 && (::kill(owner, 0) == 0 || errno != ESRCH)) continue;  // still running
      env_->Remove(path);
    }
  }
  return Status::Ok();
}

Status Station::CatchUp(CustodyLog* log, Index* index) {
  ASSIGN_OR_RETURN(IndexMeta meta, index->Meta());
  uint64_t n = log->size();
  if (meta.applied_seq > n) {
    return Status::Integrity("the index has applied " + std::to_string(meta.applied_seq) +
                                 " custody entries but the custody log has only " + std::to_string(n) +
                                 ": the log was truncated or rolled back",
                             "run 'custodia log verify --checkpoint FILE' with a checkpoint published earlier, and "
                             "do not write to this vault until the difference is explained");
  }
  if (meta.applied_seq == n) return Status::Ok();
  // Unapplied entries are normal after a crash, but only for the last unit:
  // a checkpoint is written only once the index holds its entries.
  auto cp_text = log->LatestCheckpoint();
  if (cp_text.ok()) {
    auto cp = SignedCheckpoint::Parse(*cp_text, layout_.LogDir() + "/checkpoint");
    if (cp.ok() && cp->checkpoint.size > meta.applied_seq) {
      return Status::Integrity("the index is older than the custody log: it has applied " +
                                   std::to_string(meta.applied_seq) + " entries, but checkpoint " +
                                   std::to_string(cp->checkpoint.size) +
                                   " was written after the index held them (index restored from an older copy, "
                                   "or deleted)",
                               "run: custodia reindex (rebuilds the index from the vault's files and log)");
    }
  }
  IndexBatch batch(index, tz_);
  ApplyContext actx{env_, &layout_, &tz_, &batch, index};
  RETURN_IF_ERROR(log->ForEach(meta.applied_seq, n, [&](const CustodyEntry& e, std::string_view) -> Status {
    RETURN_IF_ERROR(ApplyEntry(e, actx));
    if (batch.ApproximateSize() > kReplayFlushBytes) return index->Write(batch, false);
    return Status::Ok();
  }));
  ASSIGN_OR_RETURN(uint64_t end, log->OffsetOf(n));
  batch.SetApplied(n, end);
  return index->Write(batch, true);
}

Status Station::OpenWritable(std::unique_ptr<VaultLock>* lock, std::unique_ptr<CustodyLog>* log,
                             std::unique_ptr<Index>* index, std::vector<CustodyEntry>* recovery) {
  ASSIGN_OR_RETURN(std::string tmp, tmp_dir());
  ASSIGN_OR_RETURN(*lock, VaultLock::Acquire(layout_.Lock(), wait_seconds_));
  ASSIGN_OR_RETURN(*log, CustodyLog::Open(env_, layout_.Log(tmp), true, true));
  if (auto torn = (*log)->torn_tail()) {
    CustodyEntry t = NewEntry("truncate");
    t.outcome = "repaired";
    t.details = Json{{"offset", torn->offset},
                     {"bytes", torn->bytes},
                     {"note", "a final line without its newline (torn write of an interrupted command) was cut"}};
    recovery->push_back(std::move(t));
  }
  ASSIGN_OR_RETURN(*index, Index::Open(layout_.IndexDir(), Index::Mode::kReadWrite));
  RETURN_IF_ERROR(CatchUp(log->get(), index->get()));
  return CleanStaleTmp(recovery);
}

Status Station::WithWriteLock(const std::function<Status(CommitContext&)>& fn) {
  std::unique_ptr<VaultLock> lock;
  std::unique_ptr<CustodyLog> log;
  std::unique_ptr<Index> index;
  std::vector<CustodyEntry> recovery;
  RETURN_IF_ERROR(OpenWritable(&lock, &log, &index, &recovery));
  CommitContext ctx{this, index.get(), log.get()};
  return fn(ctx);
}

Result<CommitResult> Station::Commit(std::vector<CustodyEntry> entries, const Prepare& prepare) {
  // Fail on an unusable key before anything is written.
  ASSIGN_OR_RETURN(const SecretKey* key, secret_key());
  std::unique_ptr<VaultLock> lock;
  std::unique_ptr<CustodyLog> log;
  std::unique_ptr<Index> index;
  std::vector<CustodyEntry> recovery;
  RETURN_IF_ERROR(OpenWritable(&lock, &log, &index, &recovery));
  CommitContext ctx{this, index.get(), log.get()};
  if (prepare) RETURN_IF_ERROR(prepare(ctx, entries));
  if (!recovery.empty()) entries.insert(entries.begin(), recovery.begin(), recovery.end());
  CommitResult result;
  if (entries.empty()) {
    result.tree_size = log->size();
    return result;
  }
  RETURN_IF_ERROR(log->Append(entries));
  CUSTODIA_CRASH_POINT("commit.log_appended");
  IndexBatch batch(index.get(), tz_);
  ApplyContext actx{env_, &layout_, &tz_, &batch, index.get()};
  for (const CustodyEntry& e : entries) {
    RETURN_IF_ERROR(ApplyEntry(e, actx));
    if (batch.ApproximateSize() > kReplayFlushBytes) RETURN_IF_ERROR(index->Write(batch, false));
  }
  ASSIGN_OR_RETURN(uint64_t end, log->OffsetOf(log->size()));
  batch.SetApplied(log->size(), end);
  RETURN_IF_ERROR(index->Write(batch, true));
  CUSTODIA_CRASH_POINT("commit.index_written");
  std::vector<const SecretKey*> signers = {key};
  for (const auto& k : extra_signers_) signers.push_back(k.get());
  ASSIGN_OR_RETURN(result.checkpoint, log->WriteCheckpoint(config_.origin, signers, *key));
  extra_signers_.clear();
  CUSTODIA_CRASH_POINT("commit.checkpoint_written");
  result.tree_size = log->size();
  result.entries = std::move(entries);
  return result;
}

}  // namespace custodia
