// custodia verify: check clips (files, signatures, and with --read-data
// every byte). Every problem is listed; exit 1 if any.
#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "custodia/verify.h"
#include "output.h"
#include "progress.h"
#include "resolve.h"

namespace custodia::cli {

namespace {
struct VerifyCli {
  std::vector<std::string> clips;
  bool all = false, read_data = false;
  std::string older_than, progress = "auto";
  size_t sample = 0;
  int jobs = 2;
};

void RunVerify(Context& ctx, const VerifyCli& o) {
  InstallInterruptHandlers();
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  VerifyOptions opts;
  opts.all = o.all;
  opts.read_data = o.read_data;
  opts.sample = o.sample;
  opts.jobs = o.jobs;
  opts.cancel = &InterruptFlag();
  if (!o.older_than.empty()) {
    auto d = ParseDurationMs(o.older_than);
    if (!d.ok()) {
      ctx.exit_code = ReportError(d.status().Prefixed("--older-than"));
      return;
    }
    opts.older_than_ms = *d;
  }
  if (o.clips.empty() && !o.all && opts.older_than_ms < 0 && !o.sample) {
    ctx.exit_code = ReportError(Status::Invalid("say which clips to verify",
                                                "name clips, or use --all, --older-than 30d or --sample N"));
    return;
  }
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
  auto report = VerifyClips(**st, opts);
  bar.Finish();
  if (!report.ok()) {
    ctx.exit_code = ReportError(report.status());
    return;
  }
  if (ctx.global.json) {
    PrintJson(report->ToJson());
  } else if (mode == "ndjson") {
    Json j = report->ToJson();
    j["event"] = "summary";
    EmitEvent(j);
  } else {
    for (const auto& p : report->problems) std::printf("FAILED %s: %s\n", p.clip.c_str(), p.what.c_str());
    if (!ctx.global.quiet || report->failed) {
      std::printf("verified %llu clips%s: %llu ok, %llu failed", (unsigned long long)report->checked,
                  o.read_data ? " (read every byte)" : " (files and signatures; --read-data reads every byte)",
                  (unsigned long long)report->ok, (unsigned long long)report->failed);
      if (o.read_data) {
        std::printf(", %s in %.1f s (%.0f MB/s)", HumanBytes(report->bytes).c_str(), report->seconds,
                    report->seconds > 0 ? double(report->bytes) / 1e6 / report->seconds : 0.0);
      }
      std::printf("\n");
    }
    if (report->interrupted) std::printf("interrupted before every clip was checked\n");
  }
  ctx.exit_code = report->failed ? 1 : report->interrupted ? 3 : 0;
}
}  // namespace

void SetupVerify(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<VerifyCli>();
  auto* cmd = app.add_subcommand("verify", "Check clips: files, signatures, and with --read-data every byte");
  cmd->add_option("clips", o->clips, "Clip ids (unique prefixes of >= 8 hex digits)");
  cmd->add_flag("--all", o->all, "Every clip in the vault");
  cmd->add_flag("--read-data", o->read_data, "Read every object back and check SHA-256 and the clip signature");
  cmd->add_option("--older-than", o->older_than, "Only clips not verified with --read-data within this (e.g. 30d)");
  cmd->add_option("--sample", o->sample, "A random sample of N clips");
  cmd->add_option("--jobs", o->jobs, "Clips checked at once (default 2)")->check(CLI::Range(1, 64));
  cmd->add_option("--progress", o->progress, "auto, bar, plain, ndjson, none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "ndjson", "none"}));
  cmd->footer(
      "Examples:\n"
      "  custodia verify --all --read-data\n"
      "  custodia verify 3f2a9c01 --read-data\n"
      "  custodia verify --older-than 30d --read-data\n"
      "Every problem is listed with its clip. Exit 0 all intact, 1 any problem, 3 interrupted.");
  cmd->callback([&ctx, o] { RunVerify(ctx, *o); });
}

}  // namespace custodia::cli
