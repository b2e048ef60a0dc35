// custodia log show | proof | checkpoint | verify: the custody log (SPEC §5).
#include "commands.h"
#include "log_commands.h"
#include "output.h"

namespace custodia::cli {

namespace {

void SetupLogShow(CLI::App& log, Context& ctx) {
  auto o = std::make_shared<LogShowCli>();
  auto* cmd = log.add_subcommand("show", "List custody entries (every action on the vault), oldest first");
  cmd->add_option("--clip", o->clip, "Only entries about this clip (unique prefix of >= 8 hex digits)");
  cmd->add_option("--attention", o->attention, "Only entries about this attention (exact id)");
  cmd->add_option("--since", o->since, "Only entries at or after this time (local time or RFC 3339)");
  cmd->add_option("--limit", o->limit, "At most N entries: the most recent N that match")->check(CLI::PositiveNumber);
  AddFormatOption(cmd, &o->format);
  cmd->footer(
      "Examples:\n"
      "  custodia log show --limit 20\n"
      "  custodia log show --clip 3f2a9c01\n"
      "  custodia log show --attention ATT-2026-000042 --format csv\n"
      "  custodia log show --since 2026-01-15 --json\n"
      "Filters combine with AND. JSON items are the entries exactly as logged (UTC); the table shows local time.\n"
      "Not logged (a listing). Exit 0 ok, 1 damaged log, 2 unknown clip or bad time, 10 no vault.");
  cmd->callback([&ctx, o] { RunLogShow(ctx, *o); });
}

void SetupLogProof(CLI::App& log, Context& ctx) {
  auto o = std::make_shared<LogProofCli>();
  auto* cmd = log.add_subcommand("proof", "Print a Merkle proof: inclusion of an entry, or consistency of two sizes");
  auto* seq = cmd->add_option("--seq", o->seq, "Prove that entry N is in the latest checkpoint")->type_name("N");
  auto* clip = cmd->add_option("--clip", o->clip, "Prove the clip's ingest entry is in the latest checkpoint");
  auto* from = cmd->add_option("--from", o->from, "Prove the log of size OLD is a prefix of the log now")
                   ->type_name("OLD");
  auto* to = cmd->add_option("--to", o->to, "... of the log of size NEW (default: the latest checkpoint's size)")
                 ->type_name("NEW");
  seq->excludes(clip)->excludes(from);
  clip->excludes(from);
  to->needs(from);
  cmd->footer(
      "Examples:\n"
      "  custodia log proof --seq 42 > proof-42.json\n"
      "  custodia log proof --clip 3f2a9c01\n"
      "  custodia log proof --from 1200            # against the latest checkpoint\n"
      "  custodia log proof --from 1200 --to 1500\n"
      "Inclusion: {\"leaf_index\",\"tree_size\",\"leaf_hash\",\"hashes\",\"checkpoint\"}; consistency:\n"
      "{\"old_size\",\"new_size\",\"hashes\"} (doc/formats/custody-log.md). Every proof is checked before it is\n"
      "printed. Exit 0 ok, 1 damaged log, 2 entry or size out of range, unknown clip, 10 no vault.");
  cmd->callback([&ctx, o] { RunLogProof(ctx, *o); });
}

void SetupLogCheckpoint(CLI::App& log, Context& ctx) {
  auto* cmd = log.add_subcommand("checkpoint", "Print the latest signed checkpoint, to publish (print, mail, post)");
  cmd->footer(
      "Examples:\n"
      "  custodia log checkpoint > published/$(date +%F).checkpoint\n"
      "  custodia log checkpoint --json\n"
      "The text is printed exactly as stored (C2SP signed note). Keep copies outside the vault: `custodia log\n"
      "verify --checkpoint FILE` catches a log rolled back or rewritten since.\n"
      "Exit 0 ok, 1 bad signature, 10 no vault.");
  cmd->callback([&ctx] { RunLogCheckpoint(ctx); });
}

void SetupLogVerify(CLI::App& log, Context& ctx) {
  auto o = std::make_shared<LogVerifyCli>();
  auto* cmd = log.add_subcommand("verify", "Check every entry, the Merkle tree, every checkpoint and the index");
  cmd->add_option("--checkpoint", o->checkpoints, "A checkpoint kept outside the vault (repeatable)")
      ->type_name("FILE");
  cmd->add_option("--progress", o->progress, "auto, bar, plain, none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}));
  cmd->footer(
      "Examples:\n"
      "  custodia log verify\n"
      "  custodia log verify --checkpoint published/2026-01-15.checkpoint --checkpoint mailed.txt\n"
      "Checks with every key the station ever had (keys/*.pub). An edited, deleted, reordered or truncated\n"
      "log, or a log rolled back together with its checkpoints, is caught for certain only against a\n"
      "checkpoint published earlier (--checkpoint). Every problem names the entry. An intact run is logged\n"
      "(one `verify` entry) when the vault is writable; nothing is written on top of a log with problems.\n"
      "Exit 0 intact, 1 any problem, 2 unreadable --checkpoint file, 10 no vault.");
  cmd->callback([&ctx, o] { RunLogVerify(ctx, *o); });
}

}  // namespace

void SetupLog(CLI::App& app, Context& ctx) {
  auto* log = app.add_subcommand("log", "The custody log: signed, append-only record of every action");
  log->require_subcommand(1);
  log->footer(
      "Examples:\n"
      "  custodia log show --clip 3f2a9c01\n"
      "  custodia log proof --seq 42\n"
      "  custodia log checkpoint > published.checkpoint\n"
      "  custodia log verify --checkpoint published.checkpoint");
  SetupLogShow(*log, ctx);
  SetupLogProof(*log, ctx);
  SetupLogCheckpoint(*log, ctx);
  SetupLogVerify(*log, ctx);
}

}  // namespace custodia::cli
