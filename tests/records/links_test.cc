// Links between clips and attentions on a realistic vault: a generated data
// set (5 modules, 7 categories, officers in three shifts incl. overnight)
// with its roster, hand-made attentions at the edges of the rule, and clips
// from several cameras with chosen creation times. The expected links come
// from an independent reading of the rule (SPEC §6) over the same files.
#include <map>
#include <set>

#include "records_fixture.h"

namespace custodia::testing {
namespace {

constexpr int64_t kMargin = 10 * 60 * 1000;

// Lima local times (UTC-5) in comments; files give local times.
const std::vector<std::string> kHand = {
    // 10:00-10:30 on 2026-01-20 (15:00-15:30Z)
    "H-EDGE,Jorge Chávez,4,fiscalizacion,ruidos molestos,2026-01-20 10:00,2026-01-20 10:30,SZ-04M01,,Av. Arequipa 100,,,Borde del margen.",
    // 23:50 on the 20th to 00:20 on the 21st: across midnight, overnight shift
    "H-NIGHT,Jorge Chávez,4,seguridad_ciudadana,riña,2026-01-20 23:50,2026-01-21 00:20,SZ-04N01,PNP,Av. Petit Thouars 300,,,Turno noche.",
    // two officers; the second one's camera records it
    "H-MULTI,Tejada,10,seguridad_vial,accidente de tránsito,2026-01-22 15:00,2026-01-22 15:20,SZ-10T01|SZ-10T02,PNP|SAMU,Av. José Larco 500,,,Dos serenos.",
    // another officer of the same module records at the same time: no link
    "H-OTHER,Clorinda Matto de Turner,11,apoyo_turista,orientación a turista,2026-01-22 08:00,2026-01-22 08:15,SZ-11M01,,Malecón de la Reserva 10,,,Turista.",
};

struct ClipPlan {
  std::string name;    // for messages
  std::string device;
  std::string utc;     // creation_time
  int seed;
  bool before_import;  // offloaded before the attentions are imported
};

struct Clip {
  std::string sha, officer, device;
  TimeMs start = 0, end = 0;
};

class LinksScenario : public RecordsTest {
 protected:
  void SetUp() override {
    RecordsTest::SetUp();
    Init();
    tz_ = *TimeZone::Load("America/Lima");
    gen_ = Generate(3000, 17);
    hand_ = Write("hand.csv", Csv(kHand));
    ImportOptions io;
    io.tz = tz_;
    for (const auto& f : {gen_, hand_}) {
      auto parsed = ParseAttentions(ReadFile(f), f, io);
      ASSERT_TRUE(parsed.ok()) << parsed.status().message();
      ASSERT_TRUE(parsed->errors.empty());
      for (auto& a : parsed->records) attentions_[a.id] = a;
    }
  }

  // Clips for the first attention of January of each module in the
  // generated data, recorded a minute after it opened by its first officer.
  std::vector<ClipPlan> GeneratedPlans() {
    std::vector<ClipPlan> out;
    std::set<std::string> modules;
    TimeMs jan = *ParseUtc("2026-01-05T00:00:00.000Z");
    std::vector<const Attention*> sorted;
    for (auto& [id, a] : attentions_) sorted.push_back(&a);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->opened_at < b->opened_at; });
    int seed = 100;
    for (const Attention* a : sorted) {
      if (a->id.rfind("ATN-", 0) != 0 || a->opened_at < jan || !modules.insert(a->module).second) continue;
      std::string officer = a->officers[0];  // SZ-04M01 wears BWC-04M01
      out.push_back({a->id, "BWC-" + officer.substr(3), FormatUtc(a->opened_at + 60'000).substr(0, 19) + "Z", seed++,
                     out.size() % 2 == 0});
    }
    return out;
  }

  std::map<std::string, Clip> ClipsNow() {
    std::map<std::string, Clip> out;
    for (auto& c : Clips()) {
      Clip k;
      k.sha = c["sha256"];
      k.officer = c["officer"];
      k.device = c["device"];
      k.start = *ParseUtc(c["start"].get<std::string>());
      k.end = *ParseUtc(c["end"].get<std::string>());
      out[k.sha] = k;
    }
    return out;
  }

