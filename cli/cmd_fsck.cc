// custodia fsck [--repair] and custodia reindex.
#include <cstdio>

#include "commands.h"
#include "custodia/fsck.h"
#include "output.h"
#include "progress.h"

namespace custodia::cli {

namespace {
void RunFsck(Context& ctx, bool repair) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  FsckOptions opts;
  opts.repair = repair;
  auto report = Fsck(**st, opts);
  if (!report.ok()) {
    ctx.exit_code = ReportError(report.status());
    return;
  }
  if (ctx.global.json) {
    PrintJson(report->ToJson());
  } else {
    for (const auto& p : report->problems) {
      std::printf("%s %s: %s%s%s\n", p.repaired ? "REPAIRED" : "PROBLEM ", p.kind.c_str(),
                  p.path.empty() ? "" : (p.path + ": ").c_str(), p.message.c_str(),
                  p.repaired ? (" -> " + p.repair).c_str() : "");
    }
    std::printf("fsck: %llu objects, %llu clips, %llu manifests; %zu problems, %zu left%s\n",
                (unsigned long long)report->objects, (unsigned long long)report->clips,
                (unsigned long long)report->manifests, report->problems.size(), report->unrepaired(),
                !repair && report->unrepaired() ? " (run custodia fsck --repair to complete or quarantine leftovers)"
                                               : "");
  }
  ctx.exit_code = report->unrepaired() ? 1 : 0;
}

void RunReindex(Context& ctx) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  ProgressBar bar(stderr, true);
  bool show = !ctx.global.quiet && ResolveProgressMode("auto") == "bar";  // a terminal only
  auto report = (*st)->Reindex([&](uint64_t done, uint64_t total) {
    if (show) bar.Update(done, total, done, total, "custody entries");
  });
  bar.Finish();
  if (!report.ok()) {
    ctx.exit_code = ReportError(report.status());
    return;
  }
  if (ctx.global.json) {
    PrintJson(Json{{"schema", "custodia.reindex/1"}, {"entries", report->entries}, {"clips", report->clips},
                   {"attentions", report->attentions}, {"previous_applied", report->previous_applied}});
  } else if (!ctx.global.quiet) {
    std::printf("reindex: replayed %llu custody entries: %llu clips, %llu attentions (the old index had applied %llu)\n",
                (unsigned long long)report->entries, (unsigned long long)report->clips,
                (unsigned long long)report->attentions, (unsigned long long)report->previous_applied);
  }
}
}  // namespace

void SetupFsck(CLI::App& app, Context& ctx) {
  auto repair = std::make_shared<bool>(false);
  auto* fsck = app.add_subcommand("fsck", "Check the vault's files, index and log for leftovers and damage");
  fsck->add_flag("--repair", *repair,
                 "Complete what an interrupted command left (log and index a signed clip), move the rest to "
                 "quarantine/, fix modes. Never deletes an object or a log line");
  fsck->footer(
      "Examples:\n"
      "  custodia fsck\n"
      "  custodia fsck --repair --json\n"
      "Exit 0 when nothing is wrong (or everything was repaired), 1 otherwise. Content is checked by "
      "custodia verify --all --read-data; the log by custodia log verify.");
  fsck->callback([&ctx, repair] { RunFsck(ctx, *repair); });

  auto* reindex = app.add_subcommand("reindex", "Rebuild the index from the custody log and the vault's files");
  reindex->footer(
      "Examples:\n"
      "  custodia reindex\n"
      "The index is derived data: queries give the same answers after a reindex.");
  reindex->callback([&ctx] { RunReindex(ctx); });
}

}  // namespace custodia::cli
