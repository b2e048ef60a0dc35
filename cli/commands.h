// The list of subcommands. Each lives in cmd_<name>.cc and exposes one
// Setup<Name>(CLI::App&, Context&) that declares its options and sets a
// callback calling its Run function.
#ifndef CUSTODIA_CLI_COMMANDS_H_
#define CUSTODIA_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "context.h"

namespace custodia::cli {

void SetupCommands(CLI::App& app, Context& ctx);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_COMMANDS_H_
