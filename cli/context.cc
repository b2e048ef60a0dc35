#include "context.h"

#include <csignal>
#include <cstdio>

#include "custodia/env_fault.h"

namespace custodia::cli {

namespace {
std::atomic<bool> g_interrupted{false};

void OnSignal(int sig) {
  if (g_interrupted.exchange(true)) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}
}  // namespace

const std::atomic<bool>& InterruptFlag() { return g_interrupted; }

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

const char* ExitCodesHelp() {
  return "Exit codes: 0 ok; 1 verification failed / integrity problem / no match; 2 usage error, bad input, unknown "
         "or ambiguous id; 3 partly done (some files failed, rows skipped, interrupted); 4 I/O failure before any "
         "unit completed; 10 no vault, bad vault or unusable key; 11 vault locked past --wait.";
}

void SetupGlobal(CLI::App& app, Context& ctx) {
  auto& g = ctx.global;
  app.add_option("--vault", g.vault,
                 "Vault directory (else $CUSTODIA_VAULT, vault= in /etc/custodia/custodia.conf, "
                 "$XDG_DATA_HOME/custodia, ~/.local/share/custodia)")
      ->type_name("DIR");
  app.add_flag("--json", g.json, "JSON output (same as --format json)");
  app.add_option("--actor", g.actor,
                 "Who is acting, recorded in the custody log (else $CUSTODIA_ACTOR, $SUDO_USER, the OS user)")
      ->type_name("NAME");
  app.add_option("--wait", g.wait_seconds, "Seconds to wait for the vault lock before exiting with 11 (default 30)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("SECONDS");
  app.add_flag("-q,--quiet", g.quiet, "Print only errors");
  app.set_version_flag("--version", std::string("custodia ") + CUSTODIA_VERSION);
  app.footer(ExitCodesHelp());
}

StationOptions Context::StationOpts() const {
  StationOptions o;
  o.wait_seconds = global.wait_seconds;
  o.actor = global.actor;
  o.env = FaultEnvFromEnvironment();  // nullptr (the real file system) unless a test sets CUSTODIA_FAULT
  return o;
}

std::string Context::VaultPath() {
  auto loc = ResolveVaultLocation(global.vault);
  return loc.ok() ? loc->path : "";
}

Result<std::unique_ptr<Station>> Context::OpenStation() {
  ASSIGN_OR_RETURN(VaultLocation loc, ResolveVaultLocation(global.vault));
  auto st = Station::Open(loc.path, StationOpts());
  if (!st.ok() && loc.source != "--vault" && st.status().code() == Code::kVault) {
    return st.status().Prefixed("vault from " + loc.source);
  }
  return st;
}

int ReportError(const Status& s) {
  std::fprintf(stderr, "custodia: %s\n", s.message().c_str());
  if (!s.hint().empty()) std::fprintf(stderr, "  what to do: %s\n", s.hint().c_str());
  return s.ExitCode();
}

}  // namespace custodia::cli
