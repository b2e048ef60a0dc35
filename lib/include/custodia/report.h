// `custodia report` (SPEC §7): attentions counted by category, module, zone,
// month or officer, with percentages as the municipality publishes them.
// Whole local days come from the index's per-day counters; only the partial
// days at the edges of [from, to) are read record by record, so a report over
// a million attentions is fast and exact.
#ifndef CUSTODIA_REPORT_H_
#define CUSTODIA_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "custodia/index.h"
#include "custodia/query.h"

namespace custodia {

enum class ReportBy { kCategory, kModule, kZone, kMonth, kOfficer };
Result<ReportBy> ParseReportBy(std::string_view s);
std::string_view ReportByName(ReportBy by);

struct ReportQuery {
  ReportBy by = ReportBy::kCategory;
  TimeMs from = kTimeMin, to = kTimeMax;  // opened_at in [from, to)
};

struct ReportRow {
  std::string key;    // category id, module, zone number, "YYYY-MM", officer id
  std::string label;  // Spanish category label, module, "Zona 4", "noviembre 2025", officer id
  int64_t count = 0;
  std::string percent;  // count / total * 100, half-up to one decimal: "52.7"
  Json ToJson() const;  // {"count","key","label","percent"}
};

struct Report {
  ReportBy by = ReportBy::kCategory;
  int64_t total = 0;  // attentions in the range (an attention with two officers counts once)
  std::vector<ReportRow> rows;  // count descending, then key
};

Result<Report> BuildReport(Index& index, const TimeZone& tz, const ReportQuery& q);

// count / total * 100 rounded half-up to one decimal, in integers: "52.7".
std::string PercentHalfUp(int64_t count, int64_t total);

}  // namespace custodia

#endif  // CUSTODIA_REPORT_H_
