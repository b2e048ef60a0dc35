// A vault, the real binary, generated attention data (bench/gen_dataset.py)
// and clips with chosen creation times (testutil MakeClip, cached).
#ifndef CUSTODIA_TESTS_RECORDS_FIXTURE_H_
#define CUSTODIA_TESTS_RECORDS_FIXTURE_H_

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.h"
#include "custodia/attention.h"
#include "custodia/hash.h"

namespace custodia::testing {

class RecordsTest : public CliTest {
 protected:
  // A small attention CSV with the standard header.
  static std::string Csv(const std::vector<std::string>& rows) {
    std::string out = "id,module,zone,category,subcategory,opened_at,closed_at,officers,agencies,address,lat,lon,summary\n";
    for (const auto& r : rows) out += r + "\n";
    return out;
  }
  std::string Write(const std::string& name, const std::string& data) {
    std::string path = dir_ / name;
    WriteFile(path, data);
    return path;
  }
  // The custody log's entries, parsed.
  std::vector<Json> Log() {
    std::vector<Json> out;
    std::istringstream in(ReadFile(vault_ + "/log/entries.jsonl"));
    for (std::string line; std::getline(in, line);) out.push_back(Json::parse(line));
    return out;
  }
  std::vector<Json> LogOf(const std::string& action) {
    std::vector<Json> out;
    for (auto& e : Log()) {
      if (e["action"] == action) out.push_back(e);
    }
    return out;
  }
  std::vector<Json> Items(const std::vector<std::string>& args) {
    std::vector<std::string> a = args;
    a.push_back("--json");
    auto r = C(a);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    std::vector<Json> out;
    Json j = JsonOf(r);
    for (auto& i : j["items"]) out.push_back(i);
    return out;
  }
  static std::string ShaOf(const std::string& path) { return HexOf(Sha256::Of(ReadFile(path))); }

  // bench/gen_dataset.py into dir_: returns the CSV path; truth and roster beside it.
  std::string Generate(int rows, int seed, const std::string& prefix = "gen") {
    std::string csv = dir_ / (prefix + ".csv");
    auto r = RunProcess({"python3", std::string(CUSTODIA_SOURCE_DIR) + "/bench/gen_dataset.py", "--rows",
                         std::to_string(rows), "--seed", std::to_string(seed), "--out", csv, "--truth",
                         dir_ / (prefix + "-truth.json"), "--roster", dir_ / (prefix + "-roster.csv")});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    return csv;
  }
  Json Truth(const std::string& prefix = "gen") { return Json::parse(ReadFile(dir_ / (prefix + "-truth.json"))); }
  std::string Roster(const std::string& prefix = "gen") { return dir_ / (prefix + "-roster.csv"); }

  // A 1 s clip with this creation_time (UTC, "2026-01-20T15:00:00Z"), made
  // once and cached in the build tree, copied into camera folder `cam`.
  std::string AddTimedClip(const std::string& cam, const std::string& creation_time, int seed = 0) {
    std::string cache = std::string(CUSTODIA_BIN);
    cache = cache.substr(0, cache.rfind('/')) + "/test-fixtures/records";
    std::filesystem::create_directories(cache);
    std::string name = creation_time + "-" + std::to_string(seed);
    for (char& c : name) {
      if (c == ':') c = '-';
    }
    std::string cached = cache + "/" + name + ".mp4";
    if (::access(cached.c_str(), R_OK) != 0) {
      int lock = ::open((cache + "/.lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
      ::flock(lock, LOCK_EX);
      if (::access(cached.c_str(), R_OK) != 0) MakeClip(cached, creation_time, 1, seed);
      ::flock(lock, LOCK_UN);
      ::close(lock);
    }
    std::string dir = dir_ / ("cams/" + cam);
    MakeDirs(dir);
    std::string path = dir + "/" + name + ".mp4";
    WriteFile(path, ReadFile(cached));
    return path;
  }
  std::string CamDir(const std::string& cam) { return dir_ / ("cams/" + cam); }
};

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_RECORDS_FIXTURE_H_
