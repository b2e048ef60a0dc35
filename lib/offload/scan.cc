#include "offload/scan.h"

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace custodia {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Stem(std::string_view name) {
  size_t dot = name.rfind('.');
  return Lower(dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot));
}

bool Hidden(std::string_view name) { return !name.empty() && name[0] == '.'; }  // dotfiles and ._*

std::string Absolute(const std::string& path) {
  char* real = ::realpath(path.c_str(), nullptr);
  if (!real) return path;
  std::string out(real);
  ::free(real);
  return out;
}

struct Walker {
  Env* env;
  const ProfileMatcher& profile;
  ScanResult& out;

  void Dir(const std::string& root, const std::string& dir, const std::string& rel, int depth) {
    auto entries = env->ListDir(dir);
    if (!entries.ok()) {
      SourceFile f{dir, rel, root, {}};
      out.unreadable.push_back({f, entries.status().message()});
      return;
    }
    std::vector<SourceFile> media, sidecars;
    for (const auto& e : *entries) {
      if (Hidden(e.name)) continue;
      std::string path = JoinPath(dir, e.name);
      std::string r = rel.empty() ? e.name : rel + "/" + e.name;
      if (e.type == EntryType::kDirectory) {
        if (depth < 32) Dir(root, path, r, depth + 1);
        continue;
      }
      SourceFile f{path, r, root, {}};
      if (e.type == EntryType::kSymlink) {
        out.skipped.push_back(f);  // never followed
        continue;
      }
      auto info = env->Lstat(path);
      if (!info.ok()) {
        out.unreadable.push_back({f, info.status().message()});
        continue;
      }
      f.info = *info;
      if (!f.info.is_regular) {
        out.skipped.push_back(f);
      } else if (profile.IsMedia(e.name)) {
        media.push_back(f);
      } else if (profile.IsSidecar(e.name)) {
        sidecars.push_back(f);
      } else {
        out.skipped.push_back(f);
      }
    }
    // A sidecar belongs to the media file with the same stem (ignoring case)
    // in the same directory; an orphan sidecar is skipped.
    std::map<std::string, size_t> by_stem;
    for (auto& m : media) {
      by_stem.emplace(Stem(BaseName(m.path)), out.clips.size());
      out.clips.push_back(ClipItem{m, {}});
    }
    for (auto& s : sidecars) {
      auto it = by_stem.find(Stem(BaseName(s.path)));
      if (it == by_stem.end()) {
        out.skipped.push_back(s);
      } else {
        out.clips[it->second].sidecars.push_back(s);
      }
    }
  }
};

}  // namespace

Result<ScanResult> ScanSources(Env* env, const std::vector<std::string>& sources, const ProfileMatcher& profile) {
  if (sources.empty()) return Status::Invalid("no source given", "name the camera's folder: custodia offload /media/cam");
  ScanResult out;
  Walker w{env, profile, out};
  for (const auto& src : sources) {
    auto info = env->Stat(src);
    if (!info.ok()) {
      return Status::Invalid("source " + src + " cannot be read: " + info.status().message(),
                             "check the path and that the camera's storage is mounted");
    }
    std::string abs = Absolute(src);
    if (info->is_dir) {
      w.Dir(abs, abs, "", 0);
    } else if (info->is_regular) {
      SourceFile f{abs, BaseName(abs), DirName(abs), *info};
      if (profile.IsMedia(f.rel_path)) {
        out.clips.push_back(ClipItem{f, {}});
      } else {
        out.skipped.push_back(f);
      }
    } else {
      return Status::Invalid("source " + src + " is neither a directory nor a regular file");
    }
  }
  return out;
}

}  // namespace custodia
