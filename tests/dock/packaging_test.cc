// What the police IT team installs: the bash completion and man page the
// binary writes from its own command tree, examples in every --help, the
// udev rule and systemd unit, and the .deb that cpack builds from all of it.
#include <sys/stat.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "cli_fixture.h"

namespace custodia::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

std::string Source(const std::string& rel) { return std::string(CUSTODIA_SOURCE_DIR) + "/" + rel; }
std::string BuildDir() { return fs::path(CustodiaBin()).parent_path().string(); }

// Every visible command path ("keys show"), from the binary.
std::vector<std::string> CommandPaths() {
  auto r = RunProcess({CustodiaBin(), "completion", "commands"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  return Lines(r.out);
}

RunResult Help(const std::string& path) {
  std::vector<std::string> argv = {CustodiaBin()};
  for (auto& w : Split(path)) argv.push_back(w);
  argv.push_back("--help");
  return RunProcess(argv);
}

// The long options a command's --help lists.
std::set<std::string> HelpOptions(const std::string& help) {
  std::set<std::string> out;
  static const std::regex opt(R"((^|[ ,])(--[a-z][a-z0-9-]*))");
  for (const auto& line : Lines(help)) {
    if (line.rfind("  -", 0) != 0) continue;
    for (std::sregex_iterator it(line.begin(), line.end(), opt), end; it != end; ++it) out.insert((*it)[2]);
  }
  return out;
}

TEST(CliDocs, EveryCommandsHelpHasExamples) {
  auto paths = CommandPaths();
  for (const char* must : {"init", "offload", "clips", "show", "verify", "verify-file", "keys", "keys show",
                           "profiles", "profiles list", "profiles test"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), must), paths.end()) << must;
  }
  paths.push_back("completion");  // hidden, but documented too
  paths.push_back("man");
  for (const auto& p : paths) {
    auto r = Help(p);
    EXPECT_EQ(r.exit_code, 0) << p << r.Describe();
    size_t ex = r.out.find("\nExamples:\n  custodia ");
    EXPECT_NE(ex, std::string::npos) << "custodia " << p << " --help has no examples:\n" << r.out;
  }
}

// Runs the generated completion in bash for the words of a command line (the
// last word is the one being completed) and returns the candidates.
std::vector<std::string> Complete(const std::string& script, const std::vector<std::string>& words) {
  std::string cmd = "source " + script + " || exit 9\nCOMP_WORDS=(";
  for (const auto& w : words) {
    std::string q = "'";
    for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += q + "' ";
  }
  cmd += ")\nCOMP_CWORD=" + std::to_string(words.size() - 1) + "\n_custodia\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
  auto r = RunProcess({"bash", "--norc", "-c", cmd});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  auto out = Lines(r.out);
  out.erase(std::remove(out.begin(), out.end(), ""), out.end());
  return out;
}

TEST(CliDocs, BashCompletionKnowsEveryCommandOptionAndChoice) {
  if (!HaveTool("bash")) GTEST_SKIP() << "bash missing";
  TempDir dir;
  std::string script = dir / "custodia.bash";
  auto gen = RunProcess({CustodiaBin(), "completion", "bash"});
  ASSERT_EQ(gen.exit_code, 0) << gen.Describe();
  WriteFile(script, gen.out);
  EXPECT_EQ(RunProcess({"bash", "-n", script}).exit_code, 0) << "syntax";

  for (const auto& path : CommandPaths()) {
    auto words = Split(path);
    // The command is offered at its parent level...
    std::vector<std::string> line = {"custodia"};
    line.insert(line.end(), words.begin(), words.end() - 1);
    line.push_back(words.back().substr(0, 2));
    auto subs = Complete(script, line);
    EXPECT_NE(std::find(subs.begin(), subs.end(), words.back()), subs.end()) << path;
    // ...and every option its --help lists is offered after it.
    line = {"custodia"};
    line.insert(line.end(), words.begin(), words.end());
    line.push_back("--");
    auto opts = Complete(script, line);
    for (const auto& o : HelpOptions(Help(path).out)) {
      EXPECT_NE(std::find(opts.begin(), opts.end(), o), opts.end()) << "custodia " << path << " " << o;
    }
    EXPECT_NE(std::find(opts.begin(), opts.end(), "--vault"), opts.end()) << "global options after " << path;
  }
  EXPECT_EQ(Complete(script, {"custodia", "offload", "--progress", ""}),
            (std::vector<std::string>{"auto", "bar", "plain", "ndjson", "none"}));
  EXPECT_EQ(Complete(script, {"custodia", "--vault", "/tmp", "offload", "--progress", "=", "nd"}),
            (std::vector<std::string>{"ndjson"}));
  EXPECT_EQ(Complete(script, {"custodia", "clips", "--format", "c"}), (std::vector<std::string>{"csv"}));
  MakeDirs(dir / "vaults/one");
  auto dirs = Complete(script, {"custodia", "--vault", dir / "vaults/o"});
  EXPECT_EQ(dirs, (std::vector<std::string>{dir / "vaults/one"}));
  EXPECT_TRUE(Complete(script, {"custodia", "com"}).empty()) << "hidden commands are not offered";
}

