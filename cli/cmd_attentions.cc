// custodia attentions: list attention records (SPEC §7). Attentions match on
// opened_at in [--from, --to).
#include "commands.h"
#include "custodia/query.h"
#include "output.h"

namespace custodia::cli {

namespace {

struct AttentionsCli {
  std::string module, category, officer, from, to, format = "table";
  std::optional<int64_t> zone;
  bool with_clips = false, without_clips = false;
  size_t limit = 0;
};

std::vector<Column> AttentionColumns() {
  return {{"ID", "id"},           {"OPENED", "opened_at", Column::kTime}, {"CLOSED", "closed_at", Column::kTime},
          {"MODULE", "module"},   {"ZONE", "zone", Column::kInt},        {"CATEGORY", "category_label"},
          {"OFFICERS", "officers"}, {"CLIPS", "clips", Column::kInt}};
}

Json Item(const AttentionRow& row) {
  Json j = row.state.record.ToJson();
  j["category_label"] = CategoryLabel(row.state.record.category);
  j["version"] = row.state.version;
  j["clips"] = row.clips;
  return j;
}

// The query from the flags: category id or label, module as typed.
Result<AttentionQuery> BuildQuery(Index& index, const TimeZone& tz, const AttentionsCli& o) {
  AttentionQuery q;
  if (!o.category.empty()) {
    auto category = NormalizeCategory(o.category);
    if (!category.ok()) return category.status().Prefixed("--category");
    q.category = *category;
  }
  if (!o.module.empty()) {
    auto module = ResolveModule(index, o.module);
    if (!module.ok()) return module.status().Prefixed("--module");
    q.module = *module;
  }
  q.zone = o.zone;
  q.officer = o.officer;
  q.limit = o.limit;
  if (o.with_clips) q.clips = AttentionQuery::Clips::kWith;
  if (o.without_clips) q.clips = AttentionQuery::Clips::kWithout;
  if (!o.from.empty()) {
    auto t = ParseTimeArg(o.from, tz);
    if (!t.ok()) return t.status().Prefixed("--from");
    q.from = *t;
  }
  if (!o.to.empty()) {
    auto t = ParseTimeArg(o.to, tz);
    if (!t.ok()) return t.status().Prefixed("--to");
    q.to = *t;
  }
  return q;
}

void RunAttentions(Context& ctx, const AttentionsCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  std::vector<Json> items;
  auto index = (*st)->OpenIndexReadOnly();
  if (!index.ok() && index.status().code() != Code::kNotFound) {
    ctx.exit_code = ReportError(index.status());
    return;
  }
  if (index.ok()) {
    auto q = BuildQuery(**index, (*st)->tz(), o);
    if (!q.ok()) {
      ctx.exit_code = ReportError(q.status());
      return;
    }
    auto rows = FindAttentions(**index, *q);
    if (!rows.ok()) {
      ctx.exit_code = ReportError(rows.status());
      return;
    }
    for (const auto& r : *rows) items.push_back(Item(r));
  }
  PrintList(EffectiveFormat(o.format, ctx.global.json), "custodia.attentions/1", items, AttentionColumns(),
            (*st)->tz());
}

}  // namespace

void SetupAttentions(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AttentionsCli>();
  auto* cmd = app.add_subcommand("attentions", "List attention records (filters combine with AND)");
  cmd->add_option("--module", o->module, "Of this module (any case, with or without accents)");
  cmd->add_option("--zone", o->zone, "In this zone (a number)");
  cmd->add_option("--category", o->category, "Of this category (id or Spanish label)");
  cmd->add_option("--officer", o->officer, "With this officer");
  cmd->add_option("--from", o->from, "Opened at or after this time (local time or RFC 3339; a date is midnight)");
  cmd->add_option("--to", o->to, "... and before this time (exclusive)");
  auto* with = cmd->add_flag("--with-clips", o->with_clips, "Only attentions with linked clips");
  auto* without = cmd->add_flag("--without-clips", o->without_clips, "Only attentions with no linked clip");
  with->excludes(without);
  cmd->add_option("--limit", o->limit, "At most this many");
  AddFormatOption(cmd, &o->format);
  cmd->footer(
      "Examples:\n"
      "  custodia attentions --module \"Jorge Chavez\" --from 2026-01-01 --to 2026-02-01\n"
      "  custodia attentions --category \"seguridad ciudadana\" --without-clips --format csv\n"
      "  custodia attentions --officer SZ-04M01 --json\n"
      "Ordered by opened_at. Exit: 0 ok; 2 bad filter (unknown category or module, bad time).");
  cmd->callback([&ctx, o] { RunAttentions(ctx, *o); });
}

}  // namespace custodia::cli
