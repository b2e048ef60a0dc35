#include "records/stored_import.h"

#include <cerrno>

#include "custodia/encoding.h"
#include "custodia/hash.h"

namespace custodia::records_internal {

namespace {
// Input files are read whole; beyond this they are refused (a 1M-row
// attention file is ~300 MB).
constexpr uint64_t kMaxInputBytes = uint64_t(4) << 30;

Status CheckStoredCopy(Env* env, const std::string& path, const std::string& sha, uint64_t size) {
  ASSIGN_OR_RETURN(FileInfo fi, env->Stat(path));
  bool same = fi.size == size;
  if (same) {
    ASSIGN_OR_RETURN(std::string stored, ReadFileToString(env, path, kMaxInputBytes));
    same = HexOf(Sha256::Of(stored)) == sha;
  }
  if (!same) {
    return Status::Integrity("the stored import " + path + " does not match its name (SHA-256 " + sha + ")",
                             "run: custodia fsck");
  }
  return Status::Ok();
}
}  // namespace

std::string ImportTrustedComment(const ImportFacts& f, uint64_t size, const std::string& station) {
  auto v = [](std::string_view s) { return PercentEncodeValue(s); };
  return "custodia import kind=" + v(f.kind) + " sha256=" + f.sha256 + " size=" + std::to_string(size) +
         " file=" + v(f.file_name) + " rows=" + std::to_string(f.rows) + " station=" + v(station);
}

Status StoreImportFile(Station& station, std::string_view data, const ImportFacts& facts) {
  Env* env = station.env();
  const VaultLayout& layout = station.layout();
  std::string path = layout.Import(facts.sha256);
  std::string sig_path = layout.ImportSig(facts.sha256);
  ASSIGN_OR_RETURN(std::string tmp, station.tmp_dir());
  RETURN_IF_ERROR(MakeDirs(env, DirName(path), kDirMode));
  if (env->Exists(path)) {
    RETURN_IF_ERROR(CheckStoredCopy(env, path, facts.sha256, data.size()));
  } else {
    Status s = WriteFileOnce(env, tmp, path, data, kObjectMode);
    if (!s.ok()) {
      if (!env->Exists(path)) return s.Prefixed("cannot store the import");
      RETURN_IF_ERROR(CheckStoredCopy(env, path, facts.sha256, data.size()));  // stored by a concurrent import
    }
  }
  if (env->Exists(sig_path) && VerifyFile(env, station.public_key(), path, sig_path).ok()) return Status::Ok();
  ASSIGN_OR_RETURN(const SecretKey* key, station.secret_key());
  ASSIGN_OR_RETURN(Signature sig,
                   key->SignData(data, ImportTrustedComment(facts, data.size(), station.config().station),
                                 "signature from custodia station " + station.config().station + " key " +
                                     station.public_key().IdString()));
  RETURN_IF_ERROR(WriteFileDurably(env, tmp, sig_path, sig.FileText(), kFileMode));
  return Status::Ok();
}

Result<std::string> ReadInputFile(Env* env, const std::string& path) {
  auto info = env->Stat(path);
  if (!info.ok()) {
    if (info.status().sys_errno() == ENOENT || info.status().sys_errno() == ENOTDIR) {
      return Status::Invalid(path + ": no such file", "check the path");
    }
    return info.status();
  }
  if (info->is_dir) return Status::Invalid(path + " is a directory, not a file", "name the file to import");
  if (info->size > kMaxInputBytes) {
    return Status::Invalid(path + " is " + std::to_string(info->size) + " bytes; custodia imports files up to 4 GiB",
                           "split the file and import the parts");
  }
  return ReadFileToString(env, path, kMaxInputBytes);
}

}  // namespace custodia::records_internal
