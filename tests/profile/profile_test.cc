// The profile module in-process: built-in axis layout, user profiles with
// clock local, start formats, and the errors a police IT person will see.
#include <gtest/gtest.h>

#include <map>

#include "custodia/profile.h"
#include "testutil.h"

namespace custodia {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::shared_ptr<const ProfileMatcher> Matcher(const DeviceProfile& p, const std::string& tz = "America/Lima") {
  auto zone = TimeZone::Load(tz);
  EXPECT_TRUE(zone.ok());
  auto m = ProfileMatcher::Compile(p, *zone);
  EXPECT_TRUE(m.ok()) << m.status().message();
  return *m;
}

DeviceProfile Builtin(const std::string& name) {
  for (auto& p : BuiltinProfiles()) {
    if (p.name == name) return p;
  }
  ADD_FAILURE() << "no built-in " << name;
  return {};
}

Result<DeviceProfile> FromText(const std::string& text, const std::string& where = "VAULT/profiles/x.json") {
  auto j = ParseJson(text, where);
  if (!j.ok()) return j.status();
  return DeviceProfile::FromJson(*j, where);
}

TEST(AxisProfile, ReadsOfficerDeviceAndStartFromTheRecordingFolderAndClipName) {
  auto m = Matcher(Builtin("axis"));
  auto f = m->Extract("SZ-1042_ACCC8E012345_20260115_140000/20260115_140005_4711.mkv");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->officer, "SZ-1042");
  EXPECT_EQ(f->device, "ACCC8E012345");
  ASSERT_TRUE(f->start.has_value());
  EXPECT_EQ(FormatUtc(*f->start), "2026-01-15T14:00:05.000Z");  // UTC, whatever the vault's zone
  EXPECT_EQ(f->start_text, "20260115_140005");
  EXPECT_FALSE(f->pattern.empty());
}

TEST(AxisProfile, AcceptsTheOtherTimeSpellingsAnUnderscoreInTheUserIdAndANestedRoot) {
  auto m = Matcher(Builtin("axis"));
  auto t = m->Extract("export/SZ_1042_ACCC8E012345_20260115T140000Z/20260115T140005Z_77.MP4");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->officer, "SZ_1042");  // the serial is the last field before the time
  EXPECT_EQ(t->device, "ACCC8E012345");
  EXPECT_EQ(FormatUtc(*t->start), "2026-01-15T14:00:05.000Z");
  auto e = m->Extract("u-1_ACCC8E012345_1768485600/1768485605_9.mkv");  // Unix seconds
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(FormatUtc(*e->start), "2026-01-15T14:00:05.000Z");
}

TEST(AxisProfile, ANameOutsideTheLayoutGivesNoFactsAndNoError) {
  auto m = Matcher(Builtin("axis"));
  auto f = m->Extract("DCIM/CLIP0001.MP4");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->officer.empty());
  EXPECT_FALSE(f->start.has_value());
  EXPECT_TRUE(f->pattern.empty());
  EXPECT_TRUE(m->IsMedia("a.MKV"));
  EXPECT_FALSE(m->IsMedia("a.mov"));  // Axis writes mkv or mp4 only
  EXPECT_TRUE(m->IsSidecar("20260115_140005_4711.key"));
}

TEST(AxisProfile, AMatchingNameWithAnImpossibleTimeIsAnErrorNamingThePath) {
  auto m = Matcher(Builtin("axis"));
  auto f = m->Extract("SZ-1_CAM1_20260115_140000/20261315_140005_1.mkv");  // month 13
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().ExitCode(), 2);
  EXPECT_NE(f.status().message().find("SZ-1_CAM1_20260115_140000/20261315_140005_1.mkv"), std::string::npos);
  EXPECT_NE(f.status().message().find("20261315_140005"), std::string::npos);
  EXPECT_FALSE(m->Extract("SZ-1_CAM1_20260115_140000/20260230_140005_1.mkv").ok());  // 30 February
}