TEST(CliDocs, ManPageCoversEveryCommandOptionAndExitCode) {
  auto man = RunProcess({CustodiaBin(), "man"});
  ASSERT_EQ(man.exit_code, 0) << man.Describe();
  const std::string& m = man.out;
  EXPECT_EQ(m.find(".TH CUSTODIA 1"), m.find(".TH "));
  auto roff = [](std::string s) {
    std::string out;
    for (char c : s) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
  };
  for (const auto& path : CommandPaths()) {
    EXPECT_NE(m.find(".SS \"\\fBcustodia " + roff(path) + "\\fR"), std::string::npos) << path;
    for (const auto& o : HelpOptions(Help(path).out)) {
      if (o == "--help") continue;
      EXPECT_NE(m.find("\\fB" + roff(o) + "\\fR"), std::string::npos) << "custodia " << path << " " << o;
    }
  }
  size_t exit_status = m.find(".SH EXIT STATUS");
  ASSERT_NE(exit_status, std::string::npos);
  for (const char* code : {"0", "1", "2", "3", "4", "10", "11"}) {
    EXPECT_NE(m.find(std::string(".TP\n.B ") + code + "\n", exit_status), std::string::npos) << code;
  }
  if (HaveTool("groff")) {
    TempDir dir;
    WriteFile(dir / "custodia.1", m);
    auto lint = RunProcess({"groff", "-man", "-Tutf8", "-ww", "-z", dir / "custodia.1"});
    EXPECT_EQ(lint.exit_code, 0) << lint.Describe();
    EXPECT_TRUE(lint.err.empty()) << "groff warnings:\n" << lint.err;
  }
}

