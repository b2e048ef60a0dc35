// custodia offload: copy a docked camera into the vault (SPEC §8).
#include <cstdio>

#include "commands.h"
#include "custodia/offload.h"
#include "output.h"
#include "progress.h"

namespace custodia::cli {

namespace {
struct OffloadCli {
  std::vector<std::string> sources;
  std::string device, officer, profile = "generic", progress = "auto", margin = "10m";
  int jobs = 0;
  bool wipe = false, no_link = false;
};

void PrintSummary(const OffloadSummary& s) {
  std::printf("offload %s: %llu files: %llu ingested, %llu duplicate, %llu flagged, %llu failed, %llu skipped, "
              "%llu wiped\n",
              s.offload_id.c_str(), (unsigned long long)s.files, (unsigned long long)s.ingested,
              (unsigned long long)s.duplicates, (unsigned long long)s.flagged, (unsigned long long)s.failed,
              (unsigned long long)s.skipped, (unsigned long long)s.wiped);
  std::printf("  %s read in %.1f s (%.1f MB/s); %llu new links to attentions\n", HumanBytes(s.bytes).c_str(),
              s.seconds, s.mb_per_s, (unsigned long long)s.links);
  if (!s.receipt.empty()) std::printf("  receipt %s\n", s.receipt.c_str());
  for (const auto& f : s.file_list) {
    if (f.outcome == "failed") std::printf("  FAILED %s: %s\n", f.path.c_str(), f.error.c_str());
    else if (f.outcome == "flagged") std::printf("  flagged %s: stored bit-exact, media %s\n", f.path.c_str(), f.media_status.c_str());
    else if (!f.error.empty() && f.outcome != "skipped") std::printf("  note %s: %s\n", f.path.c_str(), f.error.c_str());
  }
  if (s.interrupted) std::printf("  interrupted: run the same command again to finish\n");
}

void RunOffload(Context& ctx, const OffloadCli& o) {
  InstallInterruptHandlers();
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto margin = ParseDurationMs(o.margin);
  if (!margin.ok()) {
    ctx.exit_code = ReportError(margin.status().Prefixed("--margin"));
    return;
  }
  OffloadOptions opts;
  opts.sources = o.sources;
  opts.device = o.device;
  opts.officer = o.officer;
  opts.profile = o.profile;
  opts.jobs = o.jobs;
  opts.wipe = o.wipe;
  opts.auto_link = !o.no_link;
  opts.link_margin_ms = *margin;
  opts.cancel = &InterruptFlag();
  std::string mode = ctx.global.quiet && o.progress == "auto" ? "none" : ResolveProgressMode(o.progress);
  auto observer = MakeOffloadObserver(mode);
  auto sum = Offload(**st, opts, observer.get());
  if (!sum.ok()) {
    ctx.exit_code = ReportError(sum.status());
    return;
  }
  if (mode != "ndjson") {
    if (ctx.global.json) PrintJson(sum->ToJson());
    else if (!ctx.global.quiet) PrintSummary(*sum);
  }
  if (!sum->error.ok()) ReportError(sum->error);
  ctx.exit_code = sum->exit_code;
}
}  // namespace

void SetupOffload(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<OffloadCli>();
  auto* cmd = app.add_subcommand("offload", "Copy a docked camera's clips into the vault (hash, sign, probe, log, index)");
  cmd->add_option("sources", o->sources, "Camera folders (mount points) or files")->required()->type_name("SRC");
  cmd->add_option("--device", o->device, "The camera's serial number (else from the profile)");
  cmd->add_option("--officer", o->officer, "The officer who wore the camera (else from the profile or the roster)");
  cmd->add_option("--profile", o->profile, "Device profile: generic, axis or a VAULT/profiles/*.json name");
  cmd->add_option("--jobs", o->jobs, "Clips copied at once (default: two per source filesystem, at most 4)")
      ->check(CLI::Range(0, 64));
  cmd->add_flag("--wipe", o->wipe,
                "Delete each source file once its copy is durable, read back, verified, signed, logged and indexed");
  cmd->add_option("--progress", o->progress, "auto (bar on a terminal, else plain), bar, plain, ndjson, none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "ndjson", "none"}));
  cmd->add_flag("--no-link", o->no_link, "Do not auto-link the new clips to attentions");
  cmd->add_option("--margin", o->margin, "Auto-link margin around attentions (default 10m)");
  cmd->footer(
      "Examples:\n"
      "  custodia offload /media/cam01 --device CAM-01\n"
      "  custodia offload /media/cam01 --profile axis --wipe --progress=ndjson\n"
      "Exit: 0 every file ingested, duplicate or flagged; 3 some failed or interrupted; 4 nothing could be done.");
  cmd->callback([&ctx, o] { RunOffload(ctx, *o); });
}

}  // namespace custodia::cli
