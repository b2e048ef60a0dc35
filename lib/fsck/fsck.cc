#include "custodia/fsck.h"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <set>

#include "custodia/crashpoint.h"
#include "custodia/encoding.h"
#include "offload/manifest.h"
#include "offload/store.h"

namespace custodia {

Json FsckProblem::ToJson() const {
  return Json{{"kind", kind}, {"path", path}, {"clip", clip}, {"message", message}, {"repair", repair},
              {"repaired", repaired}};
}

size_t FsckReport::unrepaired() const {
  size_t n = 0;
  for (const auto& p : problems) n += !p.repaired;
  return n;
}

Json FsckReport::ToJson() const {
  Json p = Json::array();
  for (const auto& x : problems) p.push_back(x.ToJson());
  return Json{{"schema", "custodia.fsck/1"}, {"objects", objects}, {"clips", clips}, {"manifests", manifests},
              {"problems", p}, {"unrepaired", unrepaired()}};
}

namespace {

class Checker {
 public:
  Checker(Station& st, const FsckOptions& o) : st_(st), env_(st.env()), layout_(st.layout()), opts_(o) {}
  Result<FsckReport> Run();

 private:
  void Problem(std::string kind, std::string path, std::string clip, std::string message) {
    report_.problems.push_back({std::move(kind), std::move(path), std::move(clip), std::move(message), "", false});
  }
  void Repaired(std::string what) {
    report_.problems.back().repair = std::move(what);
    report_.problems.back().repaired = true;
  }
  void CheckLayout();
  Status CheckLog();
  Status CheckClips(Index& index);
  Status CheckObjects(Index& index);
  Status CheckManifests(Index& index);
  Status Quarantine(const std::string& path, const std::string& kind, const std::string& clip);
  Status CompleteIngest(const std::string& sha, const Json& manifest, const std::string& manifest_sha);

