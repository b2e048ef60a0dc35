// custodia: the command-line entry point. Declares the global options and
// every subcommand (one file each, cmd_<name>.cc), parses, and maps the
// outcome to the exit codes of SPEC §7. No domain logic lives here.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "context.h"

int main(int argc, char** argv) {
  custodia::cli::Context ctx;
  CLI::App app{"custodia: evidence vault for body-worn cameras"};
  app.name("custodia");
  custodia::cli::SetupGlobal(app, ctx);
  // Global options (--json, --vault, --wait...) are accepted after the
  // subcommand too: `custodia clips --json`.
  app.fallthrough();
  custodia::cli::SetupCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's own exit codes are not ours: every parse error is a usage error (2).
    std::fprintf(stderr, "custodia: %s\n", e.what());
    std::fprintf(stderr, "  run 'custodia --help' or 'custodia <command> --help' for usage\n");
    return 2;
  }
  return ctx.exit_code;
}