TEST(UserProfile, ClockLocalMeansTheVaultsTimeZone) {
  auto p = FromText(R"js({"description":"Miraflores X1",
    "patterns":["^(?<device>X1-[0-9]+)/(?<officer>[A-Z]{2}-[0-9]+)_(?<start>[0-9]{8}-[0-9]{6})\\.mp4$"],
    "start_format":"%Y%m%d-%H%M%S","clock":"local","media_extensions":["mp4"]})js");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->media_extensions, std::vector<std::string>{".mp4"});
  auto f = Matcher(*p, "America/Lima")->Extract("X1-0042/SZ-1042_20260115-090005.mp4");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->device, "X1-0042");
  EXPECT_EQ(f->officer, "SZ-1042");
  EXPECT_EQ(FormatUtc(*f->start), "2026-01-15T14:00:05.000Z");  // Lima is UTC-5
  // The same profile with clock utc reads the same name five hours earlier.
  DeviceProfile utc = *p;
  utc.clock = "utc";
  EXPECT_EQ(FormatUtc(*Matcher(utc)->Extract("X1-0042/SZ-1042_20260115-090005.mp4")->start),
            "2026-01-15T09:00:05.000Z");
}

TEST(UserProfile, ALocalTimeInADaylightSavingGapIsRejected) {
  auto p = FromText(R"js({"patterns":["(?<start>[0-9]{8}_[0-9]{4})\\.mp4$"],"start_format":"%Y%m%d_%H%M","clock":"local"})js");
  ASSERT_TRUE(p.ok()) << p.status().message();
  auto m = Matcher(*p, "America/New_York");
  EXPECT_FALSE(m->Extract("20260308_0230.mp4").ok());  // clocks jump 02:00 -> 03:00
  EXPECT_TRUE(m->Extract("20260308_0330.mp4").ok());
}

TEST(UserProfile, FractionsAndSeveralFormatsInOrder) {
  auto utc = TimeZone::Utc();
  EXPECT_EQ(FormatUtc(*ParseProfileTime("%Y-%m-%dT%H:%M:%S.%f", "2026-01-15T14:00:05.25", utc)),
            "2026-01-15T14:00:05.250Z");
  EXPECT_FALSE(ParseProfileTime("%Y%m%d_%H%M%S", "20260115140005", utc).has_value());
  EXPECT_TRUE(ParseProfileTime("%Y%m%d%H%M%S", "20260115140005", utc).has_value());
  EXPECT_FALSE(ParseProfileTime("%Y%m%d%H%M%S", "2026011514000", utc).has_value());
}

