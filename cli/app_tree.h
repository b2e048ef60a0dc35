// The command tree as data, read from the CLI11 App itself, so that the bash
// completion and the man page (cmd_completion.cc, cmd_man.cc) never drift
// from the options the binary really parses.
#ifndef CUSTODIA_CLI_APP_TREE_H_
#define CUSTODIA_CLI_APP_TREE_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace custodia::cli {

struct CliOption {
  std::vector<std::string> names;  // "-q", "--quiet"; a positional: its name ("sources")
  bool positional = false;
  bool required = false;
  bool takes_value = false;        // false: a flag
  bool repeats = false;            // several values (SRC…)
  std::string value_name;          // "DIR", "TEXT", "SECONDS"
  std::vector<std::string> choices;  // from an IsMember check: {auto,bar,…}
  std::string help;
  // How a shell completes the value: "dir", "file", "choices" or "any".
  std::string ValueKind() const;
};

struct CliCommand {
  std::string path;  // "" for the program, "profiles test"
  std::string name, description, footer;
  bool hidden = false;
  std::vector<CliOption> options;  // named options, then positionals, in declaration order
  std::vector<CliCommand> subcommands;
};

CliCommand DescribeApp(const CLI::App& app);
// Every command of the tree, depth first (the program itself excluded).
std::vector<const CliCommand*> AllCommands(const CliCommand& root, bool with_hidden);

// The exit-code table of SPEC §7 as (code, meaning) pairs, parsed from
// ExitCodesHelp() so that it is written down once.
std::vector<std::pair<std::string, std::string>> ExitCodeTable();

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_APP_TREE_H_
