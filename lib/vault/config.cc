// VAULT.json, the station id rule, and where the vault is (SPEC §2).
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "custodia/vault.h"

namespace custodia {

bool IsValidStationId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

Json VaultConfig::ToJson() const {
  return Json{{"format", format},
              {"station", station},
              {"origin", origin},
              {"created", FormatUtc(created)},
              {"timezone", timezone}};
}

Result<VaultConfig> VaultConfig::FromJson(const Json& j, std::string_view where) {
  VaultConfig c;
  ASSIGN_OR_RETURN(int64_t format, GetInt(j, "format", where));
  if (format > kVaultFormat) {
    return Status::Vault(std::string(where) + ": vault format " + std::to_string(format) +
                             " is newer than this custodia understands (" + std::to_string(kVaultFormat) + ")",
                         "upgrade custodia to open this vault");
  }
  if (format < 1) return Status::Vault(std::string(where) + ": invalid vault format " + std::to_string(format));
  c.format = int(format);
  ASSIGN_OR_RETURN(c.station, GetString(j, "station", where));
  ASSIGN_OR_RETURN(c.origin, GetString(j, "origin", where));
  ASSIGN_OR_RETURN(std::string created, GetString(j, "created", where));
  ASSIGN_OR_RETURN(c.created, ParseUtc(created));
  ASSIGN_OR_RETURN(c.timezone, GetString(j, "timezone", where));
  if (!IsValidStationId(c.station)) return Status::Vault(std::string(where) + ": invalid station id \"" + c.station + "\"");
  if (c.origin != "custodia/" + c.station) {
    return Status::Vault(std::string(where) + ": origin \"" + c.origin + "\" does not match station \"" + c.station + "\"");
  }
  return c;
}

namespace {
std::string ConfVault(std::string* source) {
  const char* conf_env = std::getenv("CUSTODIA_CONF");
  std::string conf = conf_env && *conf_env ? conf_env : "/etc/custodia/custodia.conf";
  std::ifstream in(conf);
  std::string line;
  while (std::getline(in, line)) {
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    if (line.compare(start, 6, "vault=") == 0 || line.compare(start, 6, "vault ") == 0) {
      std::string v = line.substr(line.find('=', start) + 1);
      size_t b = v.find_first_not_of(" \t\"");
      size_t e = v.find_last_not_of(" \t\"\r");
      if (b == std::string::npos) continue;
      *source = conf;
      return v.substr(b, e - b + 1);
    }
  }
  return "";
}
}  // namespace

Result<VaultLocation> ResolveVaultLocation(const std::string& flag) {
  if (!flag.empty()) return VaultLocation{flag, "--vault"};
  if (const char* v = std::getenv("CUSTODIA_VAULT"); v && *v) return VaultLocation{v, "CUSTODIA_VAULT"};
  std::string source;
  std::string conf = ConfVault(&source);
  if (!conf.empty()) return VaultLocation{conf, source};
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) {
    return VaultLocation{JoinPath(x, "custodia"), "XDG_DATA_HOME"};
  }
  const char* home = std::getenv("HOME");
  std::string h = home && *home ? home : "";
  if (h.empty()) {
    if (struct passwd* pw = ::getpwuid(::getuid())) h = pw->pw_dir;
  }
  if (h.empty()) {
    return Status::Vault("cannot tell where the vault is: no --vault, CUSTODIA_VAULT, config file or home directory",
                         "pass --vault DIR");
  }
  return VaultLocation{JoinPath(h, ".local/share/custodia"), "default"};
}

Result<VaultConfig> ReadVaultConfig(Env* env, const VaultLayout& layout) {
  std::string path = layout.VaultJson();
  if (!env->Exists(path)) {
    if (!env->Exists(layout.root())) {
      return Status::Vault("no vault at " + layout.root() + " (the directory does not exist)",
                           "create one with: custodia --vault " + layout.root() +
                               " init, or point --vault / CUSTODIA_VAULT at an existing vault");
    }
    return Status::Vault("no vault at " + layout.root() + " (no VAULT.json)",
                         "create one with: custodia --vault " + layout.root() +
                             " init, or point --vault / CUSTODIA_VAULT at an existing vault");
  }
  auto text = ReadFileToString(env, path, 64 * 1024);
  if (!text.ok()) return Status::Vault("cannot read " + path + ": " + text.status().message());
  auto j = ParseJson(*text, path);
  if (!j.ok()) return Status::Vault(j.status().message(), "VAULT.json is damaged: restore it from a backup");
  return VaultConfig::FromJson(*j, path);
}

std::string DefaultStationId() {
  char host[256] = {0};
  if (::gethostname(host, sizeof host - 1) != 0 || !host[0]) return "station";
  std::string id;
  for (char* p = host; *p && id.size() < 64; ++p) {
    char c = *p;
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    id.push_back(ok ? c : '-');
  }
  return id.empty() ? "station" : id;
}

std::string CurrentOsUser() {
  if (struct passwd* pw = ::getpwuid(::getuid())) return pw->pw_name;
  return "uid" + std::to_string(::getuid());
}

}  // namespace custodia
