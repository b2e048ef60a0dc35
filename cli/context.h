// What every subcommand shares: the global options and the outcome.
#ifndef CUSTODIA_CLI_CONTEXT_H_
#define CUSTODIA_CLI_CONTEXT_H_

#include <string>

#include <CLI/CLI.hpp>

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
};

void SetupGlobal(CLI::App& app, Context& ctx);

// Prints "custodia: <message>" and the hint to stderr; returns the exit code.
int ReportError(const Status& s);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_CONTEXT_H_
