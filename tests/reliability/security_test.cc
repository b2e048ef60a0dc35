// Security checks: the station key's mode, the vault's modes, and no shell
// or child process anywhere in lib/ or cli/ (so no user data can reach one).
#include <gmock/gmock.h>
#include <sys/stat.h>

#include <regex>

#include "../cli/cli_fixture.h"
#include "reliability_util.h"

namespace custodia::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST_F(CliTest, StationKeyReadableByGroupOrOthersIsRefusedWithTheFix) {
  Init();
  Camera cam = Camera::Make(dir_ / "camera");
  std::string key = vault_ + "/keys/station.key";
  for (mode_t mode : {0640, 0604, 0660, 0644}) {
    SCOPED_TRACE(mode);
    ::chmod(key.c_str(), mode);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"offload", cam.root, "--progress", "none"}, {"reindex"}}) {
      auto r = C(args);
      EXPECT_EQ(r.exit_code, 10) << r.Describe();
      EXPECT_THAT(r.err, HasSubstr("readable by group or others"));
      EXPECT_THAT(r.err, HasSubstr("chmod 600 " + key));
    }
  }
  // fsck names it (and --repair fixes the mode) rather than refusing to look.
  ::chmod(key.c_str(), 0640);
  auto f = C({"fsck"});
  EXPECT_EQ(f.exit_code, 1) << f.Describe();
  EXPECT_THAT(f.out, HasSubstr("readable by group or others"));
  ::chmod(key.c_str(), 0600);
  EXPECT_EQ(C({"offload", cam.root, "--progress", "none"}).exit_code, 0);
}

TEST_F(CliTest, VaultDirectoriesAre0700KeysAre0600ObjectsAre0444) {
  Init();
  Camera cam = Camera::Make(dir_ / "camera");
  ASSERT_EQ(C({"offload", cam.root, "--progress", "none"}).exit_code, 0);
  std::vector<std::string> problems;
  struct stat st;
  ASSERT_EQ(::stat(vault_.c_str(), &st), 0);
  if ((st.st_mode & 07777) != 0700) problems.push_back("vault root is not 0700");
  std::error_code ec;
  for (auto it = rfs::recursive_directory_iterator(vault_, ec); !ec && it != rfs::recursive_directory_iterator();
       it.increment(ec)) {
    std::string p = it->path().string();
    if (::lstat(p.c_str(), &st) != 0) continue;
    mode_t m = st.st_mode & 07777;
    std::string rel = p.substr(vault_.size() + 1);
    // The index's own files are RocksDB's business; its directory is ours.
    bool in_index = rel.rfind("index/", 0) == 0;
    if (S_ISDIR(st.st_mode) && !in_index && m != 0700) problems.push_back(rel + " is a directory with mode " + std::to_string(m));
    if (S_ISREG(st.st_mode) && rel.rfind("objects/", 0) == 0 && m != 0444) problems.push_back(rel + " is an object not 0444");
    if (rel == "keys/station.key" && m != 0600) problems.push_back("station.key is not 0600");
    if (S_ISREG(st.st_mode) && (m & 0002)) problems.push_back(rel + " is writable by others");
  }
  EXPECT_THAT(problems, IsEmpty());
}

// Every call that could start a program (and so could be handed user data:
// a camera's file name, an attention's text, a --reason) is listed here with
// why it is safe. The list is empty: custodia runs no shell and no program.
TEST(NoShellOuts, LibAndCliStartNoProgram) {
  const std::regex call(R"(\b(system|popen|execl|execlp|execle|execv|execvp|execvpe|execve|fexecve|posix_spawnp?|fork|vfork|wordexp|dlopen)\s*\()");
  const std::set<std::string> allowed = {};
  std::vector<std::string> found;
  size_t files = 0;
  for (const std::string dir : {"lib", "cli"}) {
    for (auto& e : rfs::recursive_directory_iterator(std::string(CUSTODIA_SOURCE_DIR) + "/" + dir)) {
      std::string ext = e.path().extension().string();
      if (ext != ".cc" && ext != ".h" && ext != ".c" && ext != ".cpp") continue;
      ++files;
      std::ifstream in(e.path());
      int n = 0;
      for (std::string line; std::getline(in, line);) {
        ++n;
        size_t c = line.find("//");
        std::string code = c == std::string::npos ? line : line.substr(0, c);
        if (!std::regex_search(code, call)) continue;
        std::string where = rfs::relative(e.path(), CUSTODIA_SOURCE_DIR).string() + ":" + std::to_string(n);
        if (!allowed.count(where)) found.push_back(where + ": " + line);
      }
    }
  }
  EXPECT_GT(files, 50u) << "the source tree was not found";
  EXPECT_THAT(found, IsEmpty()) << "a call that starts a program: if it can never see user data, add it to "
                                   "`allowed` with the reason";
}

}  // namespace
}  // namespace custodia::testing
