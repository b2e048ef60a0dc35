// The offload pipeline: scan -> (per clip, on --jobs workers) copy+hash ->
// place object -> probe -> manifest + signatures -> (one committer thread)
// group commit of ingest entries -> wipe after read-back verification ->
// receipt. Each clip is its own unit: a failure of one never stops the rest.
#include "custodia/offload.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "custodia/crashpoint.h"
#include "custodia/link.h"
#include "custodia/probe.h"
#include "custodia/profile.h"
#include "offload/copy.h"
#include "offload/manifest.h"
#include "offload/mounts.h"
#include "offload/scan.h"
#include "offload/store.h"

namespace custodia {

Json OffloadFile::ToJson() const {
  Json j{{"path", path}, {"kind", kind}, {"size", size}, {"outcome", outcome}, {"wiped", wiped}};
  j["sha256"] = sha256.empty() ? Json(nullptr) : Json(sha256);
  if (!clip.empty()) j["clip"] = clip;
  if (!media_status.empty()) j["media_status"] = media_status;
  if (!error.empty()) j["error"] = error;
  if (error_offset) j["error_offset"] = *error_offset;
  return j;
}

Json OffloadSummary::ToJson() const {
  Json files_json = Json::array();
  for (const auto& f : file_list) files_json.push_back(f.ToJson());
  return Json{{"schema", "custodia.offload/1"},
              {"offload_id", offload_id},
              {"files", file_list.size()},
              {"ingested", ingested},
              {"duplicates", duplicates},
              {"flagged", flagged},
              {"failed", failed},
              {"skipped", skipped},
              {"wiped", wiped},
              {"links", links},
              {"bytes", bytes},
              {"seconds_ms", int64_t(seconds * 1000)},
              {"mb_per_s", std::to_string(mb_per_s).substr(0, std::to_string(mb_per_s).find('.') + 2)},
              {"interrupted", interrupted},
              {"receipt", receipt},
              {"exit_code", exit_code},
              {"file_list", files_json}};
}

namespace {

// Clips of the `ingest` entries appended after the last `receipt` (other than
// this run's own), newest first; looks back at most kLookBack entries.
Result<std::vector<std::string>> IngestsSinceLastReceipt(CustodyLog& log, const std::string& this_offload) {
  constexpr uint64_t kLookBack = 200000;
  std::vector<std::string> clips;
  uint64_t n = log.size();
  for (uint64_t k = 0; k < n && k < kLookBack; ++k) {
    ASSIGN_OR_RETURN(auto e, log.Read(n - 1 - k));
    if (e.action == "receipt" || e.action == "init") break;
    if (e.action != "ingest") continue;
    auto id = e.details.find("offload_id");
    if (id != e.details.end() && id->is_string() && id->get<std::string>() == this_offload) continue;
    clips.insert(clips.end(), e.clips.begin(), e.clips.end());
  }
  return clips;
}

std::string NewOffloadId() {
  TimeMs now = NowMs();
  std::string t = FormatUtc(now);  // 2026-01-15T14:00:00.000Z
  std::string compact;
  for (char c : t.substr(0, 19)) {
    if (c != '-' && c != ':') compact.push_back(c);
  }
  std::random_device rd;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", rd());
  return compact + "Z-" + buf;
}

// A clip ready to commit: its ingest (or duplicate) entry and where its
// files are in the file list.
struct ReadyClip {
  size_t media_index;                  // into files
  std::vector<size_t> sidecar_indexes;
  std::string sha;
  CustodyEntry entry;
  bool duplicate = false;
  bool flagged = false;
  Blake2bDigest prehash{};
};

class Pipeline {
 public:
  Pipeline(Station& st, const OffloadOptions& opts, OffloadObserver* obs) : st_(st), opts_(opts), obs_(obs) {}

  Result<OffloadSummary> Run();

