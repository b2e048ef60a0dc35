// Several probes at once (the offload pipeline runs them in parallel), and
// libav kept quiet by default.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "custodia/probe.h"
#include "testutil.h"

namespace custodia::testing {
namespace {

TEST(ProbeConcurrency, ParallelProbesAgreeWithSerialOnes) {
  const std::vector<std::string> kinds = {"mp4", "mkv", "mov", "mp4_noaudio", "truncated", "garbage"};
  std::vector<std::string> paths, expected;
  for (const auto& k : kinds) {
    paths.push_back(FixtureClip(k));
    expected.push_back(CanonicalJson(ProbeClip(paths.back()).ToJson()).value());
  }
  constexpr int kThreads = 4, kRounds = 10;
  std::vector<std::vector<std::string>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        for (size_t i = 0; i < paths.size(); ++i) {
          size_t k = (i + size_t(t)) % paths.size();
          got[size_t(t)].push_back(std::to_string(k) + " " + CanonicalJson(ProbeClip(paths[k]).ToJson()).value());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(got[size_t(t)].size(), size_t(kRounds) * paths.size());
    for (const auto& line : got[size_t(t)]) {
      size_t k = std::stoul(line.substr(0, line.find(' ')));
      EXPECT_EQ(line.substr(line.find(' ') + 1), expected[k]) << kinds[k];
    }
  }
}

TEST(ProbeConcurrency, LibavWritesNothingToStderrByDefault) {
  if (std::getenv("CUSTODIA_AV_LOG")) GTEST_SKIP() << "CUSTODIA_AV_LOG is set";
  TempDir dir;
  std::string capture = dir / "stderr.txt";
  std::fflush(stderr);
  int saved = ::dup(2);
  int fd = ::open(capture.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  ::dup2(fd, 2);
  ::close(fd);
  // Both make libav complain ("moov atom not found", probe failures).
  ProbeResult a = ProbeClip(FixtureClip("truncated"));
  ProbeResult b = ProbeClip(FixtureClip("garbage"));
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  EXPECT_EQ(a.status, "truncated");
  EXPECT_EQ(b.status, "unreadable");
  EXPECT_EQ(ReadFile(capture), "");
}

}  // namespace
}  // namespace custodia::testing
