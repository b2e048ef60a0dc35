// What every subcommand shares: the global options, opening the vault, error
// reporting with the exit codes of SPEC §7, and the interrupt flag.
#ifndef CUSTODIA_CLI_CONTEXT_H_
#define CUSTODIA_CLI_CONTEXT_H_

#include <atomic>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "custodia/station.h"
#include "custodia/status.h"

namespace custodia::cli {

struct GlobalOptions {
  std::string vault;         // --vault
  bool json = false;         // --json
  std::string actor;         // --actor
  double wait_seconds = 30;  // --wait
  bool quiet = false;        // --quiet
};

struct Context {
  GlobalOptions global;
  int exit_code = 0;

  // Resolves the vault (flag, env, config, XDG) and opens it.
  Result<std::unique_ptr<Station>> OpenStation();
  std::string VaultPath();  // resolved path, or "" if it cannot be resolved
  StationOptions StationOpts() const;
};

void SetupGlobal(CLI::App& app, Context& ctx);

// Prints "custodia: <message>" and "  what to do: <hint>" to stderr; returns
// the exit code for the status.
int ReportError(const Status& s);

// Set by SIGINT/SIGTERM (installed by InstallInterruptHandlers); a second
// signal terminates at once.
const std::atomic<bool>& InterruptFlag();
void InstallInterruptHandlers();

// The exit-code table of SPEC §7, for --help footers.
const char* ExitCodesHelp();

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_CONTEXT_H_