 private:
  // ---- shared state (mu_) ----
  void Emit(const std::function<void()>& fn) {
    std::lock_guard<std::mutex> l(obs_mu_);
    if (obs_) fn();
  }
  size_t AddFile(OffloadFile f) {
    std::lock_guard<std::mutex> l(mu_);
    files_.push_back(std::move(f));
    return files_.size() - 1;
  }
  void Finish(size_t i) {
    OffloadFile copy;
    {
      std::lock_guard<std::mutex> l(mu_);
      copy = files_[i];
    }
    Emit([&] { obs_->OnFileDone(copy); });
  }
  void Fail(size_t i, const Status& s) {
    {
      std::lock_guard<std::mutex> l(mu_);
      files_[i].outcome = "failed";
      files_[i].error = s.message();
      // "read error at offset N of PATH": keep N for the receipt.
      const std::string& m = s.message();
      size_t at = m.find("at offset ");
      if (at != std::string::npos) files_[i].error_offset = std::strtoull(m.c_str() + at + 10, nullptr, 10);
    }
    Finish(i);
  }
  bool Cancelled() const { return (opts_.cancel && opts_.cancel->load()) || source_gone_.load(); }

  void Worker();
  void ProcessClip(const ClipItem& item, size_t media_index, const std::vector<size_t>& sidecar_indexes);
  Result<CopyResult> CopyInto(const SourceFile& f, const std::string& tmp, bool write);
  Status Committer();
  Status CommitGroup(std::vector<ReadyClip> group);
  Status Wipe(const ReadyClip& clip);
  Status WipeFile(size_t index, const std::string& sha, const Blake2bDigest* prehash, const std::string& clip_sha);
  void CheckSourceStillThere(const SourceFile& f);
  std::string OfficerFromRoster(const std::string& device, std::optional<TimeMs> at);

  Station& st_;
  const OffloadOptions& opts_;
  OffloadObserver* obs_;
  std::string offload_id_;
  std::shared_ptr<const ProfileMatcher> profile_;
  std::unique_ptr<Index> reader_;  // read-only index for pre-checks (may be null)
  std::optional<Roster> roster_;

  std::mutex obs_mu_;
  std::mutex mu_;
  std::vector<OffloadFile> files_;
  ScanResult scan_;
  std::vector<std::vector<size_t>> clip_file_indexes_;  // per clip: media, sidecars...
  std::atomic<size_t> next_clip_{0};
  std::atomic<uint64_t> bytes_done_{0};
  uint64_t bytes_total_ = 0;
  std::atomic<bool> source_gone_{false};
  std::map<std::string, std::pair<uint64_t, uint64_t>> root_ids_;  // source root -> (dev, ino) when scanned

  std::mutex q_mu_;
  std::condition_variable q_cv_;
  std::deque<ReadyClip> ready_;
  int workers_left_ = 0;

