// A vault in a temporary directory and the real custodia binary.
#ifndef CUSTODIA_TESTS_CLI_FIXTURE_H_
#define CUSTODIA_TESTS_CLI_FIXTURE_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "custodia/json.h"
#include "testutil.h"

namespace custodia::testing {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vault_ = dir_ / "vault";
    cam_ = dir_ / "cam";
    MakeDirs(cam_ + "/DCIM");
  }
  // custodia --vault VAULT args... (actor "tester")
  RunResult C(const std::vector<std::string>& args, RunOptions opts = {}) {
    opts.env["CUSTODIA_ACTOR"] = "tester";
    opts.env.erase("CUSTODIA_VAULT");
    return RunCustodia(vault_, args, opts);
  }
  void Init() {
    auto r = C({"init", "--station", "st-test"});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }
  // Copies a cached fixture clip into the camera folder.
  std::string AddClip(const std::string& kind, const std::string& name) {
    std::string path = cam_ + "/DCIM/" + name;
    WriteFile(path, ReadFile(FixtureClip(kind)));
    return path;
  }
  Json JsonOf(const RunResult& r) {
    auto j = Json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.Describe();
    return j;
  }
  std::vector<Json> Clips(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"clips", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = C(args);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    Json j = JsonOf(r);
    std::vector<Json> out;
    for (auto& i : j["items"]) out.push_back(i);
    return out;
  }
  std::string Object(const std::string& sha) { return vault_ + "/objects/sha256/" + sha.substr(0, 2) + "/" + sha; }
  std::string ClipSig(const std::string& sha) { return vault_ + "/sigs/" + sha.substr(0, 2) + "/" + sha + ".minisig"; }
  std::string Manifest(const std::string& sha) {
    return vault_ + "/manifests/" + sha.substr(0, 2) + "/" + sha + ".json";
  }

  TempDir dir_;
  std::string vault_, cam_;
};

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_CLI_FIXTURE_H_