  Station& st_;
  Env* env_;
  const VaultLayout& layout_;
  const FsckOptions& opts_;
  FsckReport report_;
  std::vector<CustodyEntry> pending_;  // entries to log (repairs, then the fsck entry)
  bool log_ok_ = true;
};

void Checker::CheckLayout() {
  for (const std::string& dir : layout_.Directories()) {
    auto info = env_->Lstat(dir);
    if (!info.ok() || !info->is_dir) {
      Problem("layout", dir, "", "directory missing");
      if (opts_.repair && MakeDirs(env_, dir, kDirMode).ok()) Repaired("created with mode 0700");
      continue;
    }
    if (info->mode & 077) {
      char mode[16];
      std::snprintf(mode, sizeof mode, "%04o", info->mode);
      Problem("layout", dir, "", std::string("directory is accessible by group or others (mode ") + mode +
                                     "); vault directories are 0700");
      if (opts_.repair && env_->Chmod(dir, kDirMode).ok()) Repaired("chmod 0700");
    }
  }
  auto key = env_->Lstat(layout_.StationKey());
  if (!key.ok()) {
    Problem("key", layout_.StationKey(), "", "the station secret key is missing: restore it from your backup");
  } else if (key->mode & 077) {
    Problem("key", layout_.StationKey(), "",
            "the station secret key is readable by group or others: consider it compromised (keys rotate) and run "
            "chmod 600");
    if (opts_.repair && env_->Chmod(layout_.StationKey(), kSecretMode).ok()) Repaired("chmod 0600");
  }
}

Status Checker::CheckLog() {
  auto log = st_.OpenLogReadOnly();
  if (!log.ok()) {
    log_ok_ = false;
    Problem("log", layout_.LogDir(), "", log.status().message() + " (run: custodia log verify)");
    return Status::Ok();
  }
  if (Status d = (*log)->damage(); !d.ok()) {
    log_ok_ = false;
    Problem("log", layout_.LogDir(), "", d.message() + " (run: custodia log verify)");
  }
  return Status::Ok();
}

Status Checker::CheckClips(Index& index) {
  return index.ForEachClip([&](const ClipRecord& c) {
    ++report_.clips;
    std::string obj = layout_.Object(c.sha256);
    auto info = env_->Lstat(obj);
    if (!info.ok()) {
      Problem("missing-object", obj, c.sha256, "the clip's object is missing: restore it from a backup");
    } else if (info->size != c.size) {
      Problem("damaged-object", obj, c.sha256,
              "the clip's object has " + std::to_string(info->size) + " bytes, expected " + std::to_string(c.size) +
                  ": restore it from a backup");
    } else if (info->mode & 0222) {
      Problem("object-mode", obj, c.sha256, "the clip's object is writable; objects are 0444");
      if (opts_.repair && env_->Chmod(obj, kObjectMode).ok()) Repaired("chmod 0444");
    }
    for (const std::string& f : {layout_.ClipSig(c.sha256), layout_.Manifest(c.sha256), layout_.ManifestSig(c.sha256)}) {
      if (!env_->Exists(f)) {
        Problem("missing-file", f, c.sha256, "missing (the clip's signature or manifest): restore it from a backup");
      }
    }
    if (opts_.progress && report_.clips % 1000 == 0) opts_.progress("clips", report_.clips, 0);
    return true;
  });
}

Status Checker::Quarantine(const std::string& path, const std::string& kind, const std::string& clip) {
  std::string rel = path.substr(layout_.root().size() + 1);
  const std::string first = JoinPath(layout_.QuarantineDir(), rel);
  RETURN_IF_ERROR(MakeDirs(env_, DirName(first), kDirMode));
  // The same leftover can come back (an offload killed again after an
  // earlier repair stores the same bytes again): quarantine/ is never
  // overwritten, the later one gets ".1", ".2", ... after its name.
  std::string target = first;
  for (int n = 1;; ++n) {
    Status moved = env_->RenameNoReplace(path, target);
    if (moved.ok()) break;
    if (moved.sys_errno() != EEXIST || n > 1000) return moved;
    target = first + "." + std::to_string(n);
  }
  RETURN_IF_ERROR(env_->SyncDir(DirName(target)));
  RETURN_IF_ERROR(env_->SyncDir(DirName(path)));
  CUSTODIA_CRASH_POINT("fsck.quarantined");
  CustodyEntry e = st_.NewEntry("quarantine");
  if (!clip.empty() && clip.size() == 64) e.clips = {clip};
  e.details = Json{{"from", rel}, {"to", target.substr(layout_.root().size() + 1)}, {"kind", kind}};
  pending_.push_back(std::move(e));
  Repaired("moved to " + target);
  return Status::Ok();
}

Status Checker::CompleteIngest(const std::string& sha, const Json& manifest, const std::string& manifest_sha) {
  // Only whole, described bytes are completed: the object must still hash to
  // its name and the signed manifest must describe it. The clip signature
  // comes after the manifest (SPEC §2 order), so a crash can leave it
  // missing: it is made now from the bytes just read, as the offload would.
  std::string path = layout_.Object(sha);
  auto digests = HashFile(env_, path, true, true);
  auto facts = ClipFactsOf(manifest);
  auto details = IngestDetails(manifest, manifest_sha, facts.ok() ? facts->size : 0, 0);
  if (!digests.ok() || HexOf(digests->sha256) != sha || !facts.ok() || facts->sha256_hex != sha ||
      facts->size != digests->size || !details.ok()) {
    report_.problems.back().message += "; its bytes or its manifest do not match: not completed";
    return Quarantine(path, "orphan-object", sha);
  }
  RETURN_IF_ERROR(StoreClipSignature(st_, manifest, digests->blake2b));
  Json& d = *details;
  d["recovered_by"] = "fsck";
  d.erase("source");  // the source file is not known any more
  CustodyEntry e = st_.NewEntry("ingest");
  e.clips = {sha};
  e.details = d;
  pending_.push_back(std::move(e));
  Repaired("completed: logged and indexed from its signed manifest");
  return Status::Ok();
}

Status Checker::CheckObjects(Index& index) {
  std::error_code ec;
  std::string root = layout_.ObjectsDir();
  std::vector<std::pair<std::string, std::string>> deferred;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) continue;
    std::string path = it->path().string();
    std::string name = it->path().filename().string();
    ++report_.objects;
    if (name.size() != 64 || !IsLowerHex(name) || it->path().parent_path().filename() != name.substr(0, 2)) {
      Problem("stray-file", path, "", "not an object name (64 lowercase hex digits in its shard)");
      if (opts_.repair) RETURN_IF_ERROR(Quarantine(path, "stray-file", ""));
      continue;
    }
    ASSIGN_OR_RETURN(auto clip, index.GetClip(name));
    if (clip) continue;
    ASSIGN_OR_RETURN(auto owner, index.ClipOfSidecar(name));
    if (owner) continue;
    // An object nothing refers to: a crash between storing it and logging it.
    std::string mpath = layout_.Manifest(name);
    bool signed_manifest = env_->Exists(mpath) &&
                           VerifyFile(env_, st_.public_key(), mpath, mpath + ".minisig").ok();
    if (signed_manifest) {
      ASSIGN_OR_RETURN(std::string text, ReadFileToString(env_, mpath, 16 << 20));
      ASSIGN_OR_RETURN(Json m, ParseJson(text, mpath));
      Problem("orphan-object", path, name,
              "stored and signed but never logged (an offload was interrupted before its commit)");
      if (opts_.repair) RETURN_IF_ERROR(CompleteIngest(name, m, HexOf(Sha256::Of(text))));
    } else {
      deferred.emplace_back(path, name);  // maybe a sidecar of a clip completed above
    }
    if (opts_.progress && report_.objects % 1000 == 0) opts_.progress("objects", report_.objects, 0);
  }
  std::set<std::string> completed_sidecars;
  for (const auto& e : pending_) {
    if (e.action != "ingest") continue;
    for (const auto& sc : e.details.value("sidecars", Json::array())) {
      if (sc.is_object()) completed_sidecars.insert(sc.value("sha256", ""));
    }
  }
  for (const auto& [path, name] : deferred) {
    if (completed_sidecars.count(name)) continue;
    Problem("orphan-object", path, name,
            "stored but neither logged nor described by a signed manifest (interrupted offload)");
    if (opts_.repair) RETURN_IF_ERROR(Quarantine(path, "orphan-object", name));
  }
  return Status::Ok();
}

