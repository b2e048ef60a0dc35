#include "custodia/verify.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "custodia/encoding.h"

namespace custodia {

Json VerifyReport::ToJson() const {
  Json p = Json::array();
  for (const auto& x : problems) p.push_back(Json{{"clip", x.clip}, {"problem", x.what}});
  return Json{{"schema", "custodia.verify/1"},
              {"scope", scope},
              {"checked", checked},
              {"ok", this->ok},
              {"failed", failed},
              {"bytes", bytes},
              {"interrupted", interrupted},
              {"problems", p}};
}

namespace {

void Add(std::vector<ClipProblem>* out, const std::string& clip, std::string what) {
  out->push_back({clip, std::move(what)});
}

// The manifest: present, signed by a station key, describing this clip.
void CheckManifest(Station& st, const ClipRecord& c, const std::vector<PublicKey>& keys,
                   std::vector<ClipProblem>* out) {
  Env* env = st.env();
  std::string path = st.layout().Manifest(c.sha256);
  auto text = ReadFileToString(env, path, 16 << 20);
  if (!text.ok()) {
    Add(out, c.sha256, "manifest missing or unreadable: " + text.status().message());
    return;
  }
  auto sig_text = ReadFileToString(env, path + ".minisig", 64 * 1024);
  if (!sig_text.ok()) {
    Add(out, c.sha256, "manifest signature missing: " + path + ".minisig");
  } else {
    auto sig = Signature::Parse(*sig_text, path + ".minisig");
    if (!sig.ok()) {
      Add(out, c.sha256, sig.status().message());
    } else {
      Status v = Status::Integrity(path + ": signed by unknown key " + KeyIdString(sig->key_id));
      for (const auto& k : keys) {
        if (k.key_id == sig->key_id) v = VerifyData(k, *sig, *text, path);
      }
      if (!v.ok()) Add(out, c.sha256, "manifest signature: " + v.message());
    }
  }
  auto j = ParseJson(*text, path);
  if (!j.ok()) {
    Add(out, c.sha256, "manifest: " + j.status().message());
    return;
  }
  // Hostile input: look at every field's type before using it (json::value()
  // throws on a type mismatch or a non-object).
  if (!j->is_object()) {
    Add(out, c.sha256, "manifest: " + path + " is not a JSON object");
    return;
  }
  auto named = j->find("sha256");
  std::string named_sha = named != j->end() && named->is_string() ? named->get<std::string>() : "(none)";
  if (named_sha != c.sha256) Add(out, c.sha256, "manifest names another clip: " + named_sha);
  auto size = j->find("size");
  if (size == j->end() || !size->is_number_unsigned() || size->get<uint64_t>() != c.size) {
    Add(out, c.sha256, "manifest size does not match the index");
  }
}

void CheckObject(Station& st, const ClipRecord& c, bool read_data, const std::vector<PublicKey>& keys,
                 std::vector<ClipProblem>* out, uint64_t* bytes) {
  Env* env = st.env();
  std::string object = st.layout().Object(c.sha256);
  auto info = env->Lstat(object);
  if (!info.ok()) {
    Add(out, c.sha256, "object missing: " + object);
    return;
  }
  if (info->size != c.size) {
    Add(out, c.sha256, "object " + object + " has " + std::to_string(info->size) + " bytes, expected " +
                           std::to_string(c.size) + " (truncated or replaced)");
  }
  if (info->mode & 0222) Add(out, c.sha256, "object " + object + " is writable (mode should be 0444)");
  std::string sig_path = st.layout().ClipSig(c.sha256);
  auto sig_text = ReadFileToString(env, sig_path, 64 * 1024);
  std::optional<Signature> sig;
  if (!sig_text.ok()) {
    Add(out, c.sha256, "clip signature missing: " + sig_path);
  } else if (auto s = Signature::Parse(*sig_text, sig_path); !s.ok()) {
    Add(out, c.sha256, s.status().message());
  } else {
    sig = *s;
    if (sig->trusted_comment.find("sha256=" + c.sha256 + " ") == std::string::npos) {
      Add(out, c.sha256, "clip signature's trusted comment names another clip: " + sig->trusted_comment);
    }
  }
  if (!read_data) return;
  auto d = HashFile(env, object, true, true);
  if (!d.ok()) {
    Add(out, c.sha256, "object unreadable: " + d.status().message());
    return;
  }
  *bytes += d->size;
  if (HexOf(d->sha256) != c.sha256) {
    Add(out, c.sha256, "object " + object + ": content does not match its SHA-256 (altered or damaged; read " +
                           std::to_string(d->size) + " bytes)");
  }
  if (sig) {
    Status v = Status::Integrity(sig_path + ": signed by unknown key " + KeyIdString(sig->key_id));
    for (const auto& k : keys) {
      if (k.key_id == sig->key_id) v = VerifyPrehashed(k, *sig, d->blake2b, sig_path);
    }
    if (!v.ok()) Add(out, c.sha256, "clip signature: " + v.message());
  }
  for (const auto& sc : c.sidecars) {
    std::string sha = sc.value("sha256", "");
    std::string name = sc.value("name", "");
    if (sha.size() != 64) continue;
    auto sd = HashFile(env, st.layout().Object(sha), false, true);
    if (!sd.ok()) {
      Add(out, c.sha256, "sidecar " + name + ": " + sd.status().message());
    } else if (HexOf(sd->sha256) != sha) {
      Add(out, c.sha256, "sidecar " + name + " (" + st.layout().Object(sha) + "): content does not match its SHA-256");
    } else {
      *bytes += sd->size;
    }
  }
}

}  // namespace

void CheckClip(Station& st, const ClipRecord& c, bool read_data, std::vector<ClipProblem>* problems,
               uint64_t* bytes_read) {
  auto keys = st.all_public_keys();
  if (!keys.ok()) {
    Add(problems, c.sha256, keys.status().message());
    return;
  }
  CheckObject(st, c, read_data, *keys, problems, bytes_read);
  CheckManifest(st, c, *keys, problems);
}

Result<VerifyReport> VerifyClips(Station& st, const VerifyOptions& opts) {
  auto t0 = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
  VerifyReport report;
  std::vector<ClipRecord> selected;
  if (!opts.clips.empty()) {
    report.scope = "list";
    for (const auto& id : opts.clips) {
      ASSIGN_OR_RETURN(auto c, index->GetClip(id));
      if (!c) return Status::NotFound("no clip " + id + " in the vault");
      selected.push_back(*c);
    }
  } else {
    report.scope = opts.older_than_ms >= 0 ? "older-than" : opts.sample ? "sample" : "all";
    std::optional<std::pair<uint64_t, TimeMs>> full;
    if (auto fv = index->GetMetaString("full_verify"); fv.ok() && *fv) {
      auto j = ParseJson(**fv, "index full_verify");
      if (j.ok()) {
        auto t = ParseUtc(j->value("time", ""));
        if (t.ok()) full = std::pair<uint64_t, TimeMs>{j->value("seq", uint64_t(0)), *t};
      }
    }
    TimeMs cutoff = NowMs() - opts.older_than_ms;
    Status inner;
    RETURN_IF_ERROR(index->ForEachClip([&](const ClipRecord& c) {
      if (opts.older_than_ms >= 0) {
        TimeMs last = 0;
        if (full && c.seq < full->first) last = full->second;
        auto entries = index->EntriesOfClip(c.sha256);
        if (entries.ok()) {
          for (const auto& e : *entries) {
            if (e.action == "verify") last = std::max(last, e.time);
          }
        }
        if (last >= cutoff) return true;
      }
      selected.push_back(c);
      return true;
    }));
    if (opts.sample && selected.size() > opts.sample) {
      std::mt19937_64 rng{std::random_device{}()};
      std::shuffle(selected.begin(), selected.end(), rng);
      selected.resize(opts.sample);
      std::sort(selected.begin(), selected.end(), [](auto& a, auto& b) { return a.sha256 < b.sha256; });
    }
  }
  uint64_t total_bytes = 0;
  for (const auto& c : selected) total_bytes += c.size;

  // Several clips at once: reading and hashing overlap across files.
  std::mutex mu;
  std::atomic<size_t> next{0};
  std::atomic<uint64_t> done_bytes{0};
  std::vector<std::vector<ClipProblem>> per_clip(selected.size());
  int jobs = std::max(1, opts.jobs);
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs; ++t) {
    threads.emplace_back([&] {
      for (;;) {
        size_t i = next++;
        if (i >= selected.size()) return;
        if (opts.cancel && opts.cancel->load()) return;
        uint64_t bytes = 0;
        CheckClip(st, selected[i], opts.read_data, &per_clip[i], &bytes);
        uint64_t d = done_bytes += selected[i].size;
        if (opts.progress) {
          std::lock_guard<std::mutex> l(mu);
          opts.progress(d, total_bytes, selected[i].sha256);
        }
        (void)bytes;
      }
    });
  }
  for (auto& t : threads) t.join();
  report.interrupted = opts.cancel && opts.cancel->load();
  for (size_t i = 0; i < selected.size(); ++i) {
    if (report.interrupted && next.load() <= i) break;
    ++report.checked;
    if (per_clip[i].empty()) {
      ++report.ok;
    } else {
      ++report.failed;
      report.failed_clips.push_back(selected[i].sha256);
      for (auto& p : per_clip[i]) report.problems.push_back(std::move(p));
    }
    if (opts.read_data) report.bytes += selected[i].size;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  CustodyEntry e = st.NewEntry("verify");
  e.outcome = report.failed ? "failed" : report.interrupted ? "interrupted" : "ok";
  e.clips = report.failed_clips;
  if (report.scope == "list" || (report.scope != "all" && report.checked <= 10000)) {
    for (const auto& c : selected) {
      if (std::find(e.clips.begin(), e.clips.end(), c.sha256) == e.clips.end()) e.clips.push_back(c.sha256);
    }
  }
  Json problems = Json::array();
  for (size_t i = 0; i < report.problems.size() && i < 1000; ++i) {
    problems.push_back(Json{{"clip", report.problems[i].clip}, {"problem", report.problems[i].what}});
  }
  e.details = Json{{"scope", report.scope},
                   {"read_data", opts.read_data},
                   {"checked", report.checked},
                   {"ok", report.ok},
                   {"failed", report.failed},
                   {"bytes", report.bytes},
                   {"interrupted", report.interrupted},
                   {"problems", problems}};
  if (report.scope == "all" && report.interrupted) e.details["scope"] = "partial";
  auto r = st.Commit({e});
  if (!r.ok()) return r.status();
  return report;
}

bool FileMatch::name_mismatch() const {
  if (!bundle_name_id || named_clips.empty()) return false;
  // A sidecar in a bundle carries its clip's name: compare with the clip it belongs to.
  const std::string& actual = clip ? clip->sha256 : sha256;
  return std::find(named_clips.begin(), named_clips.end(), actual) == named_clips.end();
}

Json FileMatch::ToJson() const {
  Json links = Json::array();
  for (const auto& l : attentions) links.push_back(l.attention);
  Json j{{"path", path}, {"sha256", sha256}, {"size", size}, {"found", found}, {"is_sidecar", is_sidecar}};
  j["clip"] = clip ? clip->ToJson() : Json(nullptr);
  j["attentions"] = links;
  Json details = Json::array();
  for (const auto& l : attentions) {
    Json d{{"id", l.attention}, {"link", l.method}};
    for (const auto& a : attention_records) {
      if (a.record.id != l.attention) continue;
      d["category"] = a.record.category;
      d["module"] = a.record.module;
      d["zone"] = a.record.zone;
      d["opened_at"] = FormatUtc(a.record.opened_at);
      d["closed_at"] = FormatUtc(a.record.closed_at);
    }
    details.push_back(d);
  }
  j["attention_details"] = details;
  j["bundle_name_id"] = bundle_name_id ? Json(*bundle_name_id) : Json(nullptr);
  j["named_clips"] = named_clips;
  j["name_mismatch"] = name_mismatch();
  return j;
}

std::optional<std::string> BundleNameId(std::string_view name) {
  size_t slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  size_t us = name.rfind('_', dot);
  if (us == std::string_view::npos || name.find('_') == us) return std::nullopt;  // <time>_<device>_<id>
  std::string_view id = name.substr(us + 1, dot - us - 1);
  if (id.size() < 8 || id.size() > 64 || !IsLowerHex(id)) return std::nullopt;
  return std::string(id);
}

Result<std::vector<FileMatch>> MatchFiles(Station& st, const std::vector<std::string>& paths) {
  std::unique_ptr<Index> index;
  if (auto r = st.OpenIndexReadOnly(); r.ok()) index = std::move(r).value();
  std::vector<FileMatch> out;
  for (const auto& p : paths) {
    auto info = st.env()->Stat(p);
    if (!info.ok()) return Status::Invalid("cannot read " + p + ": " + info.status().message());
    if (!info->is_regular) return Status::Invalid(p + " is not a regular file");
    ASSIGN_OR_RETURN(FileDigests d, HashFile(st.env(), p, false));
    FileMatch m;
    m.path = p;
    m.sha256 = HexOf(d.sha256);
    m.size = d.size;
    m.bundle_name_id = BundleNameId(p);
    if (index) {
      ASSIGN_OR_RETURN(auto clip, index->GetClip(m.sha256));
      std::string clip_id = m.sha256;
      if (!clip) {
        ASSIGN_OR_RETURN(auto owner, index->ClipOfSidecar(m.sha256));
        if (owner) {
          m.is_sidecar = true;
          clip_id = *owner;
          ASSIGN_OR_RETURN(clip, index->GetClip(*owner));
        }
      }
      if (clip) {
        m.found = true;
        m.clip = *clip;
        ASSIGN_OR_RETURN(m.attentions, index->LinksOfClip(clip_id));
        for (const auto& l : m.attentions) {
          ASSIGN_OR_RETURN(auto a, index->GetAttention(l.attention));
          if (a) m.attention_records.push_back(std::move(*a));
        }
      }
      if (m.bundle_name_id) {
        ASSIGN_OR_RETURN(m.named_clips, index->ClipIdsWithPrefix(*m.bundle_name_id, 10));
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace custodia
