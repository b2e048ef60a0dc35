// creation_time forms written by libav and by cameras.
#include "probe/creation_time.h"

#include <gtest/gtest.h>

namespace custodia::probe_internal {
namespace {

std::string Parsed(const char* text) {
  auto t = ParseCreationTime(text);
  return t.ok() ? FormatUtc(*t) : "error: " + t.status().message();
}

TEST(CreationTime, LibavForms) {
  EXPECT_EQ(Parsed("2026-01-15T14:00:00.000000Z"), "2026-01-15T14:00:00.000Z");
  EXPECT_EQ(Parsed("2026-01-15T14:00:00.123456Z"), "2026-01-15T14:00:00.123Z");
  EXPECT_EQ(Parsed("2026-01-15T14:00:00Z"), "2026-01-15T14:00:00.000Z");
}

TEST(CreationTime, CameraForms) {
  EXPECT_EQ(Parsed("2026-01-15 09:00:00-05:00"), "2026-01-15T14:00:00.000Z");
  EXPECT_EQ(Parsed("2026-01-15T09:00:00-0500"), "2026-01-15T14:00:00.000Z");
  EXPECT_EQ(Parsed("2026-01-15T19:30:00+05:30"), "2026-01-15T14:00:00.000Z");
  EXPECT_EQ(Parsed("2026-01-15T09:00:00.5-05"), "2026-01-15T14:00:00.500Z");
  EXPECT_EQ(Parsed("  2026-01-15T14:00:00Z "), "2026-01-15T14:00:00.000Z");
}

TEST(CreationTime, Refused) {
  EXPECT_EQ(Parsed("2026-01-15 14:00:00"), "error: it has no UTC offset, so the camera's time zone is unknown here");
  EXPECT_EQ(Parsed("garbage"), "error: not an ISO 8601 date and time (expected e.g. 2026-01-15T14:00:00Z)");
  EXPECT_EQ(Parsed("15/01/2026 14:00:00Z"),
            "error: not an ISO 8601 date and time (expected e.g. 2026-01-15T14:00:00Z)");
  EXPECT_EQ(Parsed("2026-02-30T14:00:00Z"),
            "error: not an ISO 8601 date and time (expected e.g. 2026-01-15T14:00:00Z)");
  EXPECT_EQ(Parsed("2026-01-15T14:00:00+5"),
            "error: not an ISO 8601 date and time (expected e.g. 2026-01-15T14:00:00Z)");
  EXPECT_EQ(Parsed(""), "error: not an ISO 8601 date and time (expected e.g. 2026-01-15T14:00:00Z)");
}

}  // namespace
}  // namespace custodia::probe_internal
