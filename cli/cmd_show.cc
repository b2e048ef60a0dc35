// custodia show CLIP|ATTENTION: one record in full. Showing a clip is logged.
#include <cstdio>

#include "commands.h"
#include "output.h"
#include "resolve.h"
#include "show.h"

namespace custodia::cli {

namespace {

struct ShowCli {
  std::string what;
  std::string reason;
  bool read_data = false;
};

void PrintClip(const Station& st, const ClipView& v) {
  const ClipRecord& c = v.clip;
  const TimeZone& tz = st.tz();
  std::printf("clip %s\n", c.sha256.c_str());
  std::printf("  status     %s%s\n", c.status.c_str(), c.problems.empty() ? "" : (" — " + c.problems[0]).c_str());
  for (size_t i = 1; i < c.problems.size(); ++i) std::printf("             %s\n", c.problems[i].c_str());
  std::printf("  size       %llu bytes (%s)\n", (unsigned long long)c.size, HumanBytes(c.size).c_str());
  std::printf("  recorded   %s → %s %s (from %s)\n", tz.FormatTable(c.start).c_str(), tz.FormatTable(c.end).c_str(),
              tz.name().c_str(), c.recorded_source.c_str());
  std::printf("  duration   %s\n", HumanDuration(c.duration_ms).c_str());
  std::printf("  device     %s\n", c.device.empty() ? "-" : c.device.c_str());
  std::printf("  officer    %s (%s)\n", c.officer.empty() ? "-" : c.officer.c_str(), c.officer_source.c_str());
  std::printf("  original   %s\n", c.original_path.c_str());
  std::printf("  ingested   %s (offload %s, custody entry %llu)\n", tz.FormatTable(c.ingested_at).c_str(),
              c.offload_id.c_str(), (unsigned long long)c.seq);
  std::printf("  container  %s\n", c.container.c_str());
  if (v.manifest.contains("media") && v.manifest["media"].contains("streams")) {
    for (const auto& s : v.manifest["media"]["streams"]) {
      std::string type = s.value("type", "?");
      if (type == "video") {
        std::printf("  stream %d   video %s %dx%d %s fps\n", s.value("index", 0), s.value("codec", "?").c_str(),
                    s.value("width", 0), s.value("height", 0), s.value("frame_rate", "?").c_str());
      } else if (type == "audio") {
        std::printf("  stream %d   audio %s %d Hz %d ch\n", s.value("index", 0), s.value("codec", "?").c_str(),
                    s.value("sample_rate", 0), s.value("channels", 0));
      } else {
        std::printf("  stream %d   %s %s\n", s.value("index", 0), type.c_str(), s.value("codec", "").c_str());
      }
    }
  }
  for (const auto& sc : c.sidecars) {
    std::printf("  sidecar    %s %s\n", sc.value("name", "").c_str(), sc.value("sha256", "").substr(0, 12).c_str());
  }
  std::printf("  manifest   %s\n", v.manifest_status.c_str());
  std::printf("  signature  %s\n", v.signature_status.c_str());
  if (v.links.empty()) std::printf("  linked to  (no attention)\n");
  for (const auto& l : v.links) {
    std::printf("  linked to  %s (%s%s, by %s, %s)\n", l.attention.c_str(), l.method.c_str(),
                l.method == "auto" ? "" : (": " + l.reason).c_str(), l.actor.c_str(), tz.FormatTable(l.time).c_str());
  }
  std::printf("  custody    %zu entries (custodia log show --clip %s)\n", v.custody.size(), c.sha256.substr(0, 12).c_str());
  for (const auto& e : v.custody) {
    std::printf("    #%-6llu %s  %-10s %s\n", (unsigned long long)e.seq, tz.FormatTable(e.time).c_str(), e.action.c_str(),
                e.actor.c_str());
  }
}

void RunShow(Context& ctx, const ShowCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto index = (*st)->OpenIndexReadOnly();
  if (!index.ok()) {
    ctx.exit_code = ReportError(index.status());
    return;
  }
  // An exact attention id wins; clip:X / att:X force the kind.
  std::string text = o.what;
  bool force_clip = text.rfind("clip:", 0) == 0, force_att = text.rfind("att:", 0) == 0;
  if (force_clip) text = text.substr(5);
  if (force_att) text = text.substr(4);
  if (!force_clip) {
    auto att = (*index)->GetAttention(text);
    if (att.ok() && att->has_value()) {
      ctx.exit_code = ShowAttention(ctx, **st, **index, **att);
      return;
    }
    if (force_att || !LooksLikeClipId(text)) {
      ctx.exit_code = ReportError(Status::NotFound("no attention \"" + text + "\" in the vault" +
                                                   (force_att ? "" : " (and it is not a clip id)"),
                                                   "list them with: custodia attentions / custodia clips"));
      return;
    }
  }
  auto id = ResolveClipId(**index, text);
  if (!id.ok()) {
    ctx.exit_code = ReportError(id.status());
    return;
  }
  auto view = LoadClipView(**st, **index, *id, o.read_data);
  if (!view.ok()) {
    ctx.exit_code = ReportError(view.status());
    return;
  }
  index->reset();
  // Showing a clip reveals its contents' description: it is logged.
  CustodyEntry e = (*st)->NewEntry("show");
  e.clips = {*id};
  if (!o.reason.empty()) e.reason = o.reason;
  e.details = Json{{"read_data", o.read_data}};
  auto committed = (*st)->Commit({e});
  if (!committed.ok()) {
    ctx.exit_code = ReportError(committed.status().Prefixed("cannot log the show"));
    return;
  }
  if (ctx.global.json) {
    PrintJson(view->ToJson());
  } else {
    PrintClip(**st, *view);
  }
  ctx.exit_code = view->problems ? 1 : 0;
}
}  // namespace

void SetupShow(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ShowCli>();
  auto* cmd = app.add_subcommand("show", "Show one clip (manifest, signatures, probe, links, custody) or attention");
  cmd->add_option("id", o->what, "Clip id (unique prefix of >= 8 hex digits) or attention id; clip:X / att:X force the kind")
      ->required();
  cmd->add_option("--reason", o->reason, "Why you are looking (recorded in the custody log)");
  cmd->add_flag("--read-data", o->read_data, "Also read the clip and verify its signature against the data");
  cmd->footer(
      "Examples:\n"
      "  custodia show 3f2a9c01\n"
      "  custodia show att:A-2026-000123\n"
      "  custodia show 3f2a9c01 --read-data --json\n"
      "Showing a clip is recorded in the custody log. Exit 1 if a signature check fails.");
  cmd->callback([&ctx, o] { RunShow(ctx, *o); });
}

}  // namespace custodia::cli
