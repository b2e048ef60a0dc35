// Checks an NDJSON progress stream (doc/formats/progress.md): every line a
// JSON object with a known "event", start first, summary last, one file_done
// per file the start announced, sha256 wherever a file was stored.
#ifndef CUSTODIA_TESTS_DOCK_EVENT_STREAM_H_
#define CUSTODIA_TESTS_DOCK_EVENT_STREAM_H_

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "custodia/json.h"

namespace custodia::testing {

inline bool IsHex64(const Json& v) {
  if (!v.is_string() || v.get<std::string>().size() != 64) return false;
  for (char c : v.get<std::string>()) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// One offload's events; fails the test (and says which line) when the stream
// is not well-formed.
inline std::vector<Json> CheckEventStream(const std::string& text) {
  static const std::set<std::string> kEvents = {"start", "file_start", "progress", "file_done", "summary"};
  static const std::set<std::string> kOutcomes = {"ingested", "duplicate", "flagged", "failed", "skipped"};
  std::vector<Json> events;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    Json j = Json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "line " << n << " is not JSON: " << line;
    if (j.is_discarded()) continue;
    EXPECT_TRUE(j.is_object() && j.contains("event") && j["event"].is_string()) << "line " << n << ": " << line;
    if (!j.is_object() || !j.contains("event")) continue;
    EXPECT_TRUE(kEvents.count(j["event"].get<std::string>())) << "line " << n << ": unknown event " << line;
    events.push_back(j);
  }
  EXPECT_FALSE(text.empty() || text.back() != '\n') << "the stream must end with a newline";
  if (events.empty()) {
    ADD_FAILURE() << "no events";
    return events;
  }
  EXPECT_EQ(events.front()["event"], "start");
  EXPECT_EQ(events.back()["event"], "summary");
  size_t summaries = 0, starts = 0, done = 0;
  uint64_t last_bytes = 0;
  std::set<std::string> started;
  for (const auto& e : events) {
    std::string ev = e["event"];
    if (ev == "summary") ++summaries;
    if (ev == "start") {
      ++starts;
      EXPECT_TRUE(e["offload_id"].is_string() && e["files"].is_number_unsigned() && e["bytes"].is_number_unsigned() &&
                  e["time"].is_string())
          << e.dump();
    }
    if (ev == "file_start") {
      EXPECT_TRUE(e["path"].is_string() && e["size"].is_number_unsigned()) << e.dump();
      started.insert(e["path"].get<std::string>());
    }
    if (ev == "progress") {
      EXPECT_LE(e["bytes_done"].get<uint64_t>(), e["bytes_total"].get<uint64_t>()) << e.dump();
      EXPECT_GE(e["bytes_done"].get<uint64_t>(), last_bytes) << "progress never goes back: " << e.dump();
      last_bytes = e["bytes_done"].get<uint64_t>();
    }
    if (ev == "file_done") {
      ++done;
      std::string outcome = e.value("outcome", "");
      EXPECT_TRUE(kOutcomes.count(outcome)) << e.dump();
      EXPECT_TRUE(e["path"].is_string() && e["kind"].is_string() && e["wiped"].is_boolean()) << e.dump();
      EXPECT_TRUE(e.contains("sha256")) << e.dump();
      if (outcome == "ingested" || outcome == "duplicate" || outcome == "flagged") {
        EXPECT_TRUE(IsHex64(e["sha256"])) << e.dump();
      }
      if (outcome == "failed") {
        EXPECT_TRUE(e["error"].is_string()) << e.dump();
      }
      if (e["kind"] == "media" && outcome != "failed") {
        EXPECT_TRUE(started.count(e["path"].get<std::string>())) << "file_done before file_start: " << e.dump();
      }
    }
  }
  EXPECT_EQ(starts, 1u);
  EXPECT_EQ(summaries, 1u);
  EXPECT_EQ(done, events.front()["files"].get<size_t>()) << "one file_done per file";
  return events;
}

// An events file with several offloads (the dock's wipe=complete runs two):
// split at each start event.
inline std::vector<std::string> SplitStreams(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("\"event\":\"start\"") != std::string::npos || out.empty()) out.emplace_back();
    out.back() += line + "\n";
  }
  return out;
}

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_DOCK_EVENT_STREAM_H_
