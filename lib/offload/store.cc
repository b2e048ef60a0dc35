#include "offload/store.h"

#include <cerrno>

#include "custodia/crashpoint.h"

#include "offload/manifest.h"

namespace custodia {

Status PlaceObject(Station& station, const std::string& tmp_path, const std::string& sha_hex, uint64_t size) {
  Env* env = station.env();
  const VaultLayout& layout = station.layout();
  std::string target = layout.Object(sha_hex);
  if (env->Exists(target)) {
    env->Remove(tmp_path);
  } else {
    std::string shard = layout.ObjectShard(sha_hex);
    RETURN_IF_ERROR(MakeDirs(env, shard, kDirMode));
    RETURN_IF_ERROR(env->Chmod(tmp_path, kObjectMode));
    Status s = env->RenameNoReplace(tmp_path, target);
    if (!s.ok()) {
      if (s.sys_errno() != EEXIST) {
        env->Remove(tmp_path);
        return s;
      }
      env->Remove(tmp_path);  // another offload placed the same bytes first
    }
    RETURN_IF_ERROR(env->SyncDir(shard));
    CUSTODIA_CRASH_POINT("offload.object_placed");
  }
  ASSIGN_OR_RETURN(FileInfo fi, env->Stat(target));
  if (fi.size != size) {
    return Status::Integrity("object " + target + " has " + std::to_string(fi.size) + " bytes, expected " +
                                 std::to_string(size),
                             "run: custodia fsck");
  }
  return Status::Ok();
}

namespace {
std::string SigComment(Station& station) {
  return "signature from custodia station " + station.config().station + " key " + station.public_key().IdString();
}

// Ok if `path` has a minisign signature by the station key that verifies.
bool ValidSignature(Station& station, const std::string& path) {
  return VerifyFile(station.env(), station.public_key(), path, path + ".minisig").ok();
}
}  // namespace

Result<StoredManifest> StoreManifest(Station& station, const std::string& clip_sha, const Json& fresh) {
  Env* env = station.env();
  const VaultLayout& layout = station.layout();
  std::string path = layout.Manifest(clip_sha);
  ASSIGN_OR_RETURN(std::string tmp, station.tmp_dir());
  StoredManifest out;
  if (env->Exists(path) && ValidSignature(station, path)) {
    ASSIGN_OR_RETURN(std::string text, ReadFileToString(env, path, 16 << 20));
    ASSIGN_OR_RETURN(out.manifest, ParseJson(text, path));
    out.sha256 = HexOf(Sha256::Of(text));
    out.reused = true;
    return out;
  }
  ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(fresh));
  std::string bytes = canonical + "\n";
  RETURN_IF_ERROR(MakeDirs(env, DirName(path), kDirMode));
  // Either absent, or an unsigned leftover of an interrupted run that no
  // custody entry refers to: (re)write it.
  RETURN_IF_ERROR(WriteFileDurably(env, tmp, path, bytes, kFileMode));
  CUSTODIA_CRASH_POINT("offload.manifest_unsigned");
  ASSIGN_OR_RETURN(const SecretKey* key, station.secret_key());
  std::string sha = HexOf(Sha256::Of(bytes));
  ASSIGN_OR_RETURN(Signature sig, key->SignData(bytes,
                                                "custodia manifest clip=" + clip_sha + " manifest_sha256=" + sha +
                                                    " station=" + station.config().station,
                                                SigComment(station)));
  RETURN_IF_ERROR(WriteFileDurably(env, tmp, path + ".minisig", sig.FileText(), kFileMode));
  CUSTODIA_CRASH_POINT("offload.manifest_signed");
  out.manifest = fresh;
  out.sha256 = sha;
  return out;
}

Status StoreClipSignature(Station& station, const Json& manifest, const Blake2bDigest& prehash) {
  Env* env = station.env();
  ASSIGN_OR_RETURN(ClipFacts facts, ClipFactsOf(manifest));
  std::string path = station.layout().ClipSig(facts.sha256_hex);
  std::string comment = ClipTrustedComment(facts);
  if (env->Exists(path)) {
    auto text = ReadFileToString(env, path, 64 * 1024);
    if (text.ok()) {
      auto sig = Signature::Parse(*text, path);
      if (sig.ok() && sig->trusted_comment == comment &&
          VerifyPrehashed(station.public_key(), *sig, prehash, path).ok()) {
        return Status::Ok();
      }
    }
  }
  ASSIGN_OR_RETURN(const SecretKey* key, station.secret_key());
  ASSIGN_OR_RETURN(Signature sig, key->SignPrehashed(prehash, comment, SigComment(station)));
  ASSIGN_OR_RETURN(std::string tmp, station.tmp_dir());
  RETURN_IF_ERROR(MakeDirs(env, DirName(path), kDirMode));
  RETURN_IF_ERROR(WriteFileDurably(env, tmp, path, sig.FileText(), kFileMode));
  CUSTODIA_CRASH_POINT("offload.clip_signed");
  return Status::Ok();
}

}  // namespace custodia
