// The subcommands. Each lives in cmd_<name>.cc and exposes Setup<Name>, which
// declares its options (with examples in its help) and a callback that calls
// the library and sets ctx.exit_code. No domain logic in the CLI.
#ifndef CUSTODIA_CLI_COMMANDS_H_
#define CUSTODIA_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include "context.h"

namespace custodia::cli {

void SetupCommands(CLI::App& app, Context& ctx);

void SetupInit(CLI::App& app, Context& ctx);
void SetupOffload(CLI::App& app, Context& ctx);
void SetupClips(CLI::App& app, Context& ctx);
void SetupShow(CLI::App& app, Context& ctx);
void SetupVerify(CLI::App& app, Context& ctx);
void SetupVerifyFile(CLI::App& app, Context& ctx);
void SetupExport(CLI::App& app, Context& ctx);
void SetupBundle(CLI::App& app, Context& ctx);  // bundle verify
void SetupKeys(CLI::App& app, Context& ctx);
void SetupLog(CLI::App& app, Context& ctx);  // log show | proof | checkpoint | verify
void SetupFsck(CLI::App& app, Context& ctx);  // fsck and reindex
void SetupImport(CLI::App& app, Context& ctx);
void SetupRoster(CLI::App& app, Context& ctx);
void SetupLink(CLI::App& app, Context& ctx);  // link and unlink
void SetupAmend(CLI::App& app, Context& ctx);
void SetupAttentions(CLI::App& app, Context& ctx);
void SetupReport(CLI::App& app, Context& ctx);
void SetupProfiles(CLI::App& app, Context& ctx);
void SetupCompletion(CLI::App& app, Context& ctx);
void SetupMan(CLI::App& app, Context& ctx);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_COMMANDS_H_
