#include "context.h"

#include <cstdio>

namespace custodia::cli {

void SetupGlobal(CLI::App& app, Context& ctx) {
  auto& g = ctx.global;
  app.option_defaults()->always_capture_default();
  app.add_option("--vault", g.vault, "Vault directory (else $CUSTODIA_VAULT, /etc/custodia/custodia.conf, "
                                     "$XDG_DATA_HOME/custodia)");
  app.add_flag("--json", g.json, "Machine-readable JSON output (same as --format json)");
  app.add_option("--actor", g.actor, "Who is acting, recorded in the custody log (else $CUSTODIA_ACTOR, "
                                     "$SUDO_USER, the OS user)");
  app.add_option("--wait", g.wait_seconds, "Seconds to wait for the vault lock before exiting with 11")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("-q,--quiet", g.quiet, "Print only errors");
  app.set_version_flag("--version", std::string("custodia ") + CUSTODIA_VERSION);
}

int ReportError(const Status& s) {
  std::fprintf(stderr, "custodia: %s\n", s.message().c_str());
  if (!s.hint().empty()) std::fprintf(stderr, "  what to do: %s\n", s.hint().c_str());
  return s.ExitCode();
}

}  // namespace custodia::cli
