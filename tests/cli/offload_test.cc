// End-to-end: init, offload, clips, show, verify, verify-file against the
// real binary, real libav, real minisign.
#include <sys/stat.h>

#include "cli_fixture.h"
#include "custodia/hash.h"

namespace custodia::testing {
namespace {

TEST_F(CliTest, OffloadStoresSignsAndIndexesEveryClip) {
  Init();
  std::string mp4 = AddClip("mp4", "CLIP0001.MP4");
  AddClip("mkv", "CLIP0002.mkv");
  WriteFile(cam_ + "/DCIM/CLIP0001.json", "{\"gps\":[]}\n");
  WriteFile(cam_ + "/DCIM/README.txt", "not a clip\n");
  auto r = C({"offload", cam_, "--device", "CAM-01", "--officer", "OF-7", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  Json sum = JsonOf(r);
  EXPECT_EQ(sum["ingested"], 2);
  EXPECT_EQ(sum["skipped"], 1);
  EXPECT_EQ(sum["failed"], 0);

  auto clips = Clips();
  ASSERT_EQ(clips.size(), 2u);
  std::string sha = HexOf(Sha256::Of(ReadFile(mp4)));
  bool found = false;
  for (auto& c : clips) {
    EXPECT_EQ(c["device"], "CAM-01");
    EXPECT_EQ(c["officer"], "OF-7");
    if (c["sha256"] == sha) {
      found = true;
      EXPECT_EQ(c["start"], "2026-01-15T14:00:00.000Z");  // creation_time of the fixture
      EXPECT_EQ(c["recorded_source"], "creation_time");
      EXPECT_EQ(c["status"], "ok");
      ASSERT_EQ(c["sidecars"].size(), 1u);
      EXPECT_EQ(c["sidecars"][0]["name"], "CLIP0001.json");
    }
  }
  EXPECT_TRUE(found);
  // Objects are bit-exact and write-once.
  EXPECT_EQ(ReadFile(Object(sha)), ReadFile(mp4));
  struct stat st;
  ASSERT_EQ(::stat(Object(sha).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  ASSERT_EQ(::stat((vault_ + "/keys/station.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((vault_ + "/objects").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  // The manifest is canonical JSON describing the clip.
  Json m = Json::parse(ReadFile(Manifest(sha)));
  EXPECT_EQ(m["schema"], "custodia.clip/1");
  EXPECT_EQ(m["sha256"], sha);
  EXPECT_EQ(m["media"]["status"], "ok");
  EXPECT_EQ(ReadFile(Manifest(sha)), m.dump() + "\n");
}

TEST_F(CliTest, StockMinisignVerifiesClipAndManifestSignaturesAndCatchesOneByte) {
  if (!HaveTool("minisign")) GTEST_SKIP() << "minisign missing";
  Init();
  std::string mp4 = AddClip("mp4", "CLIP0001.MP4");
  ASSERT_EQ(C({"offload", cam_}).exit_code, 0);
  std::string sha = HexOf(Sha256::Of(ReadFile(mp4)));
  std::string pub = vault_ + "/keys/station.pub";
  auto clip_ok = RunProcess({"minisign", "-Vm", Object(sha), "-x", ClipSig(sha), "-p", pub});
  EXPECT_EQ(clip_ok.exit_code, 0) << clip_ok.Describe();
  EXPECT_NE(clip_ok.out.find("custodia clip sha256=" + sha + " size="), std::string::npos) << clip_ok.out;
  auto man_ok = RunProcess({"minisign", "-Vm", Manifest(sha), "-p", pub});
  EXPECT_EQ(man_ok.exit_code, 0) << man_ok.Describe();

  // One byte changed in the clip copy / in the manifest: minisign says no.
  std::string copy = dir_ / "copy.mp4";
  WriteFile(copy, ReadFile(Object(sha)));
  FlipByte(copy, 1000);
  EXPECT_EQ(RunProcess({"minisign", "-Vm", copy, "-x", ClipSig(sha), "-p", pub}).exit_code, 1);
  std::string mcopy = dir_ / "m.json";
  WriteFile(mcopy, ReadFile(Manifest(sha)));
  FlipByte(mcopy, 10);
  EXPECT_EQ(RunProcess({"minisign", "-Vm", mcopy, "-x", Manifest(sha) + ".minisig", "-p", pub}).exit_code, 1);
}

TEST_F(CliTest, VerifyReadDataCatchesAFlippedByteAndNamesTheClip) {
  Init();
  std::string mp4 = AddClip("mp4", "A.MP4");
  AddClip("mkv", "B.mkv");
  ASSERT_EQ(C({"offload", cam_}).exit_code, 0);
  auto ok = C({"verify", "--all", "--read-data"});
  EXPECT_EQ(ok.exit_code, 0) << ok.Describe();
  EXPECT_NE(ok.out.find("2 ok, 0 failed"), std::string::npos) << ok.out;

  std::string sha = HexOf(Sha256::Of(ReadFile(mp4)));
  FlipByte(Object(sha), 5000);
  auto bad = C({"verify", "--all", "--read-data"});
  EXPECT_EQ(bad.exit_code, 1) << bad.Describe();
  EXPECT_NE(bad.out.find("FAILED " + sha), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("does not match its SHA-256"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("1 ok, 1 failed"), std::string::npos) << bad.out;
  // Without --read-data the size and signatures still look fine: exit 0.
  EXPECT_EQ(C({"verify", "--all"}).exit_code, 0);
}

TEST_F(CliTest, SecondOffloadStoresNothingNewAndReportsDuplicates) {
  Init();
  AddClip("mp4", "A.MP4");
  AddClip("mkv", "B.mkv");
  ASSERT_EQ(C({"offload", cam_}).exit_code, 0);
  auto count_objects = [&] {
    int n = 0;
    for (auto& e : std::filesystem::recursive_directory_iterator(vault_ + "/objects")) n += e.is_regular_file();
    return n;
  };
  int before = count_objects();
  auto r = C({"offload", cam_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  Json sum = JsonOf(r);
  EXPECT_EQ(sum["ingested"], 0);
  EXPECT_EQ(sum["duplicates"], 2);
  EXPECT_EQ(count_objects(), before);
  EXPECT_EQ(Clips().size(), 2u);
}

TEST_F(CliTest, TruncatedClipIsStoredBitExactAndFlagged) {
  Init();
  std::string t = AddClip("truncated", "CUT.MP4");
  auto r = C({"offload", cam_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();  // flagged is not a failure
  Json sum = JsonOf(r);
  EXPECT_EQ(sum["flagged"], 1);
  std::string sha = HexOf(Sha256::Of(ReadFile(t)));
  EXPECT_EQ(ReadFile(Object(sha)), ReadFile(t));
  auto clips = Clips({"--status", "truncated"});
  ASSERT_EQ(clips.size(), 1u);
  EXPECT_EQ(clips[0]["sha256"], sha);
  EXPECT_EQ(clips[0]["recorded_source"], "mtime");
  ASSERT_FALSE(clips[0]["problems"].empty());
}

TEST_F(CliTest, WipeDeletesOnlyVerifiedCopiesAndNeverOtherFiles) {
  Init();
  std::string a = AddClip("mp4", "A.MP4");
  std::string side = cam_ + "/DCIM/A.json";
  WriteFile(side, "{}\n");
  std::string other = cam_ + "/DCIM/notes.txt";
  WriteFile(other, "keep me\n");
  auto r = C({"offload", cam_, "--wipe", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(JsonOf(r)["wiped"], 2);
  EXPECT_FALSE(std::filesystem::exists(a));
  EXPECT_FALSE(std::filesystem::exists(side));
  EXPECT_TRUE(std::filesystem::exists(other));  // not a sidecar (no matching stem): skipped, never wiped
  EXPECT_EQ(C({"verify", "--all", "--read-data"}).exit_code, 0);
}

TEST_F(CliTest, ShowPrintsTheClipAndIsLogged) {
  Init();
  std::string mp4 = AddClip("mp4", "A.MP4");
  ASSERT_EQ(C({"offload", cam_, "--officer", "OF-1"}).exit_code, 0);
  std::string sha = HexOf(Sha256::Of(ReadFile(mp4)));
  auto r = C({"show", sha.substr(0, 10), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  Json j = JsonOf(r);
  EXPECT_EQ(j["clip"]["sha256"], sha);
  EXPECT_EQ(j["manifest"]["media"]["streams"][0]["width"], 320);
  std::string log = ReadFile(vault_ + "/log/entries.jsonl");
  EXPECT_NE(log.find("\"action\":\"show\""), std::string::npos);
}

TEST_F(CliTest, VerifyFileFindsClipsAndSidecarsAndSaysNoOtherwise) {
  Init();
  std::string mp4 = AddClip("mp4", "A.MP4");
  std::string side = cam_ + "/DCIM/A.gps";
  WriteFile(side, "$GPRMC\n");
  ASSERT_EQ(C({"offload", cam_}).exit_code, 0);
  auto yes = C({"verify-file", mp4, side});
  EXPECT_EQ(yes.exit_code, 0) << yes.Describe();
  EXPECT_NE(yes.out.find("sidecar of clip"), std::string::npos);
  std::string stranger = dir_ / "stranger.mp4";
  WriteFile(stranger, ReadFile(mp4) + "x");
  auto no = C({"verify-file", stranger});
  EXPECT_EQ(no.exit_code, 1) << no.Describe();
  EXPECT_NE(no.out.find("NOT IN VAULT"), std::string::npos);
}

}  // namespace
}  // namespace custodia::testing
