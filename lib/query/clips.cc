#include <algorithm>

#include "custodia/query.h"

namespace custodia {

namespace {

bool Matches(Index& index, const ClipRecord& c, const ClipQuery& q, Status* err) {
  if (!q.officer.empty() && c.officer != q.officer) return false;
  if (!q.device.empty() && c.device != q.device) return false;
  if (!q.status.empty() && c.status != q.status) return false;
  TimeMs end = std::max(c.end, c.start);
  if (!(c.start < q.to && (end > q.from || c.start >= q.from))) return false;
  if (q.unlinked) {
    auto has = index.ClipHasLinks(c.sha256);
    if (!has.ok()) {
      *err = has.status();
      return false;
    }
    if (*has) return false;
  }
  if (!q.attention.empty() || !q.module.empty() || !q.category.empty() || q.zone) {
    auto links = index.LinksOfClip(c.sha256);
    if (!links.ok()) {
      *err = links.status();
      return false;
    }
    bool any = false;
    for (const auto& l : *links) {
      if (!q.attention.empty() && l.attention != q.attention) continue;
      if (!q.module.empty() || !q.category.empty() || q.zone) {
        auto att = index.GetAttention(l.attention);
        if (!att.ok() || !*att) continue;
        const Attention& a = (*att)->record;
        if (!q.module.empty() && a.module != q.module) continue;
        if (!q.category.empty() && a.category != q.category) continue;
        if (q.zone && a.zone != *q.zone) continue;
      }
      any = true;
      break;
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace

Result<std::vector<ClipRecord>> FindClips(Index& index, const ClipQuery& q) {
  std::vector<ClipRecord> out;
  Status err;
  auto keep = [&](ClipRecord&& c) {
    if (Matches(index, c, q, &err)) {
      out.push_back(std::move(c));
    } else if (!err.ok()) {
      return false;
    }
    return true;
  };
  if (!q.attention.empty()) {
    ASSIGN_OR_RETURN(auto links, index.LinksOfAttention(q.attention));
    std::vector<std::string> shas;
    for (const auto& l : links) shas.push_back(l.clip);
    std::sort(shas.begin(), shas.end());
    shas.erase(std::unique(shas.begin(), shas.end()), shas.end());
    ASSIGN_OR_RETURN(auto records, index.GetClips(shas));
    for (auto& c : records) {
      if (c && !keep(std::move(*c))) break;
    }
  } else {
    std::string by = "time", value;
    if (!q.officer.empty()) {
      by = "officer";
      value = q.officer;
    } else if (!q.device.empty()) {
      by = "device";
      value = q.device;
    } else if (!q.status.empty() && q.status != "ok") {
      by = "status";
      value = q.status;
    }
    RETURN_IF_ERROR(index.ScanClipRecords(by, value, q.from, q.to, keep));
  }
  RETURN_IF_ERROR(err);
  std::sort(out.begin(), out.end(), [](const ClipRecord& a, const ClipRecord& b) {
    return a.start != b.start ? a.start < b.start : a.sha256 < b.sha256;
  });
  if (q.limit && out.size() > q.limit) out.resize(q.limit);
  return out;
}

}  // namespace custodia
