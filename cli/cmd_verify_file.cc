// custodia verify-file FILE…: is this exact file in the vault? (by SHA-256:
// a clip copied out of an export bundle is found too, with its attentions)
#include <cstdio>

#include "commands.h"
#include "custodia/attention.h"
#include "custodia/verify.h"
#include "output.h"

namespace custodia::cli {

namespace {
void RunVerifyFile(Context& ctx, const std::vector<std::string>& files) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto matches = MatchFiles(**st, files);
  if (!matches.ok()) {
    ctx.exit_code = ReportError(matches.status());
    return;
  }
  bool all_found = true;
  Json items = Json::array();
  const TimeZone& tz = (*st)->tz();
  for (const auto& m : *matches) {
    all_found = all_found && m.found;
    items.push_back(m.ToJson());
    if (ctx.global.json) continue;
    if (!m.found) {
      std::printf("NOT IN VAULT  %s  (sha256 %s, %llu bytes)\n", m.path.c_str(), m.sha256.c_str(),
                  (unsigned long long)m.size);
      if (m.name_mismatch()) {
        std::printf("  named as the bundle copy of clip %s, but its bytes are not that clip's: altered or damaged\n",
                    m.named_clips[0].c_str());
      }
      continue;
    }
    const ClipRecord& c = *m.clip;
    std::printf("IN VAULT      %s\n", m.path.c_str());
    std::printf(m.is_sidecar ? "  sidecar of clip %s\n" : "  clip        %s\n", c.sha256.c_str());
    std::printf("  recorded    %s (%s), device %s, officer %s\n", tz.FormatTable(c.start).c_str(), tz.name().c_str(),
                c.device.empty() ? "-" : c.device.c_str(), c.officer.empty() ? "-" : c.officer.c_str());
    std::printf("  ingested    %s by station %s (offload %s)\n", tz.FormatTable(c.ingested_at).c_str(),
                (*st)->config().station.c_str(), c.offload_id.c_str());
    std::printf("  original    %s\n", c.original_path.c_str());
    if (m.name_mismatch()) {
      std::printf("  note        named as clip %s (a bundle name), but it is clip %s: renamed\n",
                  m.named_clips[0].c_str(), c.sha256.c_str());
    }
    if (m.attentions.empty()) std::printf("  attentions  none linked\n");
    for (const auto& l : m.attentions) {
      const AttentionState* a = nullptr;
      for (const auto& r : m.attention_records) {
        if (r.record.id == l.attention) a = &r;
      }
      if (!a) {
        std::printf("  attention   %s (%s link)\n", l.attention.c_str(), l.method.c_str());
        continue;
      }
      std::printf("  attention   %s (%s link): %s, opened %s, module %s zone %lld\n", l.attention.c_str(),
                  l.method.c_str(), CategoryLabel(a->record.category).c_str(),
                  tz.FormatTable(a->record.opened_at).c_str(), a->record.module.c_str(), (long long)a->record.zone);
    }
  }
  if (ctx.global.json) PrintJson(Json{{"schema", "custodia.verify-file/1"}, {"items", items}});
  ctx.exit_code = all_found ? 0 : 1;
}
}  // namespace

void SetupVerifyFile(CLI::App& app, Context& ctx) {
  auto files = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand("verify-file", "Is this exact file in the vault? Which clip, when, which attentions");
  cmd->add_option("files", *files, "Files to look up (a clip, a sidecar, a clip from an export bundle)")->required();
  cmd->footer(
      "Examples:\n"
      "  custodia verify-file /media/usb/CLIP0001.MP4\n"
      "  custodia verify-file bundle/clips/*.mp4 --json\n"
      "Exit 0 if every file is in the vault, 1 if any is not.");
  cmd->callback([&ctx, files] { RunVerifyFile(ctx, *files); });
}

}  // namespace custodia::cli
