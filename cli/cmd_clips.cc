// custodia clips: list clips by officer, device, time, status, attention.
#include "commands.h"
#include "custodia/query.h"
#include "output.h"

namespace custodia::cli {

namespace {
struct ClipsCli {
  std::string officer, device, from, to, status, attention, module, category, format = "table";
  std::optional<int64_t> zone;
  bool unlinked = false;
  size_t limit = 0;
};

std::vector<Column> ClipColumns() {
  return {{"CLIP", "sha256", Column::kShortId},       {"START", "start", Column::kTime},
          {"DURATION", "duration_ms", Column::kDuration}, {"DEVICE", "device"},
          {"OFFICER", "officer"},                        {"STATUS", "status"},
          {"SIZE", "size", Column::kBytes},             {"ORIGINAL", "original_name"}};
}

void RunClips(Context& ctx, const ClipsCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  ClipQuery q;
  q.officer = o.officer;
  q.device = o.device;
  q.status = o.status;
  q.attention = o.attention;
  q.zone = o.zone;
  if (!o.category.empty()) {  // id or Spanish label, any case, with or without accents
    auto category = NormalizeCategory(o.category);
    if (!category.ok()) {
      ctx.exit_code = ReportError(category.status().Prefixed("--category"));
      return;
    }
    q.category = *category;
  }
  q.unlinked = o.unlinked;
  q.limit = o.limit;
  for (auto [text, target, flag] : {std::tuple{&o.from, &q.from, "--from"}, std::tuple{&o.to, &q.to, "--to"}}) {
    if (text->empty()) continue;
    auto t = ParseTimeArg(*text, (*st)->tz());
    if (!t.ok()) {
      ctx.exit_code = ReportError(t.status().Prefixed(flag));
      return;
    }
    *target = *t;
  }
  auto index = (*st)->OpenIndexReadOnly();
  if (!index.ok()) {
    ctx.exit_code = ReportError(index.status());
    return;
  }
  if (!o.module.empty()) {
    auto module = ResolveModule(**index, o.module);
    if (!module.ok()) {
      ctx.exit_code = ReportError(module.status().Prefixed("--module"));
      return;
    }
    q.module = *module;
  }
  if (!q.attention.empty()) {
    auto att = (*index)->GetAttention(q.attention);
    if (!att.ok() || !*att) {
      ctx.exit_code = ReportError(att.ok() ? Status::NotFound("--attention: no attention \"" + q.attention +
                                                                   "\" in the vault",
                                                               "list attentions with: custodia attentions")
                                           : att.status());
      return;
    }
  }
  auto clips = FindClips(**index, q);
  if (!clips.ok()) {
    ctx.exit_code = ReportError(clips.status());
    return;
  }
  std::vector<Json> items;
  for (const auto& c : *clips) items.push_back(c.ToJson());
  PrintList(EffectiveFormat(o.format, ctx.global.json), "custodia.clips/1", items, ClipColumns(), (*st)->tz());
}
}  // namespace

void SetupClips(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ClipsCli>();
  auto* cmd = app.add_subcommand("clips", "List clips (filters combine with AND)");
  cmd->add_option("--officer", o->officer, "Worn by this officer");
  cmd->add_option("--device", o->device, "Recorded by this camera");
  cmd->add_option("--from", o->from, "Recording overlaps from this time (inclusive; local time or RFC 3339)");
  cmd->add_option("--to", o->to, "... up to this time (exclusive)");
  cmd->add_option("--status", o->status, "Media status")->check(CLI::IsMember({"ok", "truncated", "unreadable"}));
  cmd->add_option("--attention", o->attention, "Linked to this attention");
  cmd->add_option("--module", o->module, "Linked to an attention of this module (any case, with or without accents)");
  cmd->add_option("--zone", o->zone, "Linked to an attention in this zone");
  cmd->add_option("--category", o->category, "Linked to an attention of this category (id or Spanish label)");
  cmd->add_flag("--unlinked", o->unlinked, "Linked to no attention");
  cmd->add_option("--limit", o->limit, "At most this many clips");
  AddFormatOption(cmd, &o->format);
  cmd->footer(
      "Examples:\n"
      "  custodia clips --officer OF-1042 --from 2026-01-15 --to 2026-01-16\n"
      "  custodia clips --status truncated --format csv\n"
      "  custodia clips --attention A-2026-000123 --json\n"
      "Times: --from inclusive, --to exclusive; a bare date is local midnight in the vault's time zone.");
  cmd->callback([&ctx, o] { RunClips(ctx, *o); });
}

}  // namespace custodia::cli
