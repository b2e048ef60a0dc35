// `custodia profiles list|test` and `offload --profile` against the real
// binary and real ffmpeg clips.
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <set>

#include "camera_fixture.h"
#include "cli_fixture.h"

namespace custodia::testing {
namespace {

const char kLocalProfile[] = R"js({
  "$schema": "https://custodia.invalid/schemas/device-profile.schema.json",
  "description": "Miraflores X1: <device>/<officer>_<local start>.mp4",
  "media_extensions": [".mp4"],
  "patterns": ["^(?<device>X1-[0-9]+)/(?<officer>[A-Z]{2}-[0-9]+)_(?<start>[0-9]{8}-[0-9]{6})\\.mp4$"],
  "start_format": "%Y%m%d-%H%M%S",
  "clock": "local"
})js";

class ProfilesCliTest : public CliTest {
 protected:
  void WriteProfile(const std::string& name, const std::string& text) {
    MakeDirs(vault_ + "/profiles");
    WriteFile(vault_ + "/profiles/" + name + ".json", text);
  }
  std::map<std::string, Json> PreviewByPath(const RunResult& r) {
    std::map<std::string, Json> out;
    Json j = JsonOf(r);
    EXPECT_EQ(j["schema"], "custodia.profiles-test/1");
    for (auto& i : j["items"]) out[i["path"].get<std::string>()] = i;
    return out;
  }
};

