// Staging, exchanging and removing key directories (doc/keys.md).
#include "station/key_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "custodia/encoding.h"

namespace custodia::key_files {

namespace {

constexpr uint64_t kMaxKeyFile = 64 << 10;

std::string PublicKeyComment(const std::string& station, const PublicKey& pk) {
  return "custodia station " + station + " public key " + pk.IdString();  // as init writes it
}

Result<PublicKey> ReadPublicKeyFile(Env* env, const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(env, path, kMaxKeyFile));
  return PublicKey::Parse(text, path);
}

// Copies every file of keys/ except the key pair into `next`; returns whether
// keys/<OLD>.pub was among them (it must hold the old public key).
Result<bool> CopyKeptFiles(Env* env, const VaultLayout& l, const std::string& tmp, const std::string& next,
                           const PublicKey& old_pub) {
  const std::string old_name = old_pub.IdString() + ".pub";
  bool have_old = false;
  ASSIGN_OR_RETURN(auto names, env->ListDir(l.KeysDir()));
  for (const DirEntry& e : names) {
    if (e.name == "station.key" || e.name == "station.pub") continue;
    const std::string path = JoinPath(l.KeysDir(), e.name);
    if (e.type != EntryType::kRegular) {
      return Status::Invalid(path + " is not a regular file; key rotation rebuilds keys/ and would leave it behind",
                             "move it out of keys/, then run: custodia keys rotate");
    }
    ASSIGN_OR_RETURN(FileInfo info, env->Stat(path));
    ASSIGN_OR_RETURN(std::string data, ReadFileToString(env, path, kMaxKeyFile));
    if (e.name == old_name) {
      auto pk = PublicKey::Parse(data, path);
      if (!pk.ok() || !(*pk == old_pub)) {
        return Status::Integrity(path + " does not hold the key of keys/station.pub (" + old_pub.IdString() + ")",
                                 "restore keys/ from a backup before rotating");
      }
      have_old = true;
    }
    RETURN_IF_ERROR(WriteFileOnce(env, tmp, JoinPath(next, e.name), data, info.mode & 0777));
  }
  return have_old;
}

// Overwrites a file's bytes with zeros and syncs them before it is unlinked.
void Scrub(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    std::string zeros(size_t(st.st_size), '\0');
    if (::pwrite(fd, zeros.data(), zeros.size(), 0) == ssize_t(zeros.size())) ::fsync(fd);
  }
  ::close(fd);
}

}  // namespace

std::string NextKeysDir(const VaultLayout& layout) { return layout.KeysDir() + ".next"; }

std::string StatementPath(const VaultLayout& layout, const std::string& key_id) {
  return layout.KeyPub(key_id) + ".minisig";
}

std::string StatementComment(const std::string& station, const StatementFacts& f, TimeMs time) {
  return "custodia key rotation station=" + PercentEncodeValue(station) + " old=" + f.old_key_id +
         " new=" + f.new_key_id + " log_size=" + std::to_string(f.log_size) + " time=" + FormatUtc(time);
}