  // The rule, read independently: officer on the attention, closed intervals overlap.
  std::set<std::pair<std::string, std::string>> Expected(const std::map<std::string, Clip>& clips) {
    std::set<std::pair<std::string, std::string>> out;
    for (auto& [sha, c] : clips) {
      for (auto& [id, a] : attentions_) {
        bool officer = !c.officer.empty() && std::count(a.officers.begin(), a.officers.end(), c.officer) > 0;
        if (officer && c.start <= a.closed_at + kMargin && c.end >= a.opened_at - kMargin) out.insert({sha, id});
      }
    }
    return out;
  }

  std::set<std::pair<std::string, std::string>> Actual(const std::map<std::string, Clip>& clips) {
    std::set<std::pair<std::string, std::string>> out;
    for (auto& [sha, c] : clips) {
      auto r = C({"show", "clip:" + sha, "--json"});
      EXPECT_EQ(r.exit_code, 0) << r.Describe();
      Json shown = JsonOf(r);
      for (auto& l : shown["links"]) out.insert({sha, l["attention"]});
    }
    return out;
  }

  TimeZone tz_ = TimeZone::Utc();
  std::string gen_, hand_;
  std::map<std::string, Attention> attentions_;
};

TEST_F(LinksScenario, AutoLinkAfterOffloadAndAfterImportGivesExactlyTheRule) {
  std::vector<ClipPlan> plans = {
      {"edge-before-linked", "BWC-04M01", "2026-01-20T14:49:59Z", 1, true},   // ends exactly at opened - 10m
      {"edge-before-1s-out", "BWC-04M01", "2026-01-20T14:49:58Z", 2, false},  // ends 1 s before that
      {"edge-after-linked", "BWC-04M01", "2026-01-20T15:40:00Z", 3, true},    // starts exactly at closed + 10m
      {"edge-after-1s-out", "BWC-04M01", "2026-01-20T15:40:01Z", 4, false},   // 1 s later
      {"night-after-midnight", "BWC-04N01", "2026-01-21T05:05:00Z", 5, true}, // 00:05 on the 21st
      {"night-before-midnight", "BWC-04N01", "2026-01-21T04:45:00Z", 6, false},  // 23:45 on the 20th
      {"multi-second-officer", "BWC-10T02", "2026-01-22T20:10:00Z", 7, true},
      {"other-officer", "BWC-11M02", "2026-01-22T13:05:00Z", 8, false},
      {"unknown-camera", "BWC-99X99", "2026-01-22T13:05:00Z", 9, true},
  };
  for (auto& p : GeneratedPlans()) plans.push_back(p);
  ASSERT_GE(plans.size(), 13u);
  std::map<std::string, std::string> sha_of;  // plan name -> clip id
  for (auto& p : plans) sha_of[p.name] = ShaOf(AddTimedClip(p.name, p.utc, p.seed));

  ASSERT_EQ(C({"roster", "import", Roster()}).exit_code, 0);
  for (auto& p : plans) {
    if (!p.before_import) continue;
    auto r = C({"offload", CamDir(p.name), "--device", p.device, "--progress", "none"});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }
  auto imp = C({"import", "attentions", gen_, hand_, "--json"});
  ASSERT_EQ(imp.exit_code, 0) << imp.Describe();
  Json sum = JsonOf(imp);
  EXPECT_EQ(sum["files"][0]["new"], 3000);
  EXPECT_EQ(sum["files"][1]["new"], 4);
  EXPECT_GT(sum["links_added"].get<int>(), 0);  // clips offloaded before were linked by the import
  for (auto& p : plans) {
    if (p.before_import) continue;
    auto r = C({"offload", CamDir(p.name), "--device", p.device, "--progress", "none"});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }

  auto clips = ClipsNow();
  ASSERT_EQ(clips.size(), plans.size());
  // Officers came from the roster (no --officer, generic profile).
  EXPECT_EQ(clips[sha_of["edge-after-linked"]].officer, "SZ-04M01");
  EXPECT_EQ(clips[sha_of["night-after-midnight"]].officer, "SZ-04N01");
  EXPECT_EQ(clips[sha_of["night-before-midnight"]].officer, "SZ-04N01");
  EXPECT_EQ(clips[sha_of["other-officer"]].officer, "SZ-11M02");
  EXPECT_EQ(clips[sha_of["unknown-camera"]].officer, "");
  EXPECT_EQ(clips[sha_of["edge-before-linked"]].end, *ParseUtc("2026-01-20T14:50:00.000Z"));

  auto expected = Expected(clips);
  auto actual = Actual(clips);
  EXPECT_EQ(actual, expected);
  // The edges, named.
  auto linked = [&](const std::string& plan, const std::string& att) { return actual.count({sha_of[plan], att}) > 0; };
  EXPECT_TRUE(linked("edge-before-linked", "H-EDGE"));
  EXPECT_FALSE(linked("edge-before-1s-out", "H-EDGE"));
  EXPECT_TRUE(linked("edge-after-linked", "H-EDGE"));
  EXPECT_FALSE(linked("edge-after-1s-out", "H-EDGE"));
  EXPECT_TRUE(linked("night-after-midnight", "H-NIGHT"));
  EXPECT_TRUE(linked("night-before-midnight", "H-NIGHT"));
  EXPECT_TRUE(linked("multi-second-officer", "H-MULTI"));
  EXPECT_FALSE(linked("other-officer", "H-OTHER"));
  for (auto& p : GeneratedPlans()) EXPECT_TRUE(linked(p.name, p.name)) << p.name;

  // Every link says how it was made.
  auto link_entries = LogOf("link");
  EXPECT_EQ(link_entries.size(), expected.size());
  for (auto& e : link_entries) {
    EXPECT_EQ(e["details"]["method"], "auto");
    EXPECT_EQ(e["details"]["rule"], "officer+overlap margin=10m");
    EXPECT_EQ(e["actor"], "tester");
    EXPECT_NE(e["reason"].get<std::string>().find("automatic"), std::string::npos);
  }
  // link auto finds nothing new.
  auto again = C({"link", "auto", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.Describe();
  EXPECT_TRUE(JsonOf(again)["items"].empty());
  EXPECT_EQ(JsonOf(again)["already_linked"], expected.size());

  // Queries over the links.
  std::set<std::string> unlinked_ids, expected_unlinked;
  for (auto& c : Items({"clips", "--unlinked"})) unlinked_ids.insert(c["sha256"]);
  for (auto& [sha, c] : clips) {
    bool any = std::any_of(expected.begin(), expected.end(), [&](auto& p) { return p.first == sha; });
    if (!any) expected_unlinked.insert(sha);
  }
  EXPECT_EQ(unlinked_ids, expected_unlinked);
  EXPECT_TRUE(unlinked_ids.count(sha_of["unknown-camera"]));
  EXPECT_FALSE(unlinked_ids.count(sha_of["edge-after-linked"]));
  auto of_edge = Items({"clips", "--attention", "H-EDGE"});
  ASSERT_EQ(of_edge.size(), 2u);
  EXPECT_EQ(of_edge[0]["sha256"], sha_of["edge-before-linked"]);
  EXPECT_EQ(of_edge[1]["sha256"], sha_of["edge-after-linked"]);
  std::set<std::string> vial, expected_vial;
  for (auto& c : Items({"clips", "--category", "Seguridad Vial"})) vial.insert(c["sha256"]);
  for (auto& [sha, id] : expected) {
    if (attentions_[id].category == "seguridad_vial") expected_vial.insert(sha);
  }
  EXPECT_EQ(vial, expected_vial);
  EXPECT_TRUE(vial.count(sha_of["multi-second-officer"]));
  auto zone10 = Items({"clips", "--zone", "10", "--module", "tejada"});
  EXPECT_TRUE(std::any_of(zone10.begin(), zone10.end(), [&](auto& c) { return c["sha256"] == sha_of["multi-second-officer"]; }));
  auto with = Items({"attentions", "--with-clips"});
  std::set<std::string> with_ids;
  for (auto& a : with) with_ids.insert(a["id"]);
  std::set<std::string> expected_ids;
  for (auto& [sha, id] : expected) expected_ids.insert(id);
  EXPECT_EQ(with_ids, expected_ids);
  EXPECT_EQ(Items({"attentions", "--without-clips"}).size(), attentions_.size() - expected_ids.size());

  // show ATTENTION lists its clips and how they were linked.
  auto show = C({"show", "H-EDGE"});
  ASSERT_EQ(show.exit_code, 0) << show.Describe();
  EXPECT_NE(show.out.find("  clip       " + sha_of["edge-after-linked"].substr(0, 12) +
                          "  automatic, officer+overlap margin=10m; by tester"),
            std::string::npos)
      << show.out;
}

TEST_F(LinksScenario, ManualUnlinkSurvivesLinkAutoAndAManualLinkLiftsIt) {
  std::string clip = ShaOf(AddTimedClip("c", "2026-01-20T15:10:00Z", 21));  // during H-EDGE
  std::string other = ShaOf(AddTimedClip("d", "2026-01-22T13:05:00Z", 22));
  ASSERT_EQ(C({"roster", "import", Roster()}).exit_code, 0);
  ASSERT_EQ(C({"import", "attentions", hand_}).exit_code, 0);
  ASSERT_EQ(C({"offload", CamDir("c"), "--device", "BWC-04M01"}).exit_code, 0);
  ASSERT_EQ(C({"offload", CamDir("d"), "--device", "BWC-11M02"}).exit_code, 0);
  ASSERT_EQ(Items({"clips", "--attention", "H-EDGE"}).size(), 1u);

  // The reason is mandatory; ids must exist.
  auto no_reason = C({"unlink", clip.substr(0, 10), "H-EDGE"});
  EXPECT_EQ(no_reason.exit_code, 2) << no_reason.Describe();
  EXPECT_NE(no_reason.err.find("a reason is required"), std::string::npos) << no_reason.err;
  EXPECT_EQ(C({"unlink", "deadbeef00", "H-EDGE", "--reason", "x"}).exit_code, 2);
  auto unknown_att = C({"link", clip.substr(0, 10), "H-NOPE", "--reason", "x"});
  EXPECT_EQ(unknown_att.exit_code, 2) << unknown_att.Describe();
  EXPECT_NE(unknown_att.err.find("no attention \"H-NOPE\" in the vault"), std::string::npos) << unknown_att.err;

  auto un = C({"unlink", clip.substr(0, 10), "H-EDGE", "--reason", "the clip shows the previous incident"});
  ASSERT_EQ(un.exit_code, 0) << un.Describe();
  EXPECT_NE(un.out.find("auto-link will not link them again"), std::string::npos) << un.out;
  EXPECT_TRUE(Items({"clips", "--attention", "H-EDGE"}).empty());
  auto again = C({"unlink", clip.substr(0, 10), "H-EDGE", "--reason", "again"});
  EXPECT_EQ(again.exit_code, 0) << again.Describe();
  EXPECT_NE(again.out.find("were already unlinked (manual: the clip shows the previous incident; by tester"),
            std::string::npos)
      << again.out;
  auto never = C({"unlink", other.substr(0, 10), "H-EDGE", "--reason", "x"});
  EXPECT_EQ(never.exit_code, 2) << never.Describe();
  EXPECT_NE(never.err.find("is not linked to attention \"H-EDGE\": nothing to unlink"), std::string::npos) << never.err;

  // link auto (and another offload, and another import) never undo it.
  auto la = C({"link", "auto"});
  ASSERT_EQ(la.exit_code, 0) << la.Describe();
  EXPECT_NE(la.out.find("0 new links, 0 automatic links removed; 0 matches already linked, 1 kept unlinked by a person"),
            std::string::npos)
      << la.out;
  EXPECT_TRUE(Items({"clips", "--attention", "H-EDGE"}).empty());

  // A person links it again: the block is lifted, the link is manual.
  auto ln = C({"link", clip.substr(0, 10), "H-EDGE", "--reason", "reviewed: it is this incident after all"});
  ASSERT_EQ(ln.exit_code, 0) << ln.Describe();
  EXPECT_NE(ln.out.find("this lifts the unlink of custody entry"), std::string::npos) << ln.out;
  auto s = JsonOf(C({"show", "clip:" + clip, "--json"}));
  ASSERT_EQ(s["links"].size(), 1u);
  EXPECT_EQ(s["links"][0]["method"], "manual");
  EXPECT_EQ(s["links"][0]["reason"], "reviewed: it is this incident after all");
  EXPECT_EQ(s["links"][0]["actor"], "tester");
  auto dup = C({"link", clip.substr(0, 10), "H-EDGE", "--reason", "twice"});
  EXPECT_EQ(dup.exit_code, 0);
  EXPECT_NE(dup.out.find("are already linked (manual: reviewed"), std::string::npos) << dup.out;
  // A manual link of a pair the rule does not match stays too.
  ASSERT_EQ(C({"link", other.substr(0, 10), "H-EDGE", "--reason", "seen in the background"}).exit_code, 0);
  EXPECT_EQ(Items({"clips", "--attention", "H-EDGE"}).size(), 2u);
  ASSERT_EQ(C({"link", "auto"}).exit_code, 0);
  EXPECT_EQ(Items({"clips", "--attention", "H-EDGE"}).size(), 2u);
  auto entries = LogOf("unlink");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["reason"], "the clip shows the previous incident");
  EXPECT_EQ(entries[0]["details"]["method"], "manual");
}

}  // namespace
}  // namespace custodia::testing
