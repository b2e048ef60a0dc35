// custodia bundle verify DIR [--pubkey FILE]: checks an export bundle with no
// vault at all (an auditor's machine). Every problem is listed; exit 0 only
// when everything holds, 1 otherwise, 2 if DIR or FILE cannot be used.
#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "custodia/bundle.h"
#include "output.h"
#include "progress.h"

namespace custodia::cli {

namespace {

struct BundleVerifyCli {
  std::string dir, pubkey, progress = "auto";
};

void RunBundleVerify(Context& ctx, const BundleVerifyCli& o) {
  BundleVerifyOptions opts;
  if (!o.pubkey.empty()) {
    auto text = ReadFileToString(Env::Default(), o.pubkey, 64 * 1024);
    if (!text.ok()) {
      ctx.exit_code = ReportError(Status::Invalid("--pubkey: " + text.status().message()));
      return;
    }
    auto pk = PublicKey::Parse(*text, o.pubkey);
    if (!pk.ok()) {
      ctx.exit_code = ReportError(Status::Invalid("--pubkey: " + pk.status().message(),
                                                  "give a minisign public key file (like keys/station.pub)"));
      return;
    }
    opts.pubkey = *pk;
    opts.pubkey_source = o.pubkey;
  }
  std::string mode = ctx.global.quiet || ctx.global.json ? "none" : ResolveProgressMode(o.progress);
  ProgressBar bar(stderr, mode == "bar");
  if (mode == "bar") {
    opts.progress = [&](uint64_t done, uint64_t total, const std::string& file) { bar.Update(done, total, 0, 0, file); };
  }
  auto report = VerifyBundle(o.dir, opts);
  bar.Finish();
  if (!report.ok()) {
    ctx.exit_code = ReportError(report.status());
    return;
  }
  const BundleReport& r = *report;
  if (ctx.global.json) {
    PrintJson(r.ToJson());
  } else {
    for (const auto& w : r.warnings) std::fprintf(stderr, "WARNING: %s\n", w.c_str());
    for (const auto& p : r.problems) {
      std::printf("PROBLEM  %s%s%s\n", p.file.c_str(), p.file.empty() ? "" : ": ", p.message.c_str());
    }
    if (!ctx.global.quiet || !r.ok()) {
      std::printf("%s: %llu files (%s): %llu clips, %llu sidecars, %llu manifests, %llu attentions, %llu custody "
                  "entries, %llu proofs",
                  r.ok() ? "bundle OK" : "bundle FAILED", (unsigned long long)r.files, HumanBytes(r.bytes).c_str(),
                  (unsigned long long)r.clips, (unsigned long long)r.sidecars, (unsigned long long)r.manifests,
                  (unsigned long long)r.attentions, (unsigned long long)r.entries, (unsigned long long)r.proofs);
      if (r.checkpoint) {
        std::printf("; checkpoint %s size %llu", r.checkpoint->origin.c_str(), (unsigned long long)r.checkpoint->size);
      }
      if (r.export_seq) std::printf("; export entry %llu", (unsigned long long)*r.export_seq);
      std::printf("\n  trusting %s\n", r.trust.c_str());
      if (!r.ok()) std::printf("%zu problem%s\n", r.problems.size(), r.problems.size() == 1 ? "" : "s");
    }
  }
  ctx.exit_code = r.ok() ? 0 : 1;
}

}  // namespace

void SetupBundle(CLI::App& app, Context& ctx) {
  auto* bundle = app.add_subcommand("bundle", "Export bundles (check one with: bundle verify DIR)");
  bundle->require_subcommand(1);
  bundle->footer(
      "Examples:\n"
      "  custodia export --attention ATT-2026-000042 --out /media/usb/ATT-2026-000042 --reason \"Fiscalia 123-2026\"\n"
      "  custodia bundle verify /media/usb/ATT-2026-000042 --pubkey miraflores-station.pub");
  auto o = std::make_shared<BundleVerifyCli>();
  auto* cmd = bundle->add_subcommand("verify", "Check an export bundle completely, with no vault");
  cmd->add_option("dir", o->dir, "The bundle directory")->required()->type_name("DIR");
  cmd->add_option("--pubkey", o->pubkey,
                  "The station's public key, obtained out of band (else the bundle's own station.pub, with a warning)")
      ->type_name("FILE");
  cmd->add_option("--progress", o->progress, "auto, bar, none")->check(CLI::IsMember({"auto", "bar", "plain", "none"}));
  cmd->footer(
      "Examples:\n"
      "  custodia bundle verify /media/usb/ATT-2026-000042 --pubkey miraflores-station.pub\n"
      "  custodia bundle verify bundle --json\n"
      "Checks SHA256SUMS and its signature, every clip signature against the clip's bytes, every manifest and\n"
      "its signature, the checkpoint's signatures, every inclusion proof, the custody entries and the attention\n"
      "records. The bundle is treated as hostile: no path leaves DIR, no symbolic link is followed.\n"
      "Exit 0 everything holds; 1 any problem (all are listed); 2 DIR or --pubkey unusable.");
  cmd->callback([&ctx, o] { RunBundleVerify(ctx, *o); });
}

}  // namespace custodia::cli