// udev's rule syntax: comma-separated KEY[{attr}]OP"value" assignments.
TEST(DockFiles, UdevRuleParsesAndStartsTheUnitForUsbFileSystemsOnly) {
  std::string text = ReadFile(Source("scripts/dock/99-custodia-dock.rules"));
  static const std::regex token(R"re(^\s*([A-Z_]+)(\{[A-Za-z0-9_]+\})?(==|!=|\+=|-=|:=|=)"([^"]*)"\s*$)re");
  static const std::set<std::string> keys = {"ACTION", "SUBSYSTEM", "KERNEL", "ENV", "TAG", "ATTRS", "ATTR",
                                             "RUN",    "DEVPATH",   "DRIVERS", "SUBSYSTEMS"};
  int rules = 0;
  std::set<std::string> seen;
  for (const auto& line : Lines(text)) {
    if (line.empty() || line[0] == '#') continue;
    ++rules;
    std::string rest = line;
    size_t start = 0;
    while (start <= rest.size()) {
      size_t comma = rest.find("\", ", start);
      std::string tok = rest.substr(start, comma == std::string::npos ? std::string::npos : comma + 1 - start);
      std::smatch m;
      ASSERT_TRUE(std::regex_match(tok, m, token)) << "bad token: [" << tok << "] in " << line;
      EXPECT_TRUE(keys.count(m[1])) << m[1];
      seen.insert(m[1].str() + m[2].str() + m[3].str() + m[4].str());
      if (comma == std::string::npos) break;
      start = comma + 3;
    }
  }
  EXPECT_EQ(rules, 1);
  for (const char* must : {"ACTION==add", "SUBSYSTEM==block", "ENV{ID_BUS}==usb", "ENV{ID_FS_USAGE}==filesystem",
                           "TAG+=systemd", "ENV{SYSTEMD_WANTS}+=custodia-dock@%k.service"}) {
    EXPECT_TRUE(seen.count(must)) << must;
  }
  EXPECT_TRUE(fs::exists(Source("scripts/dock/custodia-dock@.service"))) << "the rule's unit template exists";
}

TEST(DockFiles, DockScriptPassesShellcheck) {
  if (!HaveTool("shellcheck")) GTEST_SKIP() << "shellcheck missing";
  auto r = RunProcess({"shellcheck", Source("scripts/dock/custodia-dock")});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
}

mode_t Mode(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(Package, DebHasEveryFileWithItsModeDependenciesAndAValidUnit) {
  for (const char* tool : {"cpack", "dpkg-deb"}) {
    if (!HaveTool(tool)) GTEST_SKIP() << tool << " missing";
  }
  std::string build = BuildDir();
  ASSERT_TRUE(fs::exists(build + "/CPackConfig.cmake")) << "packaging.cmake not included?";
  ASSERT_TRUE(fs::exists(build + "/generated/custodia.1.gz")) << "custodia_generated_docs not built";
  TempDir dir;
  RunOptions o;
  o.timeout_s = 240;
  auto pack = RunProcess({"cpack", "-G", "DEB", "--config", build + "/CPackConfig.cmake", "-B", dir / "out"}, o);
  ASSERT_EQ(pack.exit_code, 0) << pack.Describe();
  std::string deb;
  for (auto& e : fs::directory_iterator(dir / "out")) {
    if (e.path().extension() == ".deb") deb = e.path();
  }
  ASSERT_FALSE(deb.empty()) << pack.Describe();

  auto info = RunProcess({"dpkg-deb", "-f", deb, "Package", "Version", "Depends"});
  ASSERT_EQ(info.exit_code, 0) << info.Describe();
  EXPECT_NE(info.out.find("Package: custodia"), std::string::npos) << info.out;
  for (const char* dep : {"libavformat59", "libsodium23", "librocksdb7.8", "libssl3", "libpcre2-8-0", "mount"}) {
    EXPECT_NE(info.out.find(dep), std::string::npos) << dep << " missing from\n" << info.out;
  }
  ASSERT_EQ(RunProcess({"dpkg-deb", "-e", deb, dir / "control"}).exit_code, 0);
  EXPECT_EQ(ReadFile(dir / "control/conffiles"), "/etc/custodia/dock.conf\n");
  EXPECT_EQ(Mode(dir / "control/postinst"), 0755u);

  std::string root = dir / "root";
  auto x = RunProcess({"dpkg-deb", "-x", deb, root});
  ASSERT_EQ(x.exit_code, 0) << x.Describe();
  struct Want {
    const char* path;
    mode_t mode;
  } wants[] = {
      {"usr/bin/custodia", 0755},
      {"usr/lib/custodia/custodia-dock", 0755},
      {"lib/udev/rules.d/99-custodia-dock.rules", 0644},
      {"lib/systemd/system/custodia-dock@.service", 0644},
      {"etc/custodia/dock.conf", 0644},
      {"usr/share/bash-completion/completions/custodia", 0644},
      {"usr/share/man/man1/custodia.1.gz", 0644},
      {"usr/share/custodia/schemas/device-profile.schema.json", 0644},
      {"usr/share/doc/custodia/README.md", 0644},
      {"usr/share/doc/custodia/docking.md", 0644},
      {"usr/share/doc/custodia/dock.conf.example", 0644},
      {"usr/share/doc/custodia/copyright", 0644},
      {"usr/share/doc/custodia/formats/progress.md", 0644},
      {"usr/share/doc/custodia/formats/profiles.md", 0644},
  };
  for (const auto& w : wants) {
    ASSERT_TRUE(fs::exists(root + "/" + w.path)) << w.path;
    EXPECT_EQ(Mode(root + "/" + w.path), w.mode) << w.path;
  }
  for (auto& e : fs::directory_iterator(Source("schemas"))) {
    EXPECT_TRUE(fs::exists(root + "/usr/share/custodia/schemas/" + e.path().filename().string())) << e.path();
  }
  // The packaged files are the ones in the tree, and the generated ones match the binary.
  EXPECT_EQ(ReadFile(root + "/usr/lib/custodia/custodia-dock"), ReadFile(Source("scripts/dock/custodia-dock")));
  auto version = RunProcess({root + "/usr/bin/custodia", "--version"});
  EXPECT_EQ(version.exit_code, 0) << version.Describe();
  EXPECT_NE(version.out.find("custodia " CUSTODIA_VERSION), std::string::npos) << version.out;
  EXPECT_EQ(ReadFile(root + "/usr/share/bash-completion/completions/custodia"),
            RunProcess({CustodiaBin(), "completion", "bash"}).out);
  auto man = RunProcess({"gzip", "-dc", root + "/usr/share/man/man1/custodia.1.gz"});
  EXPECT_EQ(man.exit_code, 0);
  EXPECT_EQ(man.out, RunProcess({CustodiaBin(), "man"}).out);

  // The unit runs the packaged script; systemd accepts it (where systemd-analyze exists).
  std::string unit = ReadFile(root + "/lib/systemd/system/custodia-dock@.service");
  EXPECT_NE(unit.find("ExecStart=/usr/lib/custodia/custodia-dock %I"), std::string::npos);
  EXPECT_NE(unit.find("Type=oneshot"), std::string::npos);
  if (HaveTool("systemd-analyze")) {
    std::string instance = dir / "custodia-dock@sdb1.service";
    std::string local = unit;
    local.replace(local.find("/usr/lib/custodia/custodia-dock"), 31, root + "/usr/lib/custodia/custodia-dock");
    WriteFile(instance, local);
    auto verify = RunProcess({"systemd-analyze", "verify", "--man=no", instance});
    EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
    EXPECT_EQ(verify.err.find("custodia-dock@"), std::string::npos) << verify.err;
  }
}

}  // namespace
}  // namespace custodia::testing
