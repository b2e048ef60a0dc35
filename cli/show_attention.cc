// custodia show ATTENTION: the record, its revisions and its linked clips.
#include <cstdio>

#include "output.h"
#include "show.h"

namespace custodia::cli {

int ShowAttention(Context& ctx, Station& st, Index& index, const AttentionState& att) {
  auto links = index.LinksOfAttention(att.record.id);
  auto versions = index.AttentionVersions(att.record.id);
  if (!links.ok()) return ReportError(links.status());
  if (!versions.ok()) return ReportError(versions.status());
  if (ctx.global.json) {
    Json l = Json::array();
    for (const auto& x : *links) l.push_back(x.ToJson());
    Json v = Json::array();
    for (const auto& x : *versions) v.push_back(x.ToJson());
    PrintJson(Json{{"schema", "custodia.show/1"}, {"kind", "attention"}, {"attention", att.ToJson()},
                   {"revisions", v}, {"links", l}});
    return 0;
  }
  const Attention& a = att.record;
  const TimeZone& tz = st.tz();
  std::printf("attention %s (version %lld)\n", a.id.c_str(), (long long)att.version);
  std::printf("  module     %s (zone %lld)\n", a.module.c_str(), (long long)a.zone);
  std::printf("  category   %s / %s\n", CategoryLabel(a.category).c_str(), a.subcategory.c_str());
  std::printf("  opened     %s\n  closed     %s\n", tz.FormatTable(a.opened_at).c_str(), tz.FormatTable(a.closed_at).c_str());
  std::string officers, agencies;
  for (const auto& o : a.officers) officers += (officers.empty() ? "" : ", ") + o;
  for (const auto& o : a.agencies) agencies += (agencies.empty() ? "" : ", ") + o;
  std::printf("  officers   %s\n  agencies   %s\n", officers.c_str(), agencies.empty() ? "-" : agencies.c_str());
  std::printf("  location   %s (%s, %s)\n", a.address.c_str(), a.lat.empty() ? "-" : a.lat.c_str(),
              a.lon.empty() ? "-" : a.lon.c_str());
  std::printf("  summary    %s\n", a.summary.c_str());
  for (const auto& v : *versions) {
    std::printf("  revision   version %lld, imported %s (entry %llu)\n", (long long)v.version,
                tz.FormatTable(v.updated).c_str(), (unsigned long long)v.seq);
  }
  if (links->empty()) std::printf("  clips      (none linked)\n");
  for (const auto& l : *links) {
    std::printf("  clip       %s (%s, %s)\n", l.clip.substr(0, 12).c_str(), l.method.c_str(), l.actor.c_str());
  }
  return 0;
}

}  // namespace custodia::cli