  std::vector<CustodyEntry> pending_entries_;  // wipe entries for the next commit
  std::vector<std::string> committed_clips_;   // for auto-link
  Status commit_error_;
  uint64_t units_ = 0;
};

std::string Pipeline::OfficerFromRoster(const std::string& device, std::optional<TimeMs> at) {
  if (!roster_ || device.empty() || !at) return "";
  return roster_->OfficerAt(device, *at).value_or("");
}

void Pipeline::CheckSourceStillThere(const SourceFile& f) {
  // Unplugged: the source root is gone, or its path now leads to another
  // directory (the camera was unmounted and the bare mount point is left,
  // possibly with a DCIM/ of its own), or the file's directory is gone.
  Env* env = st_.env();
  auto root = env->Stat(f.root);
  auto seen = root_ids_.find(f.root);
  bool moved = root.ok() && seen != root_ids_.end() && seen->second != std::make_pair(root->dev, root->ino);
  if (!root.ok() || moved || !env->Exists(DirName(f.path))) source_gone_ = true;
}

Result<CopyResult> Pipeline::CopyInto(const SourceFile& f, const std::string& tmp, bool write) {
  CopyOptions co;
  co.write_copy = write;
  co.cancel = opts_.cancel;
  co.progress = [this, &f](uint64_t n) {
    uint64_t done = bytes_done_ += n;
    Emit([&] { obs_->OnProgress(done, bytes_total_, f.path); });
  };
  auto r = CopyAndHash(st_.env(), f.path, tmp, co);
  if (!r.ok()) CheckSourceStillThere(f);
  return r;
}

void Pipeline::Worker() {
  for (;;) {
    size_t i = next_clip_++;
    if (i >= scan_.clips.size()) break;
    const auto& idx = clip_file_indexes_[i];
    if (Cancelled()) {
      for (size_t k : idx) {
        Fail(k, source_gone_ ? Status::Io("not copied: the source disappeared (camera unplugged?)")
                             : Status::Interrupted("not copied: the offload was interrupted"));
      }
      continue;
    }
    ProcessClip(scan_.clips[i], idx[0], std::vector<size_t>(idx.begin() + 1, idx.end()));
  }
  std::lock_guard<std::mutex> l(q_mu_);
  --workers_left_;
  q_cv_.notify_all();
}

void Pipeline::ProcessClip(const ClipItem& item, size_t mi, const std::vector<size_t>& sidecar_indexes) {
  Env* env = st_.env();
  const SourceFile& src = item.media;
  Emit([&] { obs_->OnFileStart(src.path, src.info.size); });
  auto tmp_dir = st_.tmp_dir();
  if (!tmp_dir.ok()) {
    Fail(mi, tmp_dir.status());
    return;
  }
  // Facts from the device profile (folder and file names).
  auto facts = profile_->Extract(src.rel_path);
  if (!facts.ok()) {
    Fail(mi, facts.status());
    for (size_t k : sidecar_indexes) Fail(k, Status::Io("not copied: its clip failed"));
    return;
  }
  std::string device = !opts_.device.empty() ? opts_.device : facts->device;

  // Resume: a file we have seen before (same device, path, size, mtime) is only
  // hashed to confirm, not copied again.
  bool known = false;
  if (reader_) {
    auto seen = reader_->SightingOf(device, src.path, src.info.size, src.info.mtime_ns);
    known = seen.ok() && *seen && env->Exists(st_.layout().Object(**seen));
  }
  std::string tmp = JoinPath(*tmp_dir, "clip." + std::to_string(mi));
  auto copied = CopyInto(src, tmp, !known);
  if (!copied.ok()) {
    Fail(mi, copied.status());
    for (size_t k : sidecar_indexes) Fail(k, Status::Io("not copied: its clip failed"));
    return;
  }
  std::string sha = HexOf(copied->sha256);
  {
    std::lock_guard<std::mutex> l(mu_);
    files_[mi].sha256 = sha;
  }
  if (known && !env->Exists(st_.layout().Object(sha))) {
    // The file changed since we saw it: copy it for real.
    copied = CopyInto(src, tmp, true);
    if (!copied.ok()) {
      Fail(mi, copied.status());
      return;
    }
    sha = HexOf(copied->sha256);
    known = false;
  }
  if (!known || env->Exists(tmp)) {
    Status placed = PlaceObject(st_, tmp, sha, copied->size);
    if (!placed.ok()) {
      Fail(mi, placed);
      return;
    }
  }

  // Sidecars: each copied the same way, listed in the manifest.
  std::vector<SidecarFacts> sidecars;
  for (size_t n = 0; n < item.sidecars.size(); ++n) {
    const SourceFile& sc = item.sidecars[n];
    size_t si = sidecar_indexes[n];
    std::string stmp = JoinPath(*tmp_dir, "sidecar." + std::to_string(si));
    auto sc_copy = CopyInto(sc, stmp, true);
    Status s = sc_copy.ok() ? PlaceObject(st_, stmp, HexOf(sc_copy->sha256), sc_copy->size) : sc_copy.status();
    if (!s.ok()) {
      Fail(si, s);
      continue;
    }
    std::lock_guard<std::mutex> l(mu_);
    files_[si].sha256 = HexOf(sc_copy->sha256);
    files_[si].clip = sha;
    sidecars.push_back({BaseName(sc.path), HexOf(sc_copy->sha256), sc_copy->size});
  }

  ReadyClip ready;
  ready.media_index = mi;
  ready.sidecar_indexes = sidecar_indexes;
  ready.sha = sha;
  ready.prehash = copied->blake2b;
  bool in_index = false;
  if (reader_) {
    auto rec = reader_->GetClip(sha);
    in_index = rec.ok() && rec->has_value();
  }
  if (in_index) {
    ready.duplicate = true;
  } else {
    ProbeResult probe = ProbeClip(st_.layout().Object(sha));
    ManifestFacts mf;
    mf.sha256 = sha;
    mf.size = copied->size;
    mf.original_name = BaseName(src.path);
    mf.original_path = src.path;
    mf.original_mtime = src.info.mtime_ns / 1'000'000;
    mf.device = device;
    mf.profile_start = facts->start;
    mf.profile = profile_->profile().name;
    mf.sidecars = sidecars;
    mf.station = st_.config().station;
    mf.offload_id = offload_id_;
    mf.ingested_at = NowMs();
    std::optional<TimeMs> start = probe.creation_time ? probe.creation_time : facts->start;
    if (!start && src.info.mtime_ns > 0) {
      start = src.info.mtime_ns / 1'000'000 - std::max<int64_t>(probe.duration_ms, 0);
    }
    if (!opts_.officer.empty()) {
      mf.officer = opts_.officer;
      mf.officer_source = "flag";
    } else if (!facts->officer.empty()) {
      mf.officer = facts->officer;
      mf.officer_source = "device";
    } else if (std::string r = OfficerFromRoster(device, start); !r.empty()) {
      mf.officer = r;
      mf.officer_source = "roster";
    } else {
      mf.officer_source = "none";
    }
    Json fresh = BuildManifest(mf, probe);
    auto stored = StoreManifest(st_, sha, fresh);
    if (!stored.ok()) {
      Fail(mi, stored.status());
      return;
    }
    Status sig = StoreClipSignature(st_, stored->manifest, copied->blake2b);
    if (!sig.ok()) {
      Fail(mi, sig);
      return;
    }
    auto details = IngestDetails(stored->manifest, stored->sha256, src.info.size, src.info.mtime_ns);
    if (!details.ok()) {
      Fail(mi, details.status());
      return;
    }
    ready.entry = st_.NewEntry("ingest");
    ready.entry.clips = {sha};
    ready.entry.details = *details;
    ready.entry.details["offload_id"] = offload_id_;
    ready.flagged = (*details)["status"] != "ok";
    std::lock_guard<std::mutex> l(mu_);
    files_[mi].media_status = (*details)["status"].get<std::string>();
  }
  if (ready.duplicate) {
    ready.entry = st_.NewEntry("duplicate");
    ready.entry.clips = {sha};
    ready.entry.details = Json{{"offload_id", offload_id_},
                               {"device", device},
                               {"source", Json{{"path", src.path},
                                               {"size", src.info.size},
                                               {"mtime_ns", src.info.mtime_ns}}}};
  }
  std::lock_guard<std::mutex> l(q_mu_);
  ready_.push_back(std::move(ready));
  q_cv_.notify_all();
}

Status Pipeline::CommitGroup(std::vector<ReadyClip> group) {
  std::vector<CustodyEntry> entries;
  for (auto& c : group) entries.push_back(c.entry);
  entries.insert(entries.end(), pending_entries_.begin(), pending_entries_.end());
  // Under the lock: a clip another offload committed meanwhile is a duplicate.
  auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& es) -> Status {
    for (size_t i = 0; i < group.size(); ++i) {
      if (es[i].action != "ingest") continue;
      ASSIGN_OR_RETURN(auto existing, ctx.index->GetClip(group[i].sha));
      if (!existing) continue;
      const Json& d = es[i].details;
      CustodyEntry dup = st_.NewEntry("duplicate");
      dup.clips = es[i].clips;
      dup.details = Json{{"offload_id", offload_id_},
                         {"device", d.value("device", "")},
                         {"source", d.value("source", Json::object())}};
      es[i] = dup;
      group[i].duplicate = true;
    }
    return Status::Ok();
  };
  auto r = st_.Commit(entries, prepare);
  if (!r.ok()) {
    for (auto& c : group) {
      Fail(c.media_index, r.status().Prefixed("not committed"));
      for (size_t k : c.sidecar_indexes) Fail(k, r.status().Prefixed("not committed"));
    }
    return r.status();
  }
  pending_entries_.clear();
  for (auto& c : group) {
    ++units_;
    {
      std::lock_guard<std::mutex> l(mu_);
      OffloadFile& f = files_[c.media_index];
      f.outcome = c.duplicate ? "duplicate" : c.flagged ? "flagged" : "ingested";
      for (size_t k : c.sidecar_indexes) {
        if (files_[k].outcome.empty()) files_[k].outcome = c.duplicate ? "duplicate" : "ingested";
      }
    }
    // Duplicates too: a clip committed by an earlier run that was killed
    // before its auto-link (or completed by fsck --repair) gets its links
    // now. Auto-link is idempotent and never undoes a manual unlink.
    committed_clips_.push_back(c.sha);
    if (opts_.wipe) {
      Status w = Wipe(c);
      if (!w.ok() && w.code() == Code::kVault) return w;
    }
    Finish(c.media_index);
    for (size_t k : c.sidecar_indexes) {
      std::lock_guard<std::mutex> l(mu_);
      if (files_[k].outcome != "failed") {
        OffloadFile copy = files_[k];
        Emit([&] { obs_->OnFileDone(copy); });
      }
    }
  }
  return Status::Ok();
}

Status Pipeline::WipeFile(size_t index, const std::string& sha, const Blake2bDigest* prehash,
                          const std::string& clip_sha) {
  Env* env = st_.env();
  std::string path, outcome;
  {
    std::lock_guard<std::mutex> l(mu_);
    path = files_[index].path;
    outcome = files_[index].outcome;
  }
  if (outcome == "failed") return Status::Ok();
  const SourceFile* src = nullptr;
  for (auto& c : scan_.clips) {
    if (c.media.path == path) src = &c.media;
    for (auto& s : c.sidecars) {
      if (s.path == path) src = &s;
    }
  }
  auto refuse = [&](const std::string& why) {
    std::lock_guard<std::mutex> l(mu_);
    files_[index].error = "not wiped: " + why;
    return Status::Integrity("not wiped: " + path + ": " + why);
  };
  // Read our copy back (around the page cache) and check it before deleting.
  std::string object = st_.layout().Object(sha);
  auto back = HashFile(env, object, prehash != nullptr, true);
  if (!back.ok()) return refuse("cannot read the vault copy back: " + back.status().message());
  if (HexOf(back->sha256) != sha) return refuse("the vault copy does not read back with the same SHA-256");
  if (prehash) {
    Status v = VerifyFile(env, st_.public_key(), object, st_.layout().ClipSig(clip_sha));
    if (!v.ok()) return refuse("clip signature check failed: " + v.message());
  }
  if (!src) return refuse("source file unknown");
  auto now = env->Lstat(path);
  if (!now.ok() || now->size != src->info.size || now->mtime_ns != src->info.mtime_ns) {
    return refuse("the source file changed after it was copied");
  }
  RETURN_IF_ERROR(env->Remove(path));
  env->SyncDir(DirName(path));
  CUSTODIA_CRASH_POINT("offload.wiped");
  {
    std::lock_guard<std::mutex> l(mu_);
    files_[index].wiped = true;
  }
  CustodyEntry w = st_.NewEntry("wipe");
  w.clips = {clip_sha};
  w.details = Json{{"offload_id", offload_id_}, {"path", path}, {"size", src->info.size}, {"sha256", sha}};
  pending_entries_.push_back(std::move(w));
  return Status::Ok();
}

Status Pipeline::Wipe(const ReadyClip& c) {
  Status first;
  Status s = WipeFile(c.media_index, c.sha, &c.prehash, c.sha);
  if (!s.ok()) first = s;
  for (size_t k : c.sidecar_indexes) {
    std::string sha;
    {
      std::lock_guard<std::mutex> l(mu_);
      sha = files_[k].sha256;
    }
    if (sha.empty()) continue;
    s = WipeFile(k, sha, nullptr, c.sha);
    if (!s.ok() && first.ok()) first = s;
  }
  return first;
}

Status Pipeline::Committer() {
  for (;;) {
    std::vector<ReadyClip> group;
    {
      std::unique_lock<std::mutex> l(q_mu_);
      q_cv_.wait(l, [&] { return !ready_.empty() || workers_left_ == 0; });
      if (ready_.empty() && workers_left_ == 0) break;
      // Group commit: everything that is ready now goes in one unit of work.
      while (!ready_.empty()) {
        group.push_back(std::move(ready_.front()));
        ready_.pop_front();
      }
    }
    Status s = CommitGroup(std::move(group));
    if (!s.ok()) {
      if (commit_error_.ok()) commit_error_ = s;
      if (s.code() == Code::kVault || s.code() == Code::kLocked || s.code() == Code::kIntegrity) {
        // Keep draining so workers finish, but record nothing more.
      }
    }
  }
  return Status::Ok();
}

Result<OffloadSummary> Pipeline::Run() {
  auto start_time = std::chrono::steady_clock::now();
  // Everything that can make the whole offload impossible is checked first.
  ASSIGN_OR_RETURN(const SecretKey* key, st_.secret_key());
  (void)key;
  ASSIGN_OR_RETURN(DeviceProfile profile, FindProfile(st_.env(), st_.layout().ProfilesDir(), opts_.profile));
  ASSIGN_OR_RETURN(profile_, ProfileMatcher::Compile(profile, st_.tz()));
  ASSIGN_OR_RETURN(scan_, ScanSources(st_.env(), opts_.sources, *profile_));
  for (const auto& c : scan_.clips) {
    if (root_ids_.count(c.media.root)) continue;
    if (auto r = st_.env()->Stat(c.media.root); r.ok()) root_ids_[c.media.root] = {r->dev, r->ino};
  }
  ASSIGN_OR_RETURN(std::string tmp, st_.tmp_dir());
  (void)tmp;
  // Take the lock once before copying anything: a vault locked past --wait,
  // or an index that does not match the log, stops us before any work (and a
  // crashed earlier command's leftovers are recovered now).
  RETURN_IF_ERROR(st_.WithWriteLock([](CommitContext&) { return Status::Ok(); }));
  auto reader = st_.OpenIndexReadOnly();
  if (reader.ok()) {
    reader_ = std::move(reader).value();
    // The roster in force sets the officer when neither --officer nor the
    // camera says (SPEC §6). A damaged stored roster stops the offload:
    // attributing clips without it would be silently wrong.
    ASSIGN_OR_RETURN(auto stored, reader_->GetRoster());
    if (stored) roster_ = std::move(stored->roster);
  }
  offload_id_ = NewOffloadId();

  // The file list, in scan order: each clip's media then its sidecars.
  for (const auto& c : scan_.clips) {
    std::vector<size_t> idx;
    OffloadFile m;
    m.path = c.media.path;
    m.kind = "media";
    m.size = c.media.info.size;
    idx.push_back(AddFile(m));
    bytes_total_ += c.media.info.size;
    for (const auto& s : c.sidecars) {
      OffloadFile f;
      f.path = s.path;
      f.kind = "sidecar";
      f.size = s.info.size;
      idx.push_back(AddFile(f));
      bytes_total_ += s.info.size;
    }
    clip_file_indexes_.push_back(idx);
  }
  for (const auto& s : scan_.skipped) {
    OffloadFile f;
    f.path = s.path;
    f.kind = "other";
    f.size = s.info.size;
    f.outcome = "skipped";
    f.error = "not a media file or the sidecar of one";
    AddFile(f);
  }
  for (const auto& [s, why] : scan_.unreadable) {
    OffloadFile f;
    f.path = s.path;
    f.kind = "other";
    f.outcome = "failed";
    f.error = why;
    AddFile(f);
  }
  Emit([&] { obs_->OnStart(offload_id_, files_.size(), bytes_total_); });
  for (size_t i = 0; i < files_.size(); ++i) {
    if (files_[i].outcome == "skipped" || files_[i].outcome == "failed") Finish(i);
  }

  // Workers: by default two per source filesystem, at most 4. Two clips in
  // flight keep both cores hashing (SHA-256 and BLAKE2b of one clip run in
  // parallel, but BLAKE2b is the slower of the two) and hide each clip's fixed
  // costs (fsync, probe, signing) behind the other's copy; more readers on
  // one flash card only make it seek.
  int jobs = opts_.jobs;
  if (jobs <= 0) {
    std::set<uint64_t> devs;
    for (const auto& c : scan_.clips) devs.insert(c.media.info.dev);
    jobs = int(std::clamp<size_t>(2 * devs.size(), 1, 4));
  }
  jobs = std::max(1, std::min<int>(jobs, int(std::max<size_t>(scan_.clips.size(), 1))));
  workers_left_ = jobs;
  std::vector<std::thread> workers;
  for (int i = 0; i < jobs; ++i) workers.emplace_back([this] { Worker(); });
  Committer();
  for (auto& w : workers) w.join();

  // Auto-link the new clips, write the signed receipt, commit both with the
  // last wipe entries.
  OffloadSummary sum;
  sum.offload_id = offload_id_;
  sum.interrupted = Cancelled();
  {
    std::lock_guard<std::mutex> l(mu_);
    sum.file_list = files_;
  }
  for (const auto& f : sum.file_list) {
    ++sum.files;
    if (f.outcome == "ingested" && f.kind == "media") ++sum.ingested;
    if (f.outcome == "duplicate" && f.kind == "media") ++sum.duplicates;
    if (f.outcome == "flagged") ++sum.flagged;
    if (f.outcome == "failed") ++sum.failed;
    if (f.outcome == "skipped") ++sum.skipped;
    if (f.wiped) ++sum.wiped;
  }
  sum.bytes = bytes_done_;

  MountInfo mount = opts_.sources.empty() ? MountInfo{} : MountOf(opts_.sources[0]);
  Json sources = Json::array();
  for (const auto& s : opts_.sources) sources.push_back(Json{{"path", s}, {"mount", MountOf(s).ToJson()}});
  Json files_json = Json::array();
  for (const auto& f : sum.file_list) files_json.push_back(f.ToJson());
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  Json receipt{{"schema", "custodia.receipt/1"},
               {"custodia_version", CUSTODIA_VERSION},
               {"station", st_.config().station},
               {"offload_id", offload_id_},
               {"device", opts_.device.empty() ? Json(nullptr) : Json(opts_.device)},
               {"officer", opts_.officer.empty() ? Json(nullptr) : Json(opts_.officer)},
               {"profile", profile_->profile().name},
               {"actor", st_.actor()},
               {"os_user", st_.os_user()},
               {"sources", sources},
               {"camera_clock_offset_ms", nullptr},
               {"started", FormatUtc(NowMs() - int64_t(elapsed * 1000))},
               {"finished", FormatUtc(NowMs())},
               {"interrupted", sum.interrupted},
               {"counts", Json{{"files", sum.files},
                               {"ingested", sum.ingested},
                               {"duplicates", sum.duplicates},
                               {"flagged", sum.flagged},
                               {"failed", sum.failed},
                               {"skipped", sum.skipped},
                               {"wiped", sum.wiped},
                               {"bytes", sum.bytes}}},
               {"files", files_json}};
  (void)mount;
  Status receipt_status;
  auto canonical = CanonicalJson(receipt);
  if (!canonical.ok()) return canonical.status();
  std::string bytes = *canonical + "\n";
  std::string rpath = st_.layout().Receipt(offload_id_);
  auto tmp_dir = st_.tmp_dir();
  receipt_status = tmp_dir.ok() ? WriteFileOnce(st_.env(), *tmp_dir, rpath, bytes, kFileMode) : tmp_dir.status();
  if (receipt_status.ok()) {
    auto key2 = st_.secret_key();
    auto sig = key2.ok() ? (*key2)->SignData(bytes,
                                             "custodia receipt offload=" + offload_id_ + " sha256=" +
                                                 HexOf(Sha256::Of(bytes)) + " station=" + st_.config().station,
                                             "signature from custodia station " + st_.config().station)
                         : Result<Signature>(key2.status());
    receipt_status = sig.ok() ? WriteFileDurably(st_.env(), *tmp_dir, st_.layout().ReceiptSig(offload_id_),
                                                 sig->FileText(), kFileMode)
                              : sig.status();
  }
  CustodyEntry re = st_.NewEntry("receipt");
  re.details = Json{{"offload_id", offload_id_},
                    {"receipt_sha256", HexOf(Sha256::Of(bytes))},
                    {"counts", receipt["counts"]},
                    {"interrupted", sum.interrupted}};
  if (!receipt_status.ok()) re.outcome = "failed";
  std::vector<CustodyEntry> final_entries = pending_entries_;
  final_entries.push_back(re);
  uint64_t links = 0;
  auto link_prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& es) -> Status {
    if (!opts_.auto_link) return Status::Ok();
    AutoLinkOptions lo;
    lo.margin_ms = opts_.link_margin_ms;
    lo.clips = committed_clips_;
    // Clips an earlier offload ingested but was killed before linking (and
    // may already have wiped from the camera, so this run cannot see them):
    // the ingests logged after the last receipt.
    ASSIGN_OR_RETURN(auto orphans, IngestsSinceLastReceipt(*ctx.log, offload_id_));
    lo.clips.insert(lo.clips.end(), orphans.begin(), orphans.end());
    if (lo.clips.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(auto link_entries, PlanAutoLinks(ctx, lo));
    links = link_entries.size();
    // Before the receipt: a torn append keeps whole lines up to the tear, so
    // a kept receipt comes with all its links, and a cut receipt leaves this
    // run's ingests "after the last receipt" for the rerun to link.
    auto at = std::find_if(es.begin(), es.end(), [](const CustodyEntry& e) { return e.action == "receipt"; });
    es.insert(at, link_entries.begin(), link_entries.end());
    return Status::Ok();
  };
  auto fin = st_.Commit(final_entries, link_prepare);
  if (!fin.ok() && commit_error_.ok()) commit_error_ = fin.status();
  sum.links = links;
  sum.receipt = receipt_status.ok() ? rpath : "";
  sum.seconds = elapsed;
  sum.mb_per_s = elapsed > 0 ? double(sum.bytes) / 1e6 / elapsed : 0;

  uint64_t units = sum.ingested + sum.duplicates + sum.flagged;
  int code = 0;
  if (!commit_error_.ok() && (commit_error_.code() == Code::kVault || commit_error_.code() == Code::kLocked ||
                              commit_error_.code() == Code::kIntegrity)) {
    code = commit_error_.ExitCode();
  } else if (sum.failed > 0 || sum.interrupted || !commit_error_.ok() || !receipt_status.ok()) {
    code = units > 0 ? 3 : 4;
  }
  sum.exit_code = code;
  sum.error = commit_error_;
  Emit([&] { obs_->OnSummary(sum); });
  return sum;
}

}  // namespace

Result<OffloadSummary> Offload(Station& station, const OffloadOptions& opts, OffloadObserver* observer) {
  Pipeline p(station, opts, observer);
  return p.Run();
}

}  // namespace custodia
