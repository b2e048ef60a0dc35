#include "custodia/report.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace custodia {

namespace {

constexpr const char* kMonths[12] = {"enero", "febrero", "marzo", "abril", "mayo", "junio",
                                     "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};

// Civil date of a day number (days since 1970-01-01), H. Hinnant's algorithm.
std::string MonthOfDay(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld", (long long)y, (long long)m);
  return buf;
}

std::string Label(ReportBy by, const std::string& key) {
  switch (by) {
    case ReportBy::kCategory: return CategoryLabel(key);
    case ReportBy::kZone: return "Zona " + key;
    case ReportBy::kMonth: {
      int month = key.size() == 7 ? std::atoi(key.c_str() + 5) : 0;
      return month >= 1 && month <= 12 ? std::string(kMonths[month - 1]) + " " + key.substr(0, 4) : key;
    }
    case ReportBy::kModule:
    case ReportBy::kOfficer: return key;
  }
  return key;
}

AttDim CounterDim(ReportBy by) {
  switch (by) {
    case ReportBy::kModule: return AttDim::kModule;
    case ReportBy::kZone: return AttDim::kZone;
    case ReportBy::kOfficer: return AttDim::kOfficer;
    case ReportBy::kCategory:
    case ReportBy::kMonth: return AttDim::kCategory;  // months: any one-per-attention dimension
  }
  return AttDim::kCategory;
}

// Keys an attention is counted under.
std::vector<std::string> KeysOf(ReportBy by, const Attention& a, const TimeZone& tz) {
  switch (by) {
    case ReportBy::kCategory: return {a.category};
    case ReportBy::kModule: return {a.module};
    case ReportBy::kZone: return {std::to_string(a.zone)};
    case ReportBy::kMonth: return {tz.MonthKey(a.opened_at)};
    case ReportBy::kOfficer: return a.officers;
  }
  return {};
}

class Counter {
 public:
  Counter(Index& index, const TimeZone& tz, ReportBy by) : index_(index), tz_(tz), by_(by) {}

  // Whole local days [day_from, day_to), from the counters.
  Status AddDays(int64_t day_from, int64_t day_to) {
    if (day_from >= day_to) return Status::Ok();
    ASSIGN_OR_RETURN(auto totals, index_.CountsByDay(AttDim::kCategory, day_from, day_to));
    for (const auto& [value, n] : totals) total_ += n;
    if (by_ == ReportBy::kMonth) {
      return index_.ForEachCount(AttDim::kCategory, day_from, day_to, [&](const std::string&, int64_t day, int64_t n) {
        counts_[MonthOfDay(day)] += n;
        return true;
      });
    }
    if (by_ == ReportBy::kCategory) {
      for (const auto& [value, n] : totals) counts_[value] += n;
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(auto by_value, index_.CountsByDay(CounterDim(by_), day_from, day_to));
    for (const auto& [value, n] : by_value) counts_[value] += n;
    return Status::Ok();
  }

  // Part of a day [from, to), record by record.
  Status AddRange(TimeMs from, TimeMs to) {
    if (from >= to) return Status::Ok();
    std::vector<std::string> ids;
    RETURN_IF_ERROR(index_.ScanAttentions(std::nullopt, "", from, to, [&](const std::string& id, TimeMs) {
      ids.push_back(id);
      return true;
    }));
    for (const auto& id : ids) {
      ASSIGN_OR_RETURN(auto st, index_.GetAttention(id));
      if (!st) continue;
      ++total_;
      for (const auto& k : KeysOf(by_, st->record, tz_)) ++counts_[k];
    }
    return Status::Ok();
  }

  Report Finish() {
    Report r;
    r.by = by_;
    r.total = total_;
    for (const auto& [key, n] : counts_) {
      if (n == 0) continue;
      r.rows.push_back(ReportRow{key, Label(by_, key), n, PercentHalfUp(n, total_)});
    }
    std::sort(r.rows.begin(), r.rows.end(), [](const ReportRow& a, const ReportRow& b) {
      return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
    return r;
  }

 private:
  Index& index_;
  const TimeZone& tz_;
  ReportBy by_;
  int64_t total_ = 0;
  std::map<std::string, int64_t> counts_;
};

// Start of the local day after the one containing t.
TimeMs NextMidnight(const TimeZone& tz, TimeMs t) { return tz.StartOfDay(tz.StartOfDay(t) + 36 * 3'600'000LL); }

}  // namespace

Result<ReportBy> ParseReportBy(std::string_view s) {
  for (ReportBy by : {ReportBy::kCategory, ReportBy::kModule, ReportBy::kZone, ReportBy::kMonth, ReportBy::kOfficer}) {
    if (s == ReportByName(by)) return by;
  }
  return Status::Invalid("--by " + std::string(s) + ": use category, module, zone, month or officer");
}

std::string_view ReportByName(ReportBy by) {
  switch (by) {
    case ReportBy::kCategory: return "category";
    case ReportBy::kModule: return "module";
    case ReportBy::kZone: return "zone";
    case ReportBy::kMonth: return "month";
    case ReportBy::kOfficer: return "officer";
  }
  return "?";
}

Json ReportRow::ToJson() const { return Json{{"key", key}, {"label", label}, {"count", count}, {"percent", percent}}; }

std::string PercentHalfUp(int64_t count, int64_t total) {
  if (total <= 0) return "0.0";
  int64_t tenths = (count * 2000 + total) / (2 * total);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

Result<Report> BuildReport(Index& index, const TimeZone& tz, const ReportQuery& q) {
  Counter counter(index, tz, q.by);
  if (q.from >= q.to) return counter.Finish();
  // Whole days [day_lo, day_hi) from the counters; the partial days at the
  // edges, [q.from, lo_edge) and [hi_edge, q.to), record by record.
  int64_t day_lo = INT64_MIN, day_hi = INT64_MAX;
  TimeMs lo_edge = q.from, hi_edge = q.to;
  if (q.from > kTimeMin) {
    TimeMs start = tz.StartOfDay(q.from);
    lo_edge = start == q.from ? q.from : NextMidnight(tz, q.from);
    day_lo = AttentionDay(tz, lo_edge);
  }
  if (q.to < kTimeMax) {
    hi_edge = tz.StartOfDay(q.to);
    day_hi = AttentionDay(tz, hi_edge);
  }
  if (q.from > kTimeMin && q.to < kTimeMax && lo_edge >= hi_edge) {
    RETURN_IF_ERROR(counter.AddRange(q.from, q.to));  // within one day
    return counter.Finish();
  }
  RETURN_IF_ERROR(counter.AddDays(day_lo, day_hi));
  if (q.from > kTimeMin) RETURN_IF_ERROR(counter.AddRange(q.from, lo_edge));
  if (q.to < kTimeMax) RETURN_IF_ERROR(counter.AddRange(hi_edge, q.to));
  return counter.Finish();
}

}  // namespace custodia
