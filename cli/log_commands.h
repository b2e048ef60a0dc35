// `custodia log …` (SPEC §5, §7): the options of each subcommand and the
// function that runs it. cmd_log.cc declares the options; log_show.cc,
// log_proof.cc and log_verify.cc run them.
#ifndef CUSTODIA_CLI_LOG_COMMANDS_H_
#define CUSTODIA_CLI_LOG_COMMANDS_H_

#include <string>
#include <vector>

#include "context.h"

namespace custodia::cli {

struct LogShowCli {
  std::string clip, attention, since, format = "table";
  size_t limit = 0;
};

struct LogProofCli {
  std::string seq, clip, from, to;  // numbers parsed by RunLogProof (exit 2 with a clear message)
};

struct LogVerifyCli {
  std::vector<std::string> checkpoints;
  std::string progress = "auto";
};

void RunLogShow(Context& ctx, const LogShowCli& o);
void RunLogProof(Context& ctx, const LogProofCli& o);
void RunLogCheckpoint(Context& ctx);
void RunLogVerify(Context& ctx, const LogVerifyCli& o);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_LOG_COMMANDS_H_
