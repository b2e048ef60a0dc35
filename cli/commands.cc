#include "commands.h"

namespace custodia::cli {

void SetupCommands(CLI::App& app, Context& ctx) {
  (void)ctx;
  app.require_subcommand(1);
}

}  // namespace custodia::cli