Status Checker::CheckManifests(Index& index) {
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(JoinPath(layout_.root(), "manifests"), ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) continue;
    std::string path = it->path().string();
    std::string name = it->path().filename().string();
    if (name.size() == 64 + 5 && name.substr(64) == ".json") {
      ++report_.manifests;
      std::string sha = name.substr(0, 64);
      ASSIGN_OR_RETURN(auto clip, index.GetClip(sha));
      if (clip || env_->Exists(layout_.Object(sha))) continue;
      Problem("orphan-manifest", path, sha, "a manifest without its object (interrupted offload)");
      if (opts_.repair) RETURN_IF_ERROR(Quarantine(path, "orphan-manifest", sha));
    }
  }
  return Status::Ok();
}

Result<FsckReport> Checker::Run() {
  CheckLayout();
  RETURN_IF_ERROR(CheckLog());
  // The index must match the log: the writable open below replays what a
  // crash left unapplied, and refuses a rolled-back index (exit 1).
  std::unique_ptr<Index> index;
  if (log_ok_) {
    Status s = st_.WithWriteLock([](CommitContext&) { return Status::Ok(); });
    if (!s.ok()) {
      if (s.code() == Code::kLocked || s.code() == Code::kVault) return s;
      Problem("index", layout_.IndexDir(), "", s.message() + (s.hint().empty() ? "" : " (" + s.hint() + ")"));
      if (opts_.repair && s.code() == Code::kIntegrity && s.message().find("index is older") != std::string::npos) {
        auto r = st_.Reindex();
        if (r.ok()) Repaired("index rebuilt from the log (reindex)");
      }
    }
  }
  auto opened = st_.OpenIndexReadOnly();
  if (!opened.ok()) {
    Problem("index", layout_.IndexDir(), "", opened.status().message() + " (run: custodia reindex)");
  } else {
    index = std::move(opened).value();
    RETURN_IF_ERROR(CheckClips(*index));
    RETURN_IF_ERROR(CheckObjects(*index));
    RETURN_IF_ERROR(CheckManifests(*index));
  }
  index.reset();
  if (log_ok_) {
    CustodyEntry e = st_.NewEntry("fsck");
    e.outcome = report_.unrepaired() ? "problems" : "ok";
    Json problems = Json::array();
    for (size_t i = 0; i < report_.problems.size() && i < 1000; ++i) problems.push_back(report_.problems[i].ToJson());
    e.details = Json{{"repair", opts_.repair}, {"objects", report_.objects}, {"clips", report_.clips},
                     {"problems", problems}, {"unrepaired", report_.unrepaired()}};
    pending_.push_back(std::move(e));
    auto r = st_.Commit(std::move(pending_));
    if (!r.ok() && !opts_.repair) {
      Problem("log", layout_.LogDir(), "", "could not log the fsck run: " + r.status().message());
    } else if (!r.ok()) {
      return r.status();
    }
  }
  return report_;
}

}  // namespace

Result<FsckReport> Fsck(Station& station, const FsckOptions& opts) {
  Checker c(station, opts);
  return c.Run();
}

}  // namespace custodia
