// custodia report: attentions counted by category, module, zone, month or
// officer, with percentages (SPEC §7).
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "commands.h"
#include "custodia/report.h"
#include "output.h"

namespace custodia::cli {

namespace {

struct ReportCli {
  std::string by = "category", from, to, format = "table";
};

size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// As the municipality publishes it: "Fiscalización   3794   52.7 %".
void PrintTable(const Report& r, const char* title) {
  std::vector<std::array<std::string, 3>> lines;
  lines.push_back({title, "ATTENTIONS", "%"});
  for (const auto& row : r.rows) lines.push_back({row.label, std::to_string(row.count), row.percent + " %"});
  lines.push_back({"Total", std::to_string(r.total), r.total ? "100.0 %" : "-"});
  size_t w0 = 0, w1 = 0, w2 = 0;
  for (const auto& l : lines) {
    w0 = std::max(w0, Width(l[0]));
    w1 = std::max(w1, Width(l[1]));
    w2 = std::max(w2, Width(l[2]));
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    if (i + 1 == lines.size()) std::printf("%s\n", std::string(w0 + w1 + w2 + 4, '-').c_str());
    std::printf("%s%s  %s%s  %s%s\n", l[0].c_str(), std::string(w0 - Width(l[0]), ' ').c_str(),
                std::string(w1 - Width(l[1]), ' ').c_str(), l[1].c_str(), std::string(w2 - Width(l[2]), ' ').c_str(),
                l[2].c_str());
  }
}

void RunReport(Context& ctx, const ReportCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  const TimeZone& tz = (*st)->tz();
  ReportQuery q;
  auto by = ParseReportBy(o.by);
  if (!by.ok()) {
    ctx.exit_code = ReportError(by.status());
    return;
  }
  q.by = *by;
  for (auto [text, target, flag] : {std::tuple{&o.from, &q.from, "--from"}, std::tuple{&o.to, &q.to, "--to"}}) {
    if (text->empty()) continue;
    auto t = ParseTimeArg(*text, tz);
    if (!t.ok()) {
      ctx.exit_code = ReportError(t.status().Prefixed(flag));
      return;
    }
    *target = *t;
  }
  Report report;
  report.by = q.by;
  auto index = (*st)->OpenIndexReadOnly();
  if (!index.ok() && index.status().code() != Code::kNotFound) {
    ctx.exit_code = ReportError(index.status());
    return;
  }
  if (index.ok()) {
    auto r = BuildReport(**index, tz, q);
    if (!r.ok()) {
      ctx.exit_code = ReportError(r.status());
      return;
    }
    report = std::move(*r);
  }
  std::vector<Json> items;
  for (const auto& row : report.rows) items.push_back(row.ToJson());
  Format f = EffectiveFormat(o.format, ctx.global.json);
  if (f == Format::kJson) {
    PrintJson(Json{{"schema", "custodia.report/1"},
                   {"by", std::string(ReportByName(q.by))},
                   {"from", q.from > kTimeMin ? Json(FormatUtc(q.from)) : Json(nullptr)},
                   {"to", q.to < kTimeMax ? Json(FormatUtc(q.to)) : Json(nullptr)},
                   {"total", report.total},
                   {"items", items}});
    return;
  }
  if (f != Format::kTable) {
    PrintList(f, "custodia.report/1", items,
              {{"KEY", "key"}, {"LABEL", "label"}, {"COUNT", "count", Column::kInt}, {"PERCENT", "percent"}}, tz);
    return;
  }
  static const std::map<ReportBy, const char*> titles = {{ReportBy::kCategory, "CATEGORY"},
                                                         {ReportBy::kModule, "MODULE"},
                                                         {ReportBy::kZone, "ZONE"},
                                                         {ReportBy::kMonth, "MONTH"},
                                                         {ReportBy::kOfficer, "OFFICER"}};
  if (!o.from.empty() || !o.to.empty()) {
    std::printf("attentions opened %s%s%s%s (%s)\n", o.from.empty() ? "" : "from ", o.from.c_str(),
                o.to.empty() ? "" : " until ", o.to.c_str(), tz.name().c_str());
  }
  PrintTable(report, titles.at(q.by));
  if (q.by == ReportBy::kOfficer) {
    std::printf("(an attention with several officers counts for each; percentages are of all attentions)\n");
  }
}

}  // namespace

void SetupReport(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ReportCli>();
  auto* cmd = app.add_subcommand("report", "Count attentions by category, module, zone, month or officer");
  cmd->add_option("--by", o->by, "category (default), module, zone, month or officer")
      ->check(CLI::IsMember({"category", "module", "zone", "month", "officer"}));
  cmd->add_option("--from", o->from, "Attentions opened at or after this time (a date is local midnight)");
  cmd->add_option("--to", o->to, "... and before this time (exclusive)");
  AddFormatOption(cmd, &o->format);
  cmd->footer(
      "Examples:\n"
      "  custodia report\n"
      "  custodia report --by module --from 2025-11-01 --to 2026-03-01\n"
      "  custodia report --by month --json\n"
      "Rows: key, label, count, percent (of all attentions in the range, rounded half-up to one decimal), by count\n"
      "then key. Months are months in the vault's time zone.");
  cmd->callback([&ctx, o] { RunReport(ctx, *o); });
}

}  // namespace custodia::cli
