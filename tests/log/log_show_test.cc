// custodia log show: filters, formats, and JSON items exactly as logged.
#include "log_fixture.h"

namespace custodia::testing {
namespace {

class LogShowTest : public LogTest {
 protected:
  std::vector<Json> Show(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"log", "show", "--json"};
    all.insert(all.end(), args.begin(), args.end());
    auto r = C(all);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    Json j = JsonOf(r);
    std::vector<Json> out;
    for (auto& i : j["items"]) out.push_back(i);
    return out;
  }
  static std::vector<uint64_t> Seqs(const std::vector<Json>& items) {
    std::vector<uint64_t> out;
    for (const auto& i : items) out.push_back(i["seq"].get<uint64_t>());
    return out;
  }
};

TEST_F(LogShowTest, JsonItemsAreTheLoggedEntries) {
  SetUpVault();
  auto r = C({"log", "show", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  Json j = JsonOf(r);
  EXPECT_EQ(j["schema"], "custodia.log/1");
  std::vector<std::string> lines = Lines();
  ASSERT_EQ(j["items"].size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(j["items"][i], Json::parse(lines[i])) << "entry " << i;
  EXPECT_EQ(j["items"][0]["action"], "init");

  // NDJSON: one line per entry, the same objects.
  auto nd = C({"log", "show", "--format", "ndjson"});
  ASSERT_EQ(nd.exit_code, 0) << nd.Describe();
  std::string expected;
  for (const auto& l : lines) expected += Json::parse(l).dump() + "\n";
  EXPECT_EQ(nd.out, expected);
  // Listing is not logged.
  EXPECT_EQ(Lines().size(), lines.size());
}

TEST_F(LogShowTest, ClipFilterUsesPrefixAndListsEveryEntryNamingTheClip) {
  SetUpVault();
  std::vector<std::string> clips = IngestedClips();
  ASSERT_EQ(clips.size(), 2u);
  const std::string& a = clips[0];
  ASSERT_EQ(C({"show", a.substr(0, 10), "--reason", "looking"}).exit_code, 0);  // logs a `show` entry

  std::vector<uint64_t> expected;
  for (const auto& e : Entries()) {
    for (const auto& c : e["subjects"]["clips"]) {
      if (c == a) expected.push_back(e["seq"].get<uint64_t>());
    }
  }
  ASSERT_GE(expected.size(), 2u);  // ingest and show
  std::string prefix = a.substr(0, 8);
  for (char& ch : prefix) ch = char(std::toupper(static_cast<unsigned char>(ch)));  // any case
  auto items = Show({"--clip", prefix});
  EXPECT_EQ(Seqs(items), expected);
  EXPECT_EQ(items.front()["action"], "ingest");
  EXPECT_EQ(items.back()["action"], "show");
  EXPECT_EQ(items.back()["reason"], "looking");

  // Unknown and malformed ids: exit 2, saying so.
  auto unknown = C({"log", "show", "--clip", "00000000"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.Describe();
  EXPECT_NE(unknown.err.find("no clip 00000000"), std::string::npos) << unknown.err;
  EXPECT_EQ(C({"log", "show", "--clip", "xyz"}).exit_code, 2);
}

TEST_F(LogShowTest, LimitKeepsTheMostRecentAndSinceFiltersByTime) {
  SetUpVault();
  std::vector<Json> all = Entries();
  const uint64_t n = all.size();
  ASSERT_GE(n, 4u);
  EXPECT_EQ(Seqs(Show({"--limit", "2"})), (std::vector<uint64_t>{n - 2, n - 1}));

  // --since: entries at or after the time of entry 2 (RFC 3339, Z).
  std::string t = all[2]["time"];
  std::vector<uint64_t> expected;
  for (const auto& e : all) {
    if (e["time"].get<std::string>() >= t) expected.push_back(e["seq"].get<uint64_t>());
  }
  EXPECT_EQ(Seqs(Show({"--since", t})), expected);
  EXPECT_TRUE(Show({"--since", "2999-01-01"}).empty());
  EXPECT_EQ(Show({"--since", "2000-01-01 00:00"}).size(), n);  // local time
  EXPECT_EQ(Seqs(Show({"--since", "2000-01-01", "--limit", "1"})), std::vector<uint64_t>{n - 1});

  auto bad = C({"log", "show", "--since", "15/01/2026"});
  EXPECT_EQ(bad.exit_code, 2) << bad.Describe();
  EXPECT_NE(bad.err.find("--since"), std::string::npos) << bad.err;
  EXPECT_EQ(C({"log", "show", "--limit", "0"}).exit_code, 2);
}

TEST_F(LogShowTest, AttentionFilter) {
  SetUpVault();
  std::string clip = IngestedClips()[0];
  WriteFile(dir_ / "att.jsonl",
            R"({"id":"ATT-1","module":"M04","zone":4,"category":"seguridad_ciudadana","subcategory":"robo",)"
            R"("opened_at":"2026-01-15T09:00:00-05:00","closed_at":"2026-01-15T09:30:00-05:00","officers":["SZ-1"],)"
            R"("location":{"address":"Av. Larco 100","lat":-12.12,"lon":-77.03},"agencies":[],"summary":"x"})"
            "\n");
  auto imp = C({"import", "attentions", dir_ / "att.jsonl"});
  ASSERT_EQ(imp.exit_code, 0) << imp.Describe();
  auto link = C({"link", clip.substr(0, 12), "ATT-1", "--reason", "seen on the footage"});
  ASSERT_EQ(link.exit_code, 0) << link.Describe();

  auto items = Show({"--attention", "ATT-1"});
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items.front()["action"], "import");  // the import that set the record
  EXPECT_EQ(items.back()["action"], "link");
  EXPECT_EQ(items.back()["subjects"]["attentions"][0], "ATT-1");
  // Both filters: entries about the clip and the attention.
  auto both = Show({"--attention", "ATT-1", "--clip", clip.substr(0, 8)});
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0]["action"], "link");

  auto unknown = C({"log", "show", "--attention", "NO-SUCH"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.Describe();
  EXPECT_NE(unknown.err.find("NO-SUCH"), std::string::npos) << unknown.err;
}

TEST_F(LogShowTest, TableAndCsv) {
  SetUpVault();
  ASSERT_EQ(C({"show", IngestedClips()[0].substr(0, 8), "--actor", "sup.garcia"}).exit_code, 0);
  auto table = C({"log", "show"});
  ASSERT_EQ(table.exit_code, 0) << table.Describe();
  EXPECT_EQ(table.out.rfind("SEQ", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("ingest"), std::string::npos);
  EXPECT_NE(table.out.find("A.MP4"), std::string::npos) << table.out;  // the ingest summary
  // actor is a claim, os_user a fact: both shown when they differ.
  EXPECT_NE(table.out.find("sup.garcia (os: "), std::string::npos) << table.out;

  auto csv = C({"log", "show", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.Describe();
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')), "seq,time,action,actor,os_user,subjects,outcome,reason,summary");
  EXPECT_NE(csv.out.find(IngestedClips()[0]), std::string::npos);  // whole ids in CSV
  size_t rows = 0;
  for (char c : csv.out) rows += c == '\n';
  EXPECT_EQ(rows, Lines().size() + 1);
}

}  // namespace
}  // namespace custodia::testing
