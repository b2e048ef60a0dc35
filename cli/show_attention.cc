// custodia show ATTENTION: the record, its revisions (what changed in each)
// and its linked clips with how each link was made.
#include <algorithm>
#include <cstdio>

#include "custodia/importer.h"
#include "custodia/link.h"
#include "output.h"
#include "show.h"

namespace custodia::cli {

namespace {

std::string Join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string Short(std::string s, size_t max = 60) {
  for (char& c : s) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++chars > max) break;
  }
  return i < s.size() ? s.substr(0, i) + "…" : s;
}

// A field's value as shown in a revision line.
std::string FieldText(const Attention& a, const std::string& field, const TimeZone& tz) {
  if (field == "module") return a.module;
  if (field == "zone") return std::to_string(a.zone);
  if (field == "category") return CategoryLabel(a.category);
  if (field == "subcategory") return a.subcategory;
  if (field == "opened_at") return tz.FormatTable(a.opened_at);
  if (field == "closed_at") return tz.FormatTable(a.closed_at);
  if (field == "officers") return Join(a.officers);
  if (field == "agencies") return Join(a.agencies);
  if (field == "location.address") return a.address;
  if (field == "location.lat") return a.lat;
  if (field == "location.lon") return a.lon;
  if (field == "summary") return a.summary;
  return a.id;
}

struct Revision {
  const AttentionState* before;
  const AttentionState* after;
  std::vector<std::string> changed;
};

struct LinkView {
  LinkRecord link;
  bool still_matches = true;  // automatic links: the rule holds with today's data
};

}  // namespace

int ShowAttention(Context& ctx, Station& st, Index& index, const AttentionState& att) {
  auto links = index.LinksOfAttention(att.record.id);
  auto versions = index.AttentionVersions(att.record.id);
  auto entries = index.EntriesOfAttention(att.record.id);
  if (!links.ok()) return ReportError(links.status());
  if (!versions.ok()) return ReportError(versions.status());
  if (!entries.ok()) return ReportError(entries.status());
  std::vector<Revision> revisions;
  for (size_t i = 0; i < versions->size(); ++i) {
    const AttentionState* after = i + 1 < versions->size() ? &(*versions)[i + 1] : &att;
    revisions.push_back({&(*versions)[i], after, AttentionChanges((*versions)[i].record, after->record)});
  }
  // Import entries name no attention; each version knows the entry that set it.
  std::vector<Index::SubjectEntry> custody = *entries;
  auto add_import = [&](const AttentionState& s) {
    bool known = std::any_of(custody.begin(), custody.end(), [&](const auto& e) { return e.seq == s.seq; });
    if (!known) custody.push_back(Index::SubjectEntry{s.seq, "import", s.updated});
  };
  for (const auto& v : *versions) add_import(v);
  add_import(att);
  std::sort(custody.begin(), custody.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  std::vector<LinkView> views;
  for (const auto& l : *links) {
    LinkView v{l};
    if (l.method == "auto") {
      auto clip = index.GetClip(l.clip);
      auto margin = RuleMarginMs(l.rule);
      if (clip.ok() && *clip && margin) v.still_matches = AutoLinkMatches(**clip, att.record, *margin);
    }
    views.push_back(std::move(v));
  }

  if (ctx.global.json) {
    Json revs = Json::array();
    for (const auto& r : revisions) {
      revs.push_back(Json{{"from_version", r.before->version},
                          {"to_version", r.after->version},
                          {"seq", r.after->seq},
                          {"time", FormatUtc(r.after->updated)},
                          {"import_sha256", r.after->import_sha},
                          {"changed", r.changed},
                          {"before", r.before->record.ToJson()}});
    }
    Json l = Json::array();
    for (const auto& v : views) {
      Json j = v.link.ToJson();
      if (v.link.method == "auto") j["rule_still_matches"] = v.still_matches;
      l.push_back(j);
    }
    Json custody_json = Json::array();
    for (const auto& e : custody) {
      custody_json.push_back(Json{{"seq", e.seq}, {"action", e.action}, {"time", FormatUtc(e.time)}});
    }
    Json state = att.ToJson();
    state["category_label"] = CategoryLabel(att.record.category);
    PrintJson(Json{{"schema", "custodia.show/1"}, {"kind", "attention"}, {"attention", state},
                   {"revisions", revs}, {"links", l}, {"custody", custody_json}});
    return 0;
  }

  const Attention& a = att.record;
  const TimeZone& tz = st.tz();
  std::printf("attention %s (version %lld)\n", a.id.c_str(), (long long)att.version);
  std::printf("  module     %s (zone %lld)\n", a.module.c_str(), (long long)a.zone);
  std::printf("  category   %s (%s)%s%s\n", CategoryLabel(a.category).c_str(), a.category.c_str(),
              a.subcategory.empty() ? "" : " / ", a.subcategory.c_str());
  std::printf("  opened     %s %s\n  closed     %s\n", tz.FormatTable(a.opened_at).c_str(), tz.name().c_str(),
              tz.FormatTable(a.closed_at).c_str());
  std::printf("  officers   %s\n  agencies   %s\n", Join(a.officers).c_str(),
              a.agencies.empty() ? "-" : Join(a.agencies).c_str());
  std::printf("  location   %s (%s, %s)\n", a.address.empty() ? "-" : Short(a.address).c_str(),
              a.lat.empty() ? "-" : a.lat.c_str(), a.lon.empty() ? "-" : a.lon.c_str());
  std::printf("  summary    %s\n", Short(a.summary, 100).c_str());
  std::printf("  imported   %s (custody entry #%llu, file %s)\n", tz.FormatTable(att.updated).c_str(),
              (unsigned long long)att.seq, att.import_sha.substr(0, 12).c_str());
  if (revisions.empty()) std::printf("  revisions  none\n");
  for (const auto& r : revisions) {
    std::printf("  revision   version %lld -> %lld, %s (custody entry #%llu): %s\n", (long long)r.before->version,
                (long long)r.after->version, tz.FormatTable(r.after->updated).c_str(),
                (unsigned long long)r.after->seq, r.changed.empty() ? "no field changed" : Join(r.changed).c_str());
    for (const auto& f : r.changed) {
      std::printf("             %-16s %s -> %s\n", f.c_str(), Short(FieldText(r.before->record, f, tz), 40).c_str(),
                  Short(FieldText(r.after->record, f, tz), 40).c_str());
    }
  }
  if (views.empty()) std::printf("  clips      (none linked)\n");
  for (const auto& v : views) {
    const LinkRecord& l = v.link;
    std::string how = l.method == "auto" ? "automatic, " + l.rule : "manual: \"" + l.reason + "\"";
    std::printf("  clip       %s  %s; by %s, %s, custody entry #%llu%s\n", l.clip.substr(0, 12).c_str(), how.c_str(),
                l.actor.c_str(), tz.FormatTable(l.time).c_str(), (unsigned long long)l.seq,
                v.still_matches ? "" : " [the rule no longer matches: run custodia link auto]");
  }
  std::printf("  custody    %zu entries (custodia log show --attention %s)\n", custody.size(), a.id.c_str());
  for (const auto& e : custody) {
    std::printf("    #%-6llu %s  %s\n", (unsigned long long)e.seq, tz.FormatTable(e.time).c_str(), e.action.c_str());
  }
  return 0;
}

}  // namespace custodia::cli
