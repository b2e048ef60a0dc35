#include "offload/mounts.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace custodia {

namespace {
// mountinfo escapes spaces etc. as \040.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      int v = 0;
      bool ok = true;
      for (int k = 1; k <= 3; ++k) {
        char c = s[i + size_t(k)];
        if (c < '0' || c > '7') ok = false;
        v = v * 8 + (c - '0');
      }
      if (ok) {
        out.push_back(char(v));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

bool Under(const std::string& path, const std::string& mount) {
  if (mount == "/") return true;
  return path.compare(0, mount.size(), mount) == 0 && (path.size() == mount.size() || path[mount.size()] == '/');
}
}  // namespace

Json MountInfo::ToJson() const {
  auto v = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  return Json{{"mount_point", v(mount_point)}, {"device", v(device)}, {"fs_type", v(fs_type)},
              {"options", v(options)},         {"uuid", v(uuid)}};
}

MountInfo MountOf(const std::string& path) {
  MountInfo best;
  char* real = ::realpath(path.c_str(), nullptr);
  std::string p = real ? real : path;
  ::free(real);
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::vector<std::string> f;
    std::string tok;
    while (ss >> tok) f.push_back(tok);
    size_t dash = 0;
    for (size_t i = 6; i < f.size(); ++i) {
      if (f[i] == "-") {
        dash = i;
        break;
      }
    }
    if (f.size() < 10 || dash == 0 || dash + 2 >= f.size()) continue;
    std::string mp = Unescape(f[4]);
    if (!Under(p, mp) || mp.size() < best.mount_point.size()) continue;
    best.mount_point = mp;
    best.options = f[5];
    best.fs_type = f[dash + 1];
    best.device = Unescape(f[dash + 2]);
  }
  best.uuid.clear();
  if (!best.device.empty() && best.device[0] == '/') {
    std::error_code ec;
    auto dev = std::filesystem::canonical(best.device, ec);
    if (!ec) {
      for (auto& e : std::filesystem::directory_iterator("/dev/disk/by-uuid", ec)) {
        std::error_code ec2;
        if (std::filesystem::canonical(e.path(), ec2) == dev && !ec2) {
          best.uuid = e.path().filename().string();
          break;
        }
      }
    }
  }
  return best;
}

}  // namespace custodia
