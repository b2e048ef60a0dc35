// `profiles test`: what an offload with a profile would make of a camera's
// files, without reading their contents or writing anything. The walk
// follows the offload's rules (SPEC §3, lib/offload/scan.cc); the CLI test
// tests/profile/ checks that both agree on a real camera folder.
#include <algorithm>
#include <cctype>
#include <map>

#include "custodia/profile.h"

namespace custodia {

namespace {

std::string LowerStem(std::string_view name) {
  size_t dot = name.rfind('.');
  std::string s(dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot));
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ProfilePreviewFile Skipped(std::string path, std::string why) {
  ProfilePreviewFile f;
  f.path = std::move(path);
  f.kind = "skipped";
  f.note = std::move(why);
  return f;
}

class PreviewWalk {
 public:
  PreviewWalk(Env* env, const ProfileMatcher& m, std::vector<ProfilePreviewFile>& out) : env_(env), m_(m), out_(out) {}

  void Media(ProfilePreviewFile& f) {
    f.kind = "media";
    auto facts = m_.Extract(f.path);
    if (!facts.ok()) {
      f.error = facts.status().message();
    } else {
      f.facts = *facts;
      if (facts->pattern.empty() && !m_.profile().patterns.empty()) {
        f.note = "no pattern matched: officer, device and start come from flags, the roster or the clip";
      }
    }
  }

  void Dir(const std::string& dir, const std::string& rel, int depth) {
    auto entries = env_->ListDir(dir);
    if (!entries.ok()) {
      out_.push_back(Skipped(rel.empty() ? "." : rel, "cannot list: " + entries.status().message()));
      return;
    }
    std::vector<ProfilePreviewFile> media, sidecars;
    for (const auto& e : *entries) {
      if (!e.name.empty() && e.name[0] == '.') continue;  // dotfiles and ._* are never offloaded
      std::string path = JoinPath(dir, e.name);
      std::string r = rel.empty() ? e.name : rel + "/" + e.name;
      if (e.type == EntryType::kDirectory) {
        if (depth < 32) Dir(path, r, depth + 1);
        continue;
      }
      if (e.type == EntryType::kSymlink) {
        out_.push_back(Skipped(r, "symbolic link (never followed)"));
        continue;
      }
      auto info = env_->Lstat(path);
      if (!info.ok() || !info->is_regular) {
        out_.push_back(Skipped(r, info.ok() ? "not a regular file" : "cannot stat: " + info.status().message()));
        continue;
      }
      ProfilePreviewFile f;
      f.path = r;
      if (m_.IsMedia(e.name)) {
        media.push_back(f);
      } else if (m_.IsSidecar(e.name)) {
        sidecars.push_back(f);
      } else {
        out_.push_back(Skipped(r, "not a media file or the sidecar of one"));
      }
    }
    std::map<std::string, std::string> by_stem;
    for (auto& f : media) {
      by_stem.emplace(LowerStem(BaseName(f.path)), f.path);
      Media(f);
      out_.push_back(f);
    }
    for (auto& s : sidecars) {
      auto it = by_stem.find(LowerStem(BaseName(s.path)));
      if (it == by_stem.end()) {
        out_.push_back(Skipped(s.path, "sidecar extension, but no media file with the same stem here"));
      } else {
        s.kind = "sidecar";
        s.clip = it->second;
        out_.push_back(s);
      }
    }
  }

 private:
  Env* env_;
  const ProfileMatcher& m_;
  std::vector<ProfilePreviewFile>& out_;
};

}  // namespace

Result<std::vector<ProfilePreviewFile>> PreviewSource(Env* env, const std::string& source,
                                                      const ProfileMatcher& matcher) {
  auto info = env->Stat(source);
  if (!info.ok()) {
    return Status::Invalid("cannot read " + source + ": " + info.status().message(),
                           "name the camera's folder (its mount point) or one of its files");
  }
  std::vector<ProfilePreviewFile> out;
  PreviewWalk walk(env, matcher, out);
  if (info->is_dir) {
    walk.Dir(source, "", 0);
  } else {
    ProfilePreviewFile f;
    f.path = BaseName(source);
    if (matcher.IsMedia(f.path)) {
      walk.Media(f);
      out.push_back(f);
    } else {
      out.push_back(Skipped(f.path, "not a media file"));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ProfilePreviewFile& a, const ProfilePreviewFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace custodia
