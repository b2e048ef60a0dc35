// ProbeResult::ToJson: the shape the clip manifest embeds as "media"
// (doc/formats/probe.md), canonical-JSON safe.
#include <gtest/gtest.h>

#include "custodia/probe.h"
#include "testutil.h"

namespace custodia::testing {
namespace {

TEST(ProbeJson, GoldenCanonicalForm) {
  ProbeResult r;
  r.status = "truncated";
  r.problems = {"box 'mdat' at offset 48 declares 1048576 bytes, only 5000 remain"};
  r.container = "mov,mp4,m4a,3gp,3g2,mj2";
  r.duration_ms = 1000;
  r.bit_rate = 123456;                                             // not part of the JSON
  r.creation_time = ParseUtc("2026-01-15T14:00:00.000Z").value();  // goes to recorded.start, not here
  r.tags = {{"creation_time", "2026-01-15T14:00:00.000000Z"}};
  StreamInfo v;
  v.index = 0;
  v.type = "video";
  v.codec = "h264";
  v.width = 320;
  v.height = 240;
  v.frame_rate = "30000/1001";
  v.duration_ms = 1000;
  v.tags = {{"language", "und"}};
  StreamInfo a;
  a.index = 1;
  a.type = "audio";
  a.codec = "aac";
  a.sample_rate = 48000;
  a.channels = 2;
  a.channel_layout = "stereo";
  StreamInfo d;
  d.index = 2;
  d.type = "data";
  r.streams = {v, a, d};

  auto text = CanonicalJson(r.ToJson());
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text,
            R"({"container":"mov,mp4,m4a,3gp,3g2,mj2","duration_ms":1000,)"
            R"("problems":["box 'mdat' at offset 48 declares 1048576 bytes, only 5000 remain"],"status":"truncated",)"
            R"("streams":[{"codec":"h264","duration_ms":1000,"frame_rate":"30000/1001","height":240,"index":0,)"
            R"("tags":{"language":"und"},"type":"video","width":320},)"
            R"({"channel_layout":"stereo","channels":2,"codec":"aac","duration_ms":-1,"index":1,"sample_rate":48000,)"
            R"("tags":{},"type":"audio"},)"
            R"({"codec":"","duration_ms":-1,"index":2,"tags":{},"type":"data"}],)"
            R"("tags":{"creation_time":"2026-01-15T14:00:00.000000Z"}})");
}

TEST(ProbeJson, EveryFixtureIsCanonicalSafe) {
  for (const char* kind : {"mp4", "mkv", "mov", "mp4_noaudio", "mp4_notime", "truncated", "garbage"}) {
    ProbeResult r = ProbeClip(FixtureClip(kind));
    auto text = CanonicalJson(r.ToJson());
    EXPECT_TRUE(text.ok()) << kind << ": " << text.status().ToString();
    Json j = r.ToJson();
    EXPECT_EQ(j.size(), 6u) << kind;
    for (const auto& s : j["streams"]) {
      for (const auto& [k, v] : s.items()) EXPECT_FALSE(v.is_number_float()) << kind << " " << k;
    }
  }
}

}  // namespace
}  // namespace custodia::testing
