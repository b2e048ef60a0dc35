// What a docking script and an operator see while an offload runs
// (doc/formats/progress.md): NDJSON events only on stdout, plain lines when
// not on a terminal, a bar on one.
#include "camera_fixture.h"
#include "cli_fixture.h"
#include "event_stream.h"

namespace custodia::testing {
namespace {

class ProgressTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Init();
    cam = MakeAxisCamera(cam_);
    bad = cam_ + "/SZ-1042_ACCC8E012345_20260115_140000/20261315_140005_1003.mp4";  // fails: month 13
    MakeUniqueClip(bad, "bad");
    truncated = AddClip("truncated", "CUT0001.MP4");  // flagged, stored bit-exact
  }
  AxisCamera cam;
  std::string bad, truncated;
};

TEST_F(ProgressTest, NdjsonStdoutCarriesOnlyWellFormedEventsAndTheSummaryLast) {
  // As the dock runs it: --json does not add a second document to stdout.
  auto r = C({"offload", cam_, "--profile", "axis", "--json", "--progress=ndjson"});
  EXPECT_EQ(r.exit_code, 3) << r.Describe();
  auto events = CheckEventStream(r.out);
  ASSERT_FALSE(events.empty());
  const Json& sum = events.back();
  EXPECT_EQ(sum["exit_code"], 3);
  EXPECT_TRUE(sum["offload_id"] == events.front()["offload_id"]);
  std::map<std::string, int> outcomes;
  for (const auto& e : events) {
    if (e["event"] != "file_done") continue;
    outcomes[e["outcome"].get<std::string>()]++;
    if (e["path"].get<std::string>().find("20261315_140005") != std::string::npos) {
      EXPECT_EQ(e["outcome"], "failed");
      EXPECT_NE(e["error"].get<std::string>().find("is not a valid UTC time"), std::string::npos) << e.dump();
    }
    if (e["path"].get<std::string>().find("CUT0001.MP4") != std::string::npos) {
      EXPECT_EQ(e["outcome"], "flagged");
      EXPECT_EQ(e["media_status"], "truncated");
    }
    if (e["kind"] == "sidecar") {
      EXPECT_TRUE(IsHex64(e["clip"])) << e.dump();
    }
  }
  EXPECT_EQ(outcomes["ingested"], 4);  // three clips and the key sidecar
  EXPECT_EQ(outcomes["flagged"], 1);
  EXPECT_EQ(outcomes["failed"], 1);
  EXPECT_EQ(outcomes["skipped"], 1);
  EXPECT_EQ(sum["ingested"], 3);  // the summary counts clips (media files)
  EXPECT_EQ(sum["flagged"], 1);
  EXPECT_EQ(sum["failed"], 1);
  EXPECT_EQ(sum["skipped"], 1);
  EXPECT_EQ(sum["files"], events.front()["files"]);
  // A file's failure is told by its file_done event; stderr is for what
  // stops the whole command (and is empty here).
  EXPECT_EQ(r.err.find("20261315_140005"), std::string::npos) << r.err;
}

TEST_F(ProgressTest, PlainLinesWhenNotATerminalAndABarWhenAskedFor) {
  auto plain = C({"offload", cam_, "--profile", "axis"});  // auto: stderr is a pipe here
  EXPECT_EQ(plain.exit_code, 3) << plain.Describe();
  EXPECT_EQ(plain.err.find('\r'), std::string::npos) << "no carriage returns off a terminal";
  EXPECT_NE(plain.err.find("offload "), std::string::npos) << plain.err;
  for (const auto& c : cam.clips) {
    EXPECT_NE(plain.err.find("ingested       " + std::string(cam_) + "/" + c.rel_path), std::string::npos)
        << plain.err;
  }
  EXPECT_NE(plain.err.find("flagged        " + truncated), std::string::npos) << plain.err;
  EXPECT_NE(plain.err.find("failed         " + bad), std::string::npos) << plain.err;
  EXPECT_NE(plain.out.find("3 ingested, 0 duplicate, 1 flagged, 1 failed, 1 skipped"), std::string::npos)
      << plain.out;
  EXPECT_NE(plain.out.find("FAILED " + bad), std::string::npos) << plain.out;

  auto bar = C({"offload", cam_, "--profile", "axis", "--progress=bar"});
  EXPECT_EQ(bar.exit_code, 3) << bar.Describe();
  EXPECT_NE(bar.err.find("\r["), std::string::npos) << bar.err;
  EXPECT_NE(bar.err.find(" files  "), std::string::npos) << bar.err;
  EXPECT_NE(bar.err.find("/s  ETA "), std::string::npos) << bar.err;
  EXPECT_NE(bar.err.find("duplicate      "), std::string::npos) << bar.err;

  auto none = C({"offload", cam_, "--profile", "axis", "--progress=none", "--json"});
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_EQ(none.err.find("duplicate      "), std::string::npos) << "no progress at all" << none.err;
  EXPECT_EQ(JsonOf(none)["schema"], "custodia.offload/1");
}

TEST_F(ProgressTest, NothingStartedMeansNoEventsAndTheErrorOnStderr) {
  auto r = C({"offload", cam_ + "/missing", "--progress=ndjson"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("cannot be read"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace custodia::testing
