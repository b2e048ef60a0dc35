// report and attentions over a generated data set: the counts must be the
// generator's exact truth, the percentages half-up to one decimal.
#include <map>

#include "custodia/report.h"
#include "records_fixture.h"

namespace custodia::testing {
namespace {

// Half-up to one decimal, computed here independently (integers only).
std::string Percent(int64_t count, int64_t total) {
  int64_t scaled = count * 1000;           // tenths of a percent, times total
  int64_t tenths = scaled / total;
  if ((scaled % total) * 2 >= total) ++tenths;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

TEST(PercentHalfUp, RoundsHalfUpInIntegers) {
  EXPECT_EQ(PercentHalfUp(5265, 10000), "52.7");
  EXPECT_EQ(PercentHalfUp(5264, 10000), "52.6");
  EXPECT_EQ(PercentHalfUp(1, 16), "6.3");  // 6.25: half-up, where binary floating point gives 6.2
  EXPECT_EQ(PercentHalfUp(1, 80), "1.3");  // 1.25
  EXPECT_EQ(PercentHalfUp(1, 3), "33.3");
  EXPECT_EQ(PercentHalfUp(2, 3), "66.7");
  EXPECT_EQ(PercentHalfUp(0, 7), "0.0");
  EXPECT_EQ(PercentHalfUp(7, 7), "100.0");
  EXPECT_EQ(PercentHalfUp(3794, 7199), "52.7");
}

class ReportTest : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    Init();
    csv_ = Generate(4000, 23);
    auto r = C({"import", "attentions", csv_});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
    tz_ = *TimeZone::Load("America/Lima");
    ImportOptions io;
    io.tz = tz_;
    auto parsed = ParseAttentions(ReadFile(csv_), csv_, io);
    ASSERT_TRUE(parsed.ok());
    records_ = parsed->records;
  }

  // report --by BY as {key: {count, percent, label}}, checked for order.
  std::map<std::string, Json> Report(const std::string& by, const std::vector<std::string>& range = {}) {
    std::vector<std::string> args = {"report", "--by", by, "--json"};
    args.insert(args.end(), range.begin(), range.end());
    auto r = C(args);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    Json j = JsonOf(r);
    EXPECT_EQ(j["schema"], "custodia.report/1");
    std::map<std::string, Json> out;
    int64_t last = INT64_MAX;
    std::string last_key;
    for (auto& row : j["items"]) {
      int64_t n = row["count"];
      EXPECT_TRUE(n < last || (n == last && row["key"].get<std::string>() > last_key)) << "order at " << row;
      last = n;
      last_key = row["key"];
      out[row["key"]] = row;
    }
    total_ = j["total"];
    return out;
  }

  void ExpectTruth(const std::string& by, const Json& truth, int64_t total) {
    auto rows = Report(by);
    EXPECT_EQ(total_, total);
    ASSERT_EQ(rows.size(), truth.size()) << by;
    for (auto& [key, count] : truth.items()) {
      ASSERT_TRUE(rows.count(key)) << by << " " << key;
      EXPECT_EQ(rows[key]["count"], count) << by << " " << key;
      EXPECT_EQ(rows[key]["percent"], Percent(count, total)) << by << " " << key;
    }
  }

