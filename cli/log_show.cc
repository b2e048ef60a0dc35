// custodia log show: custody entries by clip, attention and time (not logged).
#include "custodia/station_log.h"
#include "log_commands.h"
#include "log_render.h"
#include "output.h"
#include "resolve.h"

namespace custodia::cli {

namespace {

// The query from the options: the clip prefix resolved, the attention known.
Result<EntryQuery> BuildQuery(Station& st, const LogShowCli& o) {
  EntryQuery q;
  q.limit = o.limit;
  if (!o.since.empty()) {
    auto t = ParseTimeArg(o.since, st.tz());
    if (!t.ok()) return t.status().Prefixed("--since");
    q.since = *t;
  }
  if (o.clip.empty() && o.attention.empty()) return q;
  ASSIGN_OR_RETURN(auto index, st.OpenIndexReadOnly());
  if (!o.clip.empty()) {
    ASSIGN_OR_RETURN(q.clip, ResolveClipId(*index, o.clip));
  }
  if (!o.attention.empty()) {
    ASSIGN_OR_RETURN(auto att, index->GetAttention(o.attention));
    ASSIGN_OR_RETURN(auto logged, index->EntriesOfAttention(o.attention));
    if (!att && logged.empty()) {
      return Status::NotFound("--attention: no attention \"" + o.attention + "\" in the vault",
                              "list attentions with: custodia attentions");
    }
    q.attention = o.attention;
  }
  return q;
}

}  // namespace

void RunLogShow(Context& ctx, const LogShowCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  auto query = BuildQuery(**st, o);
  if (!query.ok()) {
    ctx.exit_code = ReportError(query.status());
    return;
  }
  auto entries = SelectEntries(**st, *query);
  if (!entries.ok()) {
    ctx.exit_code = ReportError(entries.status());
    return;
  }
  const Format f = EffectiveFormat(o.format, ctx.global.json);
  std::vector<Json> items;
  for (const LoggedEntry& e : *entries) {
    if (f == Format::kJson || f == Format::kNdjson) {
      items.push_back(Json::parse(e.line));  // exactly as logged
    } else {
      items.push_back(EntryRow(e.entry, f == Format::kCsv));
    }
  }
  PrintList(f, "custodia.log/1", items, f == Format::kCsv ? EntryCsvColumns() : EntryTableColumns(), (*st)->tz());
}

}  // namespace custodia::cli
