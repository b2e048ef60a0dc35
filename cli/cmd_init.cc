// custodia init: create a vault and its station key.
#include <cstdio>

#include "commands.h"
#include "output.h"

namespace custodia::cli {

namespace {
struct InitOptions {
  std::string station;
  std::string timezone = "America/Lima";
};

void RunInit(Context& ctx, const InitOptions& o) {
  auto loc = ResolveVaultLocation(ctx.global.vault);
  if (!loc.ok()) {
    ctx.exit_code = ReportError(loc.status());
    return;
  }
  custodia::InitOptions init;
  init.station = o.station;
  init.timezone = o.timezone;
  auto st = Station::Init(loc->path, init, ctx.StationOpts());
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  const Station& s = **st;
  if (ctx.global.json) {
    PrintJson(Json{{"schema", "custodia.init/1"},
                   {"vault", loc->path},
                   {"station", s.config().station},
                   {"origin", s.config().origin},
                   {"timezone", s.config().timezone},
                   {"key_id", s.public_key().IdString()},
                   {"public_key", s.public_key().Base64()}});
  } else if (!ctx.global.quiet) {
    std::printf("Created vault %s\n", loc->path.c_str());
    std::printf("  station    %s (log origin %s)\n", s.config().station.c_str(), s.config().origin.c_str());
    std::printf("  time zone  %s\n", s.config().timezone.c_str());
    std::printf("  key id     %s\n", s.public_key().IdString().c_str());
    std::printf("  public key %s\n", s.public_key().Base64().c_str());
    std::printf("Back up %s/keys/station.key (mode 0600) somewhere safe: it signs everything this station stores.\n",
                loc->path.c_str());
  }
}
}  // namespace

void SetupInit(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "Create a vault and its station signing key");
  cmd->add_option("--station", opts->station, "Station id, [A-Za-z0-9._-]{1,64} (default: the host name)");
  cmd->add_option("--timezone", opts->timezone, "IANA time zone for local times (default America/Lima)");
  cmd->footer(
      "Examples:\n"
      "  custodia --vault /srv/custodia init --station miraflores-m04\n"
      "  CUSTODIA_VAULT=/srv/custodia custodia init --timezone America/Lima");
  cmd->callback([&ctx, opts] { RunInit(ctx, *opts); });
}

}  // namespace custodia::cli