std::optional<StatementFacts> ParseStatementComment(std::string_view comment) {
  static constexpr std::string_view kPrefix = "custodia key rotation ";
  if (comment.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  StatementFacts f;
  bool have_size = false;
  size_t at = kPrefix.size();
  while (at < comment.size()) {
    size_t end = comment.find(' ', at);
    std::string_view token = comment.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? comment.size() : end + 1;
    size_t eq = token.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = token.substr(0, eq), value = token.substr(eq + 1);
    if (key == "old") f.old_key_id = value;
    if (key == "new") f.new_key_id = value;
    if (key == "log_size") {
      char* endp = nullptr;
      std::string v(value);
      f.log_size = std::strtoull(v.c_str(), &endp, 10);
      have_size = !v.empty() && endp && *endp == '\0';
    }
  }
  if (f.old_key_id.empty() || f.new_key_id.empty() || !have_size) return std::nullopt;
  return f;
}

Result<std::string> StageKeys(Station& st, const SecretKey& old_key, const SecretKey& new_key, uint64_t log_size) {
  Env* env = st.env();
  const VaultLayout& l = st.layout();
  const std::string& station = st.config().station;
  const PublicKey& old_pub = old_key.public_key();
  const PublicKey& new_pub = new_key.public_key();
  ASSIGN_OR_RETURN(std::string tmp, st.tmp_dir());
  const std::string next = NextKeysDir(l);
  if (env->Exists(next)) return Status::Invalid(next + " exists: another rotation left it (internal error)");
  RETURN_IF_ERROR(env->MakeDir(next, kDirMode));
  RETURN_IF_ERROR(env->Chmod(next, kDirMode));

  ASSIGN_OR_RETURN(bool have_old, CopyKeptFiles(env, l, tmp, next, old_pub));
  if (!have_old) {  // vaults made before keys/<KEYID>.pub existed: the old public key must not be lost
    RETURN_IF_ERROR(WriteFileOnce(env, tmp, JoinPath(next, old_pub.IdString() + ".pub"),
                                  old_pub.FileText(PublicKeyComment(station, old_pub)), kFileMode));
  }
  std::string secret = new_key.FileText("custodia station " + station + " secret key " + new_pub.IdString() +
                                        " (unencrypted minisign format; keep mode 0600)");
  Status wrote = WriteFileOnce(env, tmp, JoinPath(next, "station.key"), secret, kSecretMode);
  WipeString(secret);
  RETURN_IF_ERROR(wrote);
  const std::string pub_text = new_pub.FileText(PublicKeyComment(station, new_pub));
  const std::string new_pub_file = JoinPath(next, new_pub.IdString() + ".pub");
  RETURN_IF_ERROR(WriteFileOnce(env, tmp, JoinPath(next, "station.pub"), pub_text, kFileMode));
  RETURN_IF_ERROR(WriteFileOnce(env, tmp, new_pub_file, pub_text, kFileMode));

  StatementFacts facts{old_pub.IdString(), new_pub.IdString(), log_size};
  ASSIGN_OR_RETURN(Signature sig, old_key.SignData(pub_text, StatementComment(station, facts, NowMs()),
                                                   "custodia station " + station + ": key " + new_pub.IdString() +
                                                       " introduced by key " + old_pub.IdString()));
  const std::string statement = sig.FileText();
  RETURN_IF_ERROR(WriteFileOnce(env, tmp, new_pub_file + ".minisig", statement, kFileMode));

  // What will be used is what was written: read the key and the statement back.
  ASSIGN_OR_RETURN(SecretKey loaded, SecretKey::Load(env, JoinPath(next, "station.key")));
  ASSIGN_OR_RETURN(PublicKey loaded_pub, ReadPublicKeyFile(env, JoinPath(next, "station.pub")));
  if (!(loaded.public_key() == new_pub) || !(loaded_pub == new_pub)) {
    return Status::Io("the new key read back from " + next + " differs from the one generated");
  }
  RETURN_IF_ERROR(VerifyFile(env, old_pub, new_pub_file, new_pub_file + ".minisig"));
  RETURN_IF_ERROR(env->SyncDir(next));
  return HexOf(Sha256::Of(statement));
}

Status ExchangeKeysDirs(const VaultLayout& l, Env* env) {
  const std::string next = NextKeysDir(l), keys = l.KeysDir();
  int err = ENOSYS;
#ifdef SYS_renameat2
  constexpr unsigned kRenameExchange = 2;  // RENAME_EXCHANGE (linux/fs.h)
  if (::syscall(SYS_renameat2, AT_FDCWD, next.c_str(), AT_FDCWD, keys.c_str(), kRenameExchange) == 0) {
    return env->SyncDir(l.root());
  }
  err = errno;
#endif
  if (err == EINVAL || err == ENOSYS || err == EOPNOTSUPP) {
    return Status::Io("the file system of " + l.root() +
                          " cannot exchange two directories atomically (renameat2 RENAME_EXCHANGE); keys/ was "
                          "left as it was",
                      "rotate the key on a local ext4, xfs or btrfs file system; " + next + " can be deleted");
  }
  return Status::FromErrno(err, "cannot exchange " + next + " with", keys);
}

Status RemoveNextKeysDir(const VaultLayout& l, Env* env) {
  const std::string next = NextKeysDir(l);
  if (!env->Exists(next)) return Status::Ok();
  ASSIGN_OR_RETURN(auto names, env->ListDir(next));
  for (const DirEntry& e : names) {
    const std::string path = JoinPath(next, e.name);
    if (e.type == EntryType::kRegular && e.name == "station.key") Scrub(path);
    RETURN_IF_ERROR(env->Remove(path));
  }
  RETURN_IF_ERROR(env->RemoveDir(next));
  return env->SyncDir(l.root());
}

Result<Leftover> InspectLeftover(const VaultLayout& l, Env* env) {
  const std::string next = NextKeysDir(l);
  if (!env->Exists(next)) return Leftover::kNone;
  auto previous = ReadPublicKeyFile(env, JoinPath(next, "station.pub"));
  if (!previous.ok()) return Leftover::kStaged;  // staging stopped before it wrote station.pub
  ASSIGN_OR_RETURN(PublicKey current, ReadStationPublicKey(env, l));
  if (*previous == current) return Leftover::kStaged;
  const std::string statement = StatementPath(l, current.IdString());
  if (!env->Exists(statement)) return Leftover::kStaged;
  if (!VerifyFile(env, *previous, l.KeyPub(current.IdString()), statement).ok()) return Leftover::kStaged;
  return Leftover::kSwapped;
}

}  // namespace custodia::key_files