  std::string csv_;
  TimeZone tz_ = TimeZone::Utc();
  std::vector<Attention> records_;
  int64_t total_ = 0;
};

TEST_F(ReportTest, EveryDimensionReproducesTheGeneratorsTruth) {
  Json truth = Truth();
  int64_t total = truth["rows"];
  ASSERT_EQ(total, 4000);
  ExpectTruth("category", truth["by_category"], total);
  ExpectTruth("module", truth["by_module"], total);
  ExpectTruth("zone", truth["by_zone"], total);
  ExpectTruth("month", truth["by_month"], total);
  ExpectTruth("officer", truth["by_officer"], total);  // percent of attentions: an attention may have 3 officers
  auto rows = Report("category");
  EXPECT_EQ(rows["fiscalizacion"]["label"], "Fiscalización");
  EXPECT_EQ(rows["obras_servicios_publicos"]["label"], "Obras y servicios públicos");
  EXPECT_EQ(Report("month")["2025-11"]["label"], "noviembre 2025");
  EXPECT_EQ(Report("zone")["4"]["label"], "Zona 4");
}

TEST_F(ReportTest, TableLooksLikeThePublishedOne) {
  Json truth = Truth();
  int64_t fisc = truth["by_category"]["fiscalizacion"];
  auto r = C({"report"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  // "Fiscalización               2113   52.8 %": label, count, percent.
  std::string line;
  for (size_t at = r.out.find("Fiscalización"); at != std::string::npos && at < r.out.size();) {
    line = r.out.substr(at, r.out.find('\n', at) - at);
    break;
  }
  ASSERT_FALSE(line.empty()) << r.out;
  EXPECT_NE(line.find(" " + std::to_string(fisc) + "  "), std::string::npos) << line;
  EXPECT_EQ(line.substr(line.size() - (Percent(fisc, 4000).size() + 2)), Percent(fisc, 4000) + " %") << line;
  EXPECT_NE(r.out.find("Total"), std::string::npos);
  EXPECT_NE(r.out.find("100.0 %"), std::string::npos);
  auto csv = C({"report", "--by", "module", "--format", "csv"});
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "key,label,count,percent");
}

TEST_F(ReportTest, RangesWithPartialDaysAreExact) {
  // Whole days from the counters, the edges record by record: compare with
  // a count over the parsed file.
  struct Range {
    std::string from, to;
  };
  for (const Range& range : {Range{"2025-12-15 10:30", "2026-01-20 18:00"}, Range{"2026-01-03", "2026-02-01"},
                             Range{"2026-01-10 06:00", "2026-01-10 14:00"}, Range{"2026-02-28T23:00:00Z", ""}}) {
    TimeMs from = *ParseTimeArg(range.from, tz_);
    TimeMs to = range.to.empty() ? INT64_MAX : *ParseTimeArg(range.to, tz_);
    std::map<std::string, int64_t> by_category, by_month, by_officer;
    int64_t total = 0;
    for (const auto& a : records_) {
      if (a.opened_at < from || a.opened_at >= to) continue;
      ++total;
      ++by_category[a.category];
      ++by_month[tz_.MonthKey(a.opened_at)];
      for (auto& o : a.officers) ++by_officer[o];
    }
    std::vector<std::string> args = {"--from", range.from};
    if (!range.to.empty()) args.insert(args.end(), {"--to", range.to});
    for (auto [by, expected] : {std::pair{"category", &by_category}, std::pair{"month", &by_month},
                                std::pair{"officer", &by_officer}}) {
      auto rows = Report(by, args);
      EXPECT_EQ(total_, total) << range.from;
      ASSERT_EQ(rows.size(), expected->size()) << by << " " << range.from;
      for (auto& [key, n] : *expected) {
        EXPECT_EQ(rows[key]["count"], n) << by << " " << key << " " << range.from;
        EXPECT_EQ(rows[key]["percent"], Percent(n, total)) << by << " " << key;
      }
    }
    // The attentions listing agrees.
    std::vector<std::string> list = {"attentions"};
    list.insert(list.end(), args.begin(), args.end());
    EXPECT_EQ(int64_t(Items(list).size()), total) << range.from;
  }
}

TEST_F(ReportTest, AttentionsFilterByEveryDimension) {
  auto count = [&](auto pred) { return std::count_if(records_.begin(), records_.end(), pred); };
  EXPECT_EQ(int64_t(Items({"attentions", "--module", "JORGE CHAVEZ"}).size()),
            count([](const Attention& a) { return a.module == "Jorge Chávez"; }));
  EXPECT_EQ(int64_t(Items({"attentions", "--zone", "13"}).size()), count([](const Attention& a) { return a.zone == 13; }));
  EXPECT_EQ(int64_t(Items({"attentions", "--category", "Obras y servicios publicos"}).size()),
            count([](const Attention& a) { return a.category == "obras_servicios_publicos"; }));
  EXPECT_EQ(int64_t(Items({"attentions", "--officer", "SZ-04N02"}).size()),
            count([](const Attention& a) { return std::count(a.officers.begin(), a.officers.end(), "SZ-04N02") > 0; }));
  TimeMs from = *ParseTimeArg("2026-01-01", tz_), to = *ParseTimeArg("2026-01-08", tz_);
  auto week = Items({"attentions", "--module", "tejada", "--category", "fiscalizacion", "--from", "2026-01-01", "--to",
                     "2026-01-08"});
  EXPECT_EQ(int64_t(week.size()), count([&](const Attention& a) {
              return a.module == "Tejada" && a.category == "fiscalizacion" && a.opened_at >= from && a.opened_at < to;
            }));
  for (size_t i = 1; i < week.size(); ++i) EXPECT_LE(week[i - 1]["opened_at"], week[i]["opened_at"]);
  ASSERT_FALSE(week.empty());
  EXPECT_EQ(week[0]["category_label"], "Fiscalización");
  EXPECT_EQ(week[0]["clips"], 0);
  // Bad filters are usage errors that say what is accepted.
  auto bad = C({"attentions", "--category", "robo"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown category"), std::string::npos) << bad.err;
  auto mod = C({"attentions", "--module", "Barranco"});
  EXPECT_EQ(mod.exit_code, 2);
  EXPECT_NE(mod.err.find("the modules in the vault are: "), std::string::npos) << mod.err;
  EXPECT_EQ(C({"attentions", "--from", "01/01/2026"}).exit_code, 2);
  EXPECT_EQ(C({"report", "--by", "week"}).exit_code, 2);
}

}  // namespace
}  // namespace custodia::testing
