// custodia export (--attention ID | --clip ID…) --out DIR --reason R: an
// auditor's bundle, verifiable with minisign, sha256sum and python3.
#include <cstdio>

#include "commands.h"
#include "custodia/export.h"
#include "output.h"
#include "progress.h"
#include "resolve.h"

namespace custodia::cli {

namespace {

struct ExportCli {
  std::string attention;
  std::vector<std::string> clips;
  std::string out, reason, progress = "auto";
};

void RunExport(Context& ctx, const ExportCli& o) {
  InstallInterruptHandlers();
  if (o.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    ctx.exit_code = ReportError(Status::Invalid("--reason is mandatory: say why this bundle is made (it is logged)",
                                                "e.g. --reason \"Fiscalía: carpeta 123-2026\""));
    return;
  }
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  ExportOptions opts;
  opts.out = o.out;
  opts.reason = o.reason;
  opts.cancel = &InterruptFlag();
  if (!o.attention.empty()) opts.attention = o.attention;
  if (!o.clips.empty()) {
    auto ids = ResolveClipIds(**st, o.clips);
    if (!ids.ok()) {
      ctx.exit_code = ReportError(ids.status());
      return;
    }
    opts.clips = std::move(*ids);
  }
  std::string mode = ctx.global.quiet || ctx.global.json ? "none" : ResolveProgressMode(o.progress);
  ProgressBar bar(stderr, mode == "bar");
  opts.progress = MakeByteProgress(mode, bar);
  auto report = ExportBundle(**st, opts);
  bar.Finish();
  if (!report.ok()) {
    ctx.exit_code = ReportError(report.status());
    return;
  }
  const ExportReport& r = *report;
  if (ctx.global.json) {
    PrintJson(r.ToJson());
  } else if (!ctx.global.quiet) {
    std::printf("exported %zu clip%s (%llu sidecar%s), %zu attention%s, %llu custody entries to %s\n", r.clips.size(),
                r.clips.size() == 1 ? "" : "s", (unsigned long long)r.sidecars, r.sidecars == 1 ? "" : "s",
                r.attentions.size(), r.attentions.size() == 1 ? "" : "s", (unsigned long long)r.entries,
                r.out.c_str());
    std::printf("  %llu files, %s; logged as custody entry %llu, checkpoint size %llu\n",
                (unsigned long long)r.files, HumanBytes(r.bytes).c_str(), (unsigned long long)r.export_seq,
                (unsigned long long)r.tree_size);
    std::printf("  station key %s\n", (*st)->public_key().IdString().c_str());
    std::printf("check it with: custodia bundle verify %s --pubkey <station.pub obtained out of band>\n", r.out.c_str());
    std::printf("  or without custodia: see %s/VERIFY.md\n", r.out.c_str());
  }
  ctx.exit_code = 0;
}

}  // namespace

void SetupExport(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExportCli>();
  auto* cmd = app.add_subcommand("export", "Export an auditor's bundle: clips, manifests, custody proofs, VERIFY.md");
  auto* att = cmd->add_option("--attention", o->attention, "Everything about one attention: its record and linked clips")
                  ->type_name("ID");
  auto* clip = cmd->add_option("--clip", o->clips, "Clips to export (with the attentions they are linked to)")
                   ->type_name("ID");
  att->excludes(clip);
  clip->excludes(att);
  cmd->add_option("--out", o->out, "A new (or empty) directory for the bundle")->required()->type_name("DIR");
  cmd->add_option("--reason", o->reason, "Why the bundle is made (mandatory; logged)")->type_name("R");
  cmd->add_option("--progress", o->progress, "auto, bar, plain, ndjson, none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "ndjson", "none"}));
  cmd->footer(
      "Examples:\n"
      "  custodia export --attention ATT-2026-000042 --out /media/usb/ATT-2026-000042 --reason \"Fiscalía 123-2026\"\n"
      "  custodia export --clip 3f2a9c01 --clip 77be5520 --out bundle --reason \"defence expert request\"\n"
      "The export is logged first (with its reason), then the bundle is built against the checkpoint that covers\n"
      "it, in a hidden directory beside DIR that is renamed into place at the end. DIR must not exist or be empty.\n"
      "The bundle is checked with: custodia bundle verify DIR, or minisign + sha256sum + python3 (VERIFY.md).\n"
      "Exit 0 done; 2 usage error, unknown id, non-empty DIR, no reason; 1 a clip's stored files are damaged.");
  cmd->callback([&ctx, o] {
    if (o->attention.empty() && o->clips.empty()) {
      ctx.exit_code = ReportError(Status::Invalid("say what to export", "give --attention ID or --clip ID…"));
      return;
    }
    RunExport(ctx, *o);
  });
}

}  // namespace custodia::cli
