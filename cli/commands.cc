#include "commands.h"

namespace custodia::cli {

void SetupCommands(CLI::App& app, Context& ctx) {
  SetupInit(app, ctx);
  SetupOffload(app, ctx);
  SetupClips(app, ctx);
  SetupShow(app, ctx);
  SetupImport(app, ctx);
  SetupRoster(app, ctx);
  SetupLink(app, ctx);
  SetupAmend(app, ctx);
  SetupAttentions(app, ctx);
  SetupReport(app, ctx);
  SetupVerify(app, ctx);
  SetupVerifyFile(app, ctx);
  SetupExport(app, ctx);
  SetupBundle(app, ctx);
  SetupLog(app, ctx);
  SetupKeys(app, ctx);
  SetupFsck(app, ctx);
  SetupProfiles(app, ctx);
  SetupCompletion(app, ctx);  // hidden
  SetupMan(app, ctx);         // hidden
  app.require_subcommand(1);
}

}  // namespace custodia::cli