TEST(UserProfile, BadProfilesSayWhatAndWhere) {
  struct Case {
    const char* json;
    const char* says;
  } cases[] = {
      {R"js({"clock":"lima"})js", "\"clock\" must be \"utc\" or \"local\""},
      {R"js({"patern":["x"]})js", "unknown field \"patern\""},
      {R"js({"patterns":["(?<officer>[a-z"]})js", "does not compile"},
      {R"js({"patterns":["(?<start>[0-9]+)"]})js", "no \"start_format\""},
      {R"js({"patterns":["[0-9]+"]})js", "none of the named groups"},
      {R"js({"patterns":["(?<start>[0-9]+)"],"start_format":"%Y%m%d %Q"})js", "unknown directive %Q"},
      {R"js({"patterns":["(?<start>[0-9]+)"],"start_format":"%Y%m%d"})js", "has no %H"},
      {R"js({"media_extensions":"mp4"})js", "must be an array of extensions"},
      {R"js({"media_extensions":[]})js", "nothing would be offloaded"},
      {R"js({"name":"a b"})js", "must match [A-Za-z0-9._-]{1,64}"},
      {R"js(["not","an","object"])js", "a device profile is a JSON object"},
  };
  for (const auto& c : cases) {
    auto p = FromText(c.json, "/v/profiles/x.json");
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_EQ(p.status().ExitCode(), 2) << c.json;
    EXPECT_NE(p.status().message().find(c.says), std::string::npos) << c.json << " -> " << p.status().message();
    EXPECT_NE(p.status().message().find("/v/profiles/x.json"), std::string::npos) << p.status().message();
  }
}

TEST(ProfileFiles, FindReadsOnlyTheNamedFileAndUnknownNamesListTheValidOnes) {
  TempDir dir;
  std::string profiles = dir / "profiles";
  testing::MakeDirs(profiles);
  WriteFile(profiles + "/x1.json", R"js({"patterns":["^(?<device>[^/]+)/"]})js");
  WriteFile(profiles + "/broken.json", "{ not json");
  Env* env = Env::Default();
  auto x1 = FindProfile(env, profiles, "x1");
  ASSERT_TRUE(x1.ok()) << x1.status().message();
  EXPECT_EQ(x1->name, "x1");  // the file's stem
  EXPECT_TRUE(FindProfile(env, profiles, "axis").ok());  // a damaged file does not stop others
  auto broken = FindProfile(env, profiles, "broken");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("broken.json"), std::string::npos);
  auto unknown = FindProfile(env, profiles, "nope");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().ExitCode(), 2);
  EXPECT_NE(unknown.status().hint().find("generic, axis, broken, x1"), std::string::npos) << unknown.status().hint();

  std::vector<Status> damaged;
  auto all = ListProfiles(env, profiles, &damaged);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  ASSERT_EQ(damaged.size(), 1u);
  EXPECT_FALSE(ListProfiles(env, profiles).ok());

  WriteFile(profiles + "/axis.json", R"js({})js");
  damaged.clear();
  ASSERT_TRUE(ListProfiles(env, profiles, &damaged).ok());
  ASSERT_EQ(damaged.size(), 2u);  // broken.json, and axis.json: a built-in name
  EXPECT_NE(damaged[0].message().find("axis.json"), std::string::npos) << damaged[0].message();
  EXPECT_NE(damaged[0].message().find("built-in"), std::string::npos) << damaged[0].message();
  WriteFile(profiles + "/y.json", R"js({"name":"z"})js");
  auto y = FindProfile(env, profiles, "y");
  ASSERT_FALSE(y.ok());
  EXPECT_NE(y.status().message().find("\"name\" is \"z\""), std::string::npos);
}

TEST(ProfilePreview, ClassifiesLikeAnOffloadWithoutReadingContents) {
  TempDir dir;
  std::string cam = dir / "cam";
  std::string rec = cam + "/SZ-1042_ACCC8E012345_20260115_140000";
  testing::MakeDirs(rec);
  WriteFile(rec + "/20260115_140005_1.mkv", "not really a clip: never read");
  WriteFile(rec + "/20260115_140005_1.key", "k");
  WriteFile(rec + "/20260115_140005_1_ACCC8E012345_gpstrail.json", "{}");
  WriteFile(rec + "/20261315_140005_2.mp4", "x");
  WriteFile(cam + "/.hidden.mp4", "x");
  WriteFile(cam + "/notes.doc", "x");
  auto files = PreviewSource(Env::Default(), cam, *Matcher(Builtin("axis")));
  ASSERT_TRUE(files.ok()) << files.status().message();
  std::map<std::string, ProfilePreviewFile> by_path;
  for (auto& f : *files) by_path[f.path] = f;
  ASSERT_EQ(by_path.size(), 5u);  // dotfiles are left out, as offload does
  auto& clip = by_path["SZ-1042_ACCC8E012345_20260115_140000/20260115_140005_1.mkv"];
  EXPECT_EQ(clip.kind, "media");
  EXPECT_EQ(clip.facts.officer, "SZ-1042");
  auto& key = by_path["SZ-1042_ACCC8E012345_20260115_140000/20260115_140005_1.key"];
  EXPECT_EQ(key.kind, "sidecar");
  EXPECT_EQ(key.clip, clip.path);
  EXPECT_EQ(by_path["SZ-1042_ACCC8E012345_20260115_140000/20260115_140005_1_ACCC8E012345_gpstrail.json"].kind,
            "skipped");
  EXPECT_EQ(by_path["notes.doc"].kind, "skipped");
  auto& bad = by_path["SZ-1042_ACCC8E012345_20260115_140000/20261315_140005_2.mp4"];
  EXPECT_EQ(bad.kind, "media");
  EXPECT_NE(bad.error.find("20261315_140005"), std::string::npos);
}

}  // namespace
}  // namespace custodia