TEST_F(ProfilesCliTest, ListShowsTheBuiltInsAndTheVaultsProfiles) {
  Init();
  WriteProfile("x1", kLocalProfile);
  auto r = C({"profiles", "list", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  Json j = JsonOf(r);
  EXPECT_EQ(j["schema"], "custodia.profiles/1");
  std::vector<std::string> names;
  for (auto& p : j["items"]) names.push_back(p["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"generic", "axis", "x1"}));
  EXPECT_EQ(j["items"][2]["clock"], "local");
  EXPECT_EQ(j["items"][2]["source"], vault_ + "/profiles/x1.json");
  auto table = C({"profiles", "list"});
  EXPECT_NE(table.out.find("axis"), std::string::npos);
}

TEST_F(ProfilesCliTest, ClockLocalProfileReadsTimesInTheVaultsZoneInTestAndInOffload) {
  Init();  // America/Lima, UTC-5
  WriteProfile("x1", kLocalProfile);
  std::string dir = cam_ + "/X1-0042";
  MakeDirs(dir);
  MakeUniqueClip(dir + "/SZ-1042_20260115-090005.mp4", "local");
  auto r = C({"profiles", "test", cam_, "--profile", "x1", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  auto files = PreviewByPath(r);
  auto& f = files["X1-0042/SZ-1042_20260115-090005.mp4"];
  EXPECT_EQ(f["kind"], "media");
  EXPECT_EQ(f["officer"], "SZ-1042");
  EXPECT_EQ(f["device"], "X1-0042");
  EXPECT_EQ(f["start"], "2026-01-15T14:00:05.000Z");
  EXPECT_EQ(f["start_local"], "2026-01-15T09:00:05.000-05:00");
  auto table = C({"profiles", "test", cam_, "--profile", "x1"});
  EXPECT_NE(table.out.find("2026-01-15 09:00:05"), std::string::npos) << table.out;   // local
  EXPECT_NE(table.out.find("2026-01-15T14:00:05.000Z"), std::string::npos) << table.out;  // UTC

  auto off = C({"offload", cam_, "--profile", "x1", "--json"});
  ASSERT_EQ(off.exit_code, 0) << off.Describe();
  auto clips = Clips();
  ASSERT_EQ(clips.size(), 1u);
  EXPECT_EQ(clips[0]["start"], "2026-01-15T14:00:05.000Z");
  EXPECT_EQ(clips[0]["recorded_source"], "profile");
  EXPECT_EQ(clips[0]["officer"], "SZ-1042");
  EXPECT_EQ(clips[0]["device"], "X1-0042");
}

TEST_F(ProfilesCliTest, BadProfileJsonIsAClearErrorWithExit2) {
  Init();
  WriteProfile("x1", kLocalProfile);
  WriteProfile("broken", "{\"clock\": \"local\",\n \"patterns\": [\"(?<start>\" \n");
  std::string file = vault_ + "/profiles/broken.json";

  auto list = C({"profiles", "list"});
  EXPECT_EQ(list.exit_code, 2) << list.Describe();
  EXPECT_NE(list.err.find(file), std::string::npos) << list.err;
  EXPECT_NE(list.out.find("x1"), std::string::npos) << "the good profiles are still listed\n" << list.out;

  auto test = C({"profiles", "test", cam_, "--profile", "broken"});
  EXPECT_EQ(test.exit_code, 2) << test.Describe();
  EXPECT_NE(test.err.find(file), std::string::npos) << test.err;
  EXPECT_NE(test.err.find("what to do"), std::string::npos) << test.err;

  WriteProfile("nogroups", R"js({"patterns":["[0-9]+\\.mp4"]})js");
  auto bad = C({"offload", cam_, "--profile", "nogroups"});
  EXPECT_EQ(bad.exit_code, 2) << bad.Describe();
  EXPECT_NE(bad.err.find("none of the named groups officer, device, start"), std::string::npos) << bad.err;

  // A damaged profile file does not stop offloads that use another profile.
  AddClip("mp4", "CLIP0001.MP4");
  EXPECT_EQ(C({"offload", cam_, "--profile", "axis"}).exit_code, 0);
}

TEST_F(ProfilesCliTest, UnknownProfileIsExit2AndListsTheValidOnes) {
  Init();
  WriteProfile("x1", kLocalProfile);
  for (auto args : {std::vector<std::string>{"profiles", "test", cam_, "--profile", "axsi"},
                    std::vector<std::string>{"offload", cam_, "--profile", "axsi"}}) {
    auto r = C(args);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_NE(r.err.find("unknown device profile \"axsi\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("generic, axis, x1"), std::string::npos) << r.err;
  }
}

TEST_F(ProfilesCliTest, TestAgreesWithWhatAnOffloadDoesAndWritesNothing) {
  Init();
  AxisCamera cam = MakeAxisCamera(cam_);
  std::string bad = "SZ-1042_ACCC8E012345_20260115_140000/20261315_140005_1003.mp4";  // month 13
  MakeUniqueClip(cam_ + "/" + bad, "bad");
  std::string entries = vault_ + "/log/entries.jsonl";
  std::string before = ReadFile(entries);
  auto receipts_before = std::distance(std::filesystem::directory_iterator(vault_ + "/receipts"),
                                       std::filesystem::directory_iterator());

  auto r = C({"profiles", "test", cam_, "--profile", "axis", "--json"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();  // one name matches but its time does not parse
  EXPECT_NE(r.err.find(bad), std::string::npos) << r.err;
  auto preview = PreviewByPath(r);
  EXPECT_EQ(ReadFile(entries), before) << "profiles test must not log";
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(vault_ + "/receipts"),
                          std::filesystem::directory_iterator()),
            receipts_before);
  for (const auto& c : cam.clips) {
    auto& p = preview[c.rel_path];
    EXPECT_EQ(p["kind"], "media") << c.rel_path;
    EXPECT_EQ(p["officer"], c.officer) << c.rel_path;
    EXPECT_EQ(p["device"], c.device) << c.rel_path;
    EXPECT_EQ(p["start"], c.start) << c.rel_path;
  }
  EXPECT_EQ(preview[cam.sidecars[0]]["kind"], "sidecar");
  EXPECT_EQ(preview[cam.others[0]]["kind"], "skipped");
  EXPECT_FALSE(preview[bad]["error"].is_null());

  // The offload makes the same decisions: media ingested (failed where the
  // preview found an error), sidecars ingested, the rest skipped.
  auto off = C({"offload", cam_, "--profile", "axis", "--json"});
  EXPECT_EQ(off.exit_code, 3) << off.Describe();
  Json sum = JsonOf(off);
  std::string root = std::filesystem::canonical(cam_).string() + "/";
  std::set<std::string> seen;
  for (auto& f : sum["file_list"]) {
    std::string rel = f["path"].get<std::string>().substr(root.size());
    seen.insert(rel);
    ASSERT_TRUE(preview.count(rel)) << rel;
    const Json& p = preview[rel];
    if (!p["error"].is_null()) {
      EXPECT_EQ(f["outcome"], "failed") << rel;
    } else if (p["kind"] == "skipped") {
      EXPECT_EQ(f["outcome"], "skipped") << rel;
    } else {
      EXPECT_EQ(f["kind"], p["kind"]) << rel;
      EXPECT_EQ(f["outcome"], "ingested") << rel;
    }
  }
  EXPECT_EQ(seen.size(), preview.size());
  for (auto& c : Clips()) {
    std::string name = c["original_name"];
    bool matched = false;
    for (const auto& e : cam.clips) {
      if (e.rel_path.substr(e.rel_path.rfind('/') + 1) != name) continue;
      matched = true;
      EXPECT_EQ(c["officer"], e.officer);
      EXPECT_EQ(c["device"], e.device);
      EXPECT_EQ(c["start"], e.start);
      EXPECT_EQ(c["recorded_source"], "profile");
    }
    EXPECT_TRUE(matched) << name;
  }
}

}  // namespace
}  // namespace custodia::testing
