// Acceptance tests for export bundles (SPEC §9), end to end: `custodia
// export` builds a bundle from a real vault; the stock tools (sha256sum,
// minisign, python3), VERIFY.md's own commands and `custodia bundle verify`
// (with no vault) all pass on it; and each kind of tampering, on a fresh copy
// of the bundle, is reported by `bundle verify` naming the file, exit 1, while
// the standard tools fail where they should.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include <sstream>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "custodia/json.h"
#include "testutil.h"
#include "custodia/bundle.h"
#include "custodia/encoding.h"
#include "custodia/hash.h"

namespace custodia::testing {
namespace {

namespace fs = std::filesystem;

// "" if `doc` validates against schemas/<schema_file>, else the errors.
std::string Validate(const std::string& schema_file, const Json& doc) {
  Json schema_json = Json::parse(ReadFile(std::string(CUSTODIA_SOURCE_DIR) + "/schemas/" + schema_file));
  valijson::Schema schema;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
  parser.populateSchema(schema_adapter, schema);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter doc_adapter(doc);
  if (validator.validate(schema, doc_adapter, &results)) return "";
  std::string out;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    for (const auto& c : e.context) out += c;
    out += ": " + e.description + "\n";
  }
  return out;
}

class BundleTest : public ::testing::Test {
 protected:
  // One vault and one bundle for the whole suite; every test that changes a
  // bundle works on its own copy.
  static void SetUpTestSuite() {
    suite_ = new TempDir();
    vault_ = *suite_ / "vault";
    bundle_ = *suite_ / "bundle";
    std::string cam = *suite_ / "cam";
    MakeDirs(cam + "/DCIM");
    WriteFile(cam + "/DCIM/CLIP0001.MP4", ReadFile(FixtureClip("mp4")));
    WriteFile(cam + "/DCIM/CLIP0001.json", "{\"gps\":[[-12.12,-77.03]]}\n");
    WriteFile(cam + "/DCIM/CLIP0002.mkv", ReadFile(FixtureClip("mkv")));
    WriteFile(cam + "/DCIM/CLIP0003.mov", ReadFile(FixtureClip("mov")));
    Must({"init", "--station", "st-test"});
    // A device serial with ':' (no ':' may reach a file name).
    Must({"offload", cam, "--device", "CAM:01", "--officer", "OF-7", "--progress", "none"});
    auto list = Must({"clips", "--json"});
    Json listed = Json::parse(list.out);
    for (auto& c : listed["items"]) clips_.push_back(c["sha256"]);
    std::sort(clips_.begin(), clips_.end());
    ASSERT_EQ(clips_.size(), 3u) << list.Describe();
    Must({"export", "--clip", clips_[0].substr(0, 8), "--clip", clips_[1], "--clip", clips_[2].substr(0, 12), "--out",
          bundle_, "--reason", "Fiscalía: carpeta 123-2026"});
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
    clips_.clear();
  }

  static RunResult Run(const std::vector<std::string>& args, RunOptions opts = {}) {
    opts.env["CUSTODIA_ACTOR"] = "tester";
    return RunCustodia(vault_, args, opts);
  }
  static RunResult Must(const std::vector<std::string>& args) {
    RunResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << "custodia " << args[0] << ": " << r.Describe();
    return r;
  }
  // `custodia bundle verify` as an auditor runs it: no vault anywhere.
  static RunResult Verify(const std::string& dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {CustodiaBin(), "bundle", "verify", dir};
    argv.insert(argv.end(), extra.begin(), extra.end());
    RunOptions o;
    o.env["CUSTODIA_VAULT"] = "/nonexistent/vault";
    o.env["XDG_DATA_HOME"] = "/nonexistent";
    o.env["HOME"] = "/nonexistent";
    return RunProcess(argv, o);
  }
  static RunResult In(const std::string& dir, const std::vector<std::string>& argv) {
    RunOptions o;
    o.cwd = dir;
    return RunProcess(argv, o);
  }

  // A writable copy of the bundle.
  std::string Copy(const std::string& name) {
    std::string to = tmp_ / name;
    fs::copy(bundle_, to, fs::copy_options::recursive);
    for (auto& e : fs::recursive_directory_iterator(to)) {
      if (e.is_regular_file()) ::chmod(e.path().c_str(), 0644);
    }
    return to;
  }
  static std::vector<std::string> Files(const std::string& dir) {
    std::vector<std::string> out;
    for (auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::vector<std::string> Matching(const std::string& dir, const std::string& re) {
    std::vector<std::string> out;
    for (auto& f : Files(dir)) {
      if (std::regex_match(f, std::regex(re))) out.push_back(f);
    }
    return out;
  }
  static std::string ClipFile(const std::string& dir, const std::string& ext) {
    auto m = Matching(dir, "clips/[^/]*\\." + ext);
    EXPECT_EQ(m.size(), 1u) << ext;
    return m.empty() ? "" : m[0];
  }
  // The ```sh blocks of a VERIFY.md text, in order.
  static std::vector<std::string> GuideBlocks(const std::string& md) {
    std::vector<std::string> out;
    std::regex block("```sh\n([\\s\\S]*?)```");
    for (auto it = std::sregex_iterator(md.begin(), md.end(), block); it != std::sregex_iterator(); ++it) {
      out.push_back((*it)[1].str());
    }
    return out;
  }
  // Runs every ```sh block of VERIFY.md, literally, with `shell` -e in the bundle.
  static std::vector<RunResult> RunGuide(const std::string& dir, const std::string& shell = "/bin/sh") {
    std::vector<RunResult> out;
    for (const auto& b : GuideBlocks(ReadFile(dir + "/VERIFY.md"))) {
      RunOptions o;
      o.cwd = dir;
      o.timeout_s = 120;
      out.push_back(RunProcess({shell, "-e", "-c", b}, o));
    }
    return out;
  }
  // Whether some block of VERIFY.md fails on this bundle (what an auditor
  // following it sees); `said` collects everything the blocks printed.
  static bool GuideFails(const std::string& dir, std::string* said = nullptr) {
    if (!HaveTool("minisign") || !HaveTool("python3")) return true;  // tests that use it skip the check
    bool failed = false;
    for (const auto& g : RunGuide(dir)) {
      failed = failed || g.exit_code != 0;
      if (said) *said += g.out + g.err;
    }
    return failed;
  }
  static bool Mentions(const RunResult& r, const std::string& file) {
    return r.out.find("PROBLEM  " + file) != std::string::npos;
  }
  static void ReplaceIn(const std::string& path, const std::string& from, const std::string& to) {
    std::string s = ReadFile(path);
    size_t at = s.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << path;
    s.replace(at, from.size(), to);
    WriteFile(path, s);
  }

  static TempDir* suite_;
  static std::string vault_, bundle_;
  static std::vector<std::string> clips_;
  TempDir tmp_;
};

TempDir* BundleTest::suite_ = nullptr;
std::string BundleTest::vault_, BundleTest::bundle_;
std::vector<std::string> BundleTest::clips_;

TEST_F(BundleTest, LayoutIsSpecSection9) {
  auto files = Files(bundle_);
  for (const std::string f : {"VERIFY.md", "station.pub", "station-note.vkey", "verify-proofs.py", "SHA256SUMS",
                              "SHA256SUMS.minisig", "custody/entries.jsonl", "custody/checkpoint",
                              "custody/checkpoint.minisig"}) {
    EXPECT_TRUE(std::count(files.begin(), files.end(), f)) << f;
  }
  EXPECT_EQ(Matching(bundle_, "clips/\\d{8}T\\d{6}Z_CAM%3A01_[0-9a-f]{8}\\.(mp4|mkv|mov)").size(), 3u);
  EXPECT_EQ(Matching(bundle_, "clips/.*\\.(mp4|mkv|mov)\\.minisig").size(), 3u);
  // The sidecar sits beside its clip, with the clip's stem.
  std::string mp4 = ClipFile(bundle_, "mp4");
  EXPECT_TRUE(fs::exists(bundle_ + "/" + mp4.substr(0, mp4.size() - 4) + ".json"));
  EXPECT_EQ(Matching(bundle_, "manifests/[0-9a-f]{64}\\.json").size(), 3u);
  EXPECT_EQ(Matching(bundle_, "manifests/[0-9a-f]{64}\\.json\\.minisig").size(), 3u);
  for (const auto& c : clips_) {
    EXPECT_EQ(ReadFile(bundle_ + "/manifests/" + c + ".json"), ReadFile(vault_ + "/manifests/" + c.substr(0, 2) + "/" + c + ".json"));
  }
  auto keys = Matching(bundle_, "keys/[0-9A-F]{16}\\.pub");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(ReadFile(bundle_ + "/" + keys[0]), ReadFile(vault_ + "/keys/station.pub"));
  EXPECT_EQ(ReadFile(bundle_ + "/station.pub"), ReadFile(vault_ + "/keys/station.pub"));
  // No ':' anywhere (exFAT, Windows).
  for (const auto& f : files) EXPECT_EQ(f.find(':'), std::string::npos) << f;
  // SHA256SUMS: every file but itself and its signature, sorted, "hex  path".
  std::string sums = ReadFile(bundle_ + "/SHA256SUMS");
  std::vector<std::string> listed;
  std::istringstream in(sums);
  for (std::string line; std::getline(in, line);) {
    ASSERT_TRUE(std::regex_match(line, std::regex("[0-9a-f]{64}  [^ ].*"))) << line;
    listed.push_back(line.substr(66));
    EXPECT_EQ(line.substr(0, 64), HexOf(Sha256::Of(ReadFile(bundle_ + "/" + listed.back()))));
  }
  EXPECT_TRUE(std::is_sorted(listed.begin(), listed.end()));
  std::vector<std::string> expected;
  for (const auto& f : files) {
    if (f != "SHA256SUMS" && f != "SHA256SUMS.minisig") expected.push_back(f);
  }
  EXPECT_EQ(listed, expected);
  // station-note.vkey is the station's signed-note key (what `keys show --note` prints).
  auto note = Run({"keys", "show", "--note"});
  EXPECT_NE(note.out.find(ReadFile(bundle_ + "/station-note.vkey").substr(0, 20)), std::string::npos) << note.Describe();
  // Interrupted-export leftovers would be hidden ".bundle.partial-*" siblings: none after success.
  for (auto& e : fs::directory_iterator(suite_->path())) {
    EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
  }
}

TEST_F(BundleTest, ExportIsLoggedFirstAndTheBundleIsBuiltAgainstItsCheckpoint) {
  std::string entries = ReadFile(bundle_ + "/custody/entries.jsonl");
  std::string last = entries.substr(entries.rfind('\n', entries.size() - 2) + 1);
  last.pop_back();
  Json e = Json::parse(last);
  EXPECT_EQ(e["action"], "export");
  EXPECT_EQ(e["reason"], "Fiscalía: carpeta 123-2026");
  EXPECT_EQ(e["subjects"]["clips"], Json(clips_));
  EXPECT_EQ(e["details"]["out"], bundle_);
  // The exact line from the vault's log.
  uint64_t seq = e["seq"];
  std::istringstream log(ReadFile(vault_ + "/log/entries.jsonl"));
  std::string line;
  for (uint64_t i = 0; i <= seq; ++i) std::getline(log, line);
  EXPECT_EQ(line, last);
  // The checkpoint covers it and is the one the vault issued at that size.
  std::string cp = ReadFile(bundle_ + "/custody/checkpoint");
  EXPECT_EQ(cp.substr(0, cp.find('\n', cp.find('\n') + 1) + 1), "custodia/st-test\n" + std::to_string(seq + 1) + "\n");
  EXPECT_EQ(cp, ReadFile(vault_ + "/log/checkpoints/" + std::to_string(seq + 1)));
  // One proof per entry, and the ingest entry of each clip is there.
  std::istringstream lines(entries);
  size_t n = 0, ingests = 0;
  for (std::string l; std::getline(lines, l); ++n) {
    Json j = Json::parse(l);
    EXPECT_TRUE(fs::exists(bundle_ + "/custody/proofs/" + std::to_string(j["seq"].get<uint64_t>()) + ".json")) << l;
    if (j["action"] == "ingest") ++ingests;
  }
  EXPECT_EQ(ingests, 3u);
  EXPECT_EQ(Matching(bundle_, "custody/proofs/\\d+\\.json").size(), n);
}

TEST_F(BundleTest, StandardToolsPassOnEveryFile) {
  if (!HaveTool("minisign") || !HaveTool("sha256sum") || !HaveTool("python3")) GTEST_SKIP() << "tools missing";
  auto sums = In(bundle_, {"sha256sum", "-c", "SHA256SUMS"});
  EXPECT_EQ(sums.exit_code, 0) << sums.Describe();
  auto sigs = Matching(bundle_, ".*\\.minisig");
  EXPECT_EQ(sigs.size(), 3u + 3u + 2u);  // clips, manifests, checkpoint, SHA256SUMS
  for (const auto& sig : sigs) {
    std::string file = sig.substr(0, sig.size() - 8);
    auto r = In(bundle_, {"minisign", "-Vm", file, "-p", "station.pub"});
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.Describe();
  }
  auto py = In(bundle_, {"python3", "verify-proofs.py"});
  EXPECT_EQ(py.exit_code, 0) << py.Describe();
  EXPECT_NE(py.out.find("minisign -Vm custody/checkpoint"), std::string::npos);
  // Standard library only: -I ignores PYTHON* variables and the user's site
  // directory, -S skips site-packages, so no third-party module can be found.
  auto isolated = In(bundle_, {"python3", "-I", "-S", "verify-proofs.py"});
  EXPECT_EQ(isolated.exit_code, 0) << isolated.Describe();
  EXPECT_NE(isolated.out.find("All "), std::string::npos) << isolated.Describe();
  // VERIFY.md, run literally: every block with sh (dash on Debian) and with bash.
  for (const std::string shell : {"/bin/sh", "bash"}) {
    auto guide = RunGuide(bundle_, shell);
    EXPECT_GE(guide.size(), 2u * 8u);  // Spanish and English
    for (const auto& r : guide) EXPECT_EQ(r.exit_code, 0) << shell << ": " << r.Describe();
  }
  std::string md = ReadFile(bundle_ + "/VERIFY.md");
  size_t es = md.find("## Español"), en = md.find("## English");
  ASSERT_NE(es, std::string::npos);
  ASSERT_NE(en, std::string::npos);
  // Both languages give the very same commands.
  EXPECT_EQ(GuideBlocks(md.substr(es, en - es)), GuideBlocks(md.substr(en)));
  // Every fenced block is run above, except the one custodia example per language.
  std::regex fence("```([a-z]*)\n");
  size_t sh = 0, other = 0;
  bool next_opens = true;  // fences alternate: opening (with its language), closing
  for (auto it = std::sregex_iterator(md.begin(), md.end(), fence); it != std::sregex_iterator(); ++it) {
    const bool opens = next_opens;
    next_opens = !next_opens;
    if (!opens) continue;
    if ((*it)[1] == "sh") ++sh;
    else if ((*it)[1] == "text") ++other;
    else ADD_FAILURE() << "a ```" << (*it)[1] << " block the tests do not run";
  }
  EXPECT_EQ(sh, GuideBlocks(md).size());
  EXPECT_EQ(other, 2u);
  // The signature of SHA256SUMS is checked before sha256sum opens any path it names.
  std::string en_md = md.substr(en);
  EXPECT_LT(en_md.find("minisign -Vm SHA256SUMS"), en_md.find("sha256sum -c SHA256SUMS"));
  // sha256sum in a Spanish locale does not print "OK".
  EXPECT_NE(md.find("La suma coincide"), std::string::npos);
}

// The checkpoint's signed-note signature, checked as any signed-note library
// does, with only station-note.vkey and the stock `openssl` tool: key hash =
// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4], Ed25519 over the three body lines.
TEST_F(BundleTest, CheckpointNoteSignatureVerifiesWithOpenssl) {
  if (!HaveTool("openssl")) GTEST_SKIP() << "no openssl";
  std::string vkey = ReadFile(bundle_ + "/station-note.vkey");
  ASSERT_FALSE(vkey.empty());
  vkey = vkey.substr(0, vkey.find('\n'));
  std::smatch m;
  ASSERT_TRUE(std::regex_match(vkey, m, std::regex("([^+]+)\\+([0-9a-f]{8})\\+([A-Za-z0-9+/=]+)"))) << vkey;
  const std::string name = m[1], hash_hex = m[2];
  auto key_bytes = Base64Decode(m[3].str());
  ASSERT_TRUE(key_bytes.ok());
  const std::string key(AsString(*key_bytes));
  ASSERT_EQ(key.size(), 33u);
  ASSERT_EQ(key[0], '\x01');
  EXPECT_EQ(HexOf(Sha256::Of(name + "\n" + key)).substr(0, 8), hash_hex);
  std::string cp = ReadFile(bundle_ + "/custody/checkpoint");
  size_t blank = cp.find("\n\n");
  ASSERT_NE(blank, std::string::npos);
  EXPECT_EQ(cp.substr(0, cp.find('\n')), name);
  const std::string body = cp.substr(0, blank + 1);
  std::string sig_line = cp.substr(blank + 2);
  sig_line = sig_line.substr(0, sig_line.find('\n'));
  const std::string prefix = "\u2014 " + name + " ";
  ASSERT_EQ(sig_line.rfind(prefix, 0), 0u) << sig_line;
  auto sig_bytes = Base64Decode(sig_line.substr(prefix.size()));
  ASSERT_TRUE(sig_bytes.ok());
  const std::string sig(AsString(*sig_bytes));
  ASSERT_EQ(sig.size(), 68u);
  EXPECT_EQ(ToHex(AsBytes(sig.substr(0, 4))), hash_hex);
  // SubjectPublicKeyInfo for Ed25519: a fixed 12-byte DER prefix, then the key.
  auto spki = FromHex("302a300506032b6570032100");
  ASSERT_TRUE(spki.ok());
  const std::string der = std::string(AsString(*spki)) + key.substr(1);
  WriteFile(tmp_ / "note.pem", "-----BEGIN PUBLIC KEY-----\n" + Base64Encode(der) + "\n-----END PUBLIC KEY-----\n");
  WriteFile(tmp_ / "note.msg", body);
  WriteFile(tmp_ / "note.sig", sig.substr(4));
  auto ok = RunProcess({"openssl", "pkeyutl", "-verify", "-pubin", "-inkey", tmp_ / "note.pem", "-rawin", "-in",
                        tmp_ / "note.msg", "-sigfile", tmp_ / "note.sig"});
  EXPECT_EQ(ok.exit_code, 0) << ok.Describe();
  // One changed byte of the note text: refused.
  std::string altered = body;
  altered[altered.size() - 3] ^= 1;
  WriteFile(tmp_ / "note.msg", altered);
  auto bad = RunProcess({"openssl", "pkeyutl", "-verify", "-pubin", "-inkey", tmp_ / "note.pem", "-rawin", "-in",
                         tmp_ / "note.msg", "-sigfile", tmp_ / "note.sig"});
  EXPECT_NE(bad.exit_code, 0) << bad.Describe();
}

TEST_F(BundleTest, BundleVerifyPassesWithoutAVaultAndSaysWhatItTrusts) {
  auto r = Verify(bundle_);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.err.find("WARNING"), std::string::npos) << r.Describe();
  EXPECT_NE(r.out.find("3 clips, 1 sidecars, 3 manifests"), std::string::npos) << r.Describe();

  auto with_key = Verify(bundle_, {"--pubkey", vault_ + "/keys/station.pub"});
  EXPECT_EQ(with_key.exit_code, 0) << with_key.Describe();
  EXPECT_EQ(with_key.err.find("WARNING"), std::string::npos) << with_key.Describe();

  // Another station's key: nothing in the bundle is signed by it.
  TempDir other;
  auto init = RunCustodia(other / "v", {"init", "--station", "other"});
  ASSERT_EQ(init.exit_code, 0) << init.Describe();
  auto wrong = Verify(bundle_, {"--pubkey", other / "v/keys/station.pub"});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.Describe();
  EXPECT_TRUE(Mentions(wrong, "station.pub")) << wrong.Describe();
  EXPECT_TRUE(Mentions(wrong, "SHA256SUMS.minisig")) << wrong.Describe();

  auto json = Verify(bundle_, {"--json", "--pubkey", vault_ + "/keys/station.pub"});
  ASSERT_EQ(json.exit_code, 0) << json.Describe();
  Json j = Json::parse(json.out);
  EXPECT_EQ(j["schema"], "custodia.bundle-verify/1");
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["clips"], 3);
  EXPECT_EQ(Validate("bundle-verify.schema.json", j), "");
  auto failed = Verify(bundle_, {"--json", "--pubkey", other / "v/keys/station.pub"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_EQ(Validate("bundle-verify.schema.json", Json::parse(failed.out)), "");

  EXPECT_EQ(Verify(tmp_ / "missing").exit_code, 2);
  EXPECT_EQ(Verify(bundle_, {"--pubkey", bundle_ + "/VERIFY.md"}).exit_code, 2);
}

TEST_F(BundleTest, FlippedClipByte) {
  std::string b = Copy("b");
  std::string clip = ClipFile(b, "mkv");
  FlipByte(b + "/" + clip, 1000);
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, clip)) << r.Describe();
  EXPECT_NE(r.out.find("altered"), std::string::npos) << r.Describe();
  EXPECT_NE(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  if (HaveTool("minisign")) {
    EXPECT_NE(In(b, {"minisign", "-Vm", clip, "-p", "station.pub"}).exit_code, 0);
  }
  EXPECT_TRUE(GuideFails(b));
}

TEST_F(BundleTest, FlippedManifestByte) {
  std::string b = Copy("b");
  std::string m = "manifests/" + clips_[1] + ".json";
  FlipByte(b + "/" + m, 40);
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, m)) << r.Describe();
  EXPECT_NE(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  if (HaveTool("minisign")) {
    EXPECT_NE(In(b, {"minisign", "-Vm", m, "-p", "station.pub"}).exit_code, 0);
  }
  EXPECT_TRUE(GuideFails(b));
}

TEST_F(BundleTest, ChangedProofHash) {
  std::string b = Copy("b");
  auto proofs = Matching(b, "custody/proofs/\\d+\\.json");
  std::string p;
  for (const auto& f : proofs) {
    if (ReadFile(b + "/" + f).find("\"hashes\":[\"") != std::string::npos) p = f;
  }
  ASSERT_FALSE(p.empty());
  // One character of the first path hash, still valid base64: only the walk can tell.
  std::string text = ReadFile(b + "/" + p);
  size_t at = text.find("\"hashes\":[\"") + 11;
  text[at] = text[at] == 'A' ? 'B' : 'A';
  WriteFile(b + "/" + p, text);
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, p)) << r.Describe();
  EXPECT_NE(r.out.find("root"), std::string::npos) << r.Describe();
  auto py = In(b, {"python3", "verify-proofs.py"});
  EXPECT_EQ(py.exit_code, 1) << py.Describe();
  EXPECT_NE(py.out.find("FAIL  " + p), std::string::npos) << py.Describe();
  EXPECT_NE(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  EXPECT_TRUE(GuideFails(b));
}

TEST_F(BundleTest, ChangedEntryLine) {
  std::string b = Copy("b");
  ReplaceIn(b + "/custody/entries.jsonl", "\"actor\":\"tester\"", "\"actor\":\"tostor\"");
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_NE(r.out.find("leaf hash"), std::string::npos) << r.Describe();
  auto py = In(b, {"python3", "verify-proofs.py"});
  EXPECT_EQ(py.exit_code, 1) << py.Describe();
  EXPECT_NE(py.out.find("FAIL"), std::string::npos) << py.Describe();
  EXPECT_NE(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  EXPECT_TRUE(GuideFails(b));
}

TEST_F(BundleTest, FlippedCheckpointByte) {
  std::string b = Copy("b");
  std::string cp = ReadFile(b + "/custody/checkpoint");
  size_t root = cp.find('\n', cp.find('\n') + 1) + 1;  // first byte of the root hash line
  cp[root + 5] = cp[root + 5] == 'A' ? 'B' : 'A';
  WriteFile(b + "/custody/checkpoint", cp);
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, "custody/checkpoint")) << r.Describe();
  if (HaveTool("minisign")) {
    EXPECT_NE(In(b, {"minisign", "-Vm", "custody/checkpoint", "-p", "station.pub"}).exit_code, 0);
  }
  EXPECT_EQ(In(b, {"python3", "verify-proofs.py"}).exit_code, 1);
  EXPECT_NE(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  EXPECT_TRUE(GuideFails(b));
}

TEST_F(BundleTest, RemovedFile) {
  std::string b = Copy("b");
  std::string m = "manifests/" + clips_[0] + ".json.minisig";
  fs::remove(b + "/" + m);
  auto proofs = Matching(b, "custody/proofs/\\d+\\.json");
  fs::remove(b + "/" + proofs[0]);
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, m)) << r.Describe();
  EXPECT_TRUE(Mentions(r, proofs[0])) << r.Describe();
  EXPECT_NE(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  EXPECT_EQ(In(b, {"python3", "verify-proofs.py"}).exit_code, 1);
  EXPECT_TRUE(GuideFails(b));
}

TEST_F(BundleTest, ExtraFile) {
  std::string b = Copy("b");
  WriteFile(b + "/clips/extra.mp4", ReadFile(FixtureClip("mp4_noaudio")));
  WriteFile(b + "/NOTES.txt", "planted\n");
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, "clips/extra.mp4")) << r.Describe();
  EXPECT_TRUE(Mentions(r, "NOTES.txt")) << r.Describe();
  // sha256sum -c does not see added files; VERIFY.md's step 2b does, and names them.
  EXPECT_EQ(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  std::string said;
  EXPECT_TRUE(GuideFails(b, &said));
  if (HaveTool("minisign")) {
    EXPECT_NE(said.find("FALLO / FAILED"), std::string::npos) << said;
    EXPECT_NE(said.find("\nclips/extra.mp4\n"), std::string::npos) << said;
    EXPECT_NE(said.find("\nNOTES.txt\n"), std::string::npos) << said;
  }
}

// Files that a `find -type f` or `-name SHA256SUMS` comparison would miss: a
// FIFO, and a file named SHA256SUMS below the top directory.
TEST_F(BundleTest, PlantedFifoAndNestedSha256Sums) {
  std::string b = Copy("b");
  ASSERT_EQ(::mkfifo((b + "/custody/pipe").c_str(), 0644), 0);
  WriteFile(b + "/clips/SHA256SUMS", "planted\n");
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, "custody/pipe")) << r.Describe();
  EXPECT_TRUE(Mentions(r, "clips/SHA256SUMS")) << r.Describe();
  EXPECT_EQ(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  std::string said;
  EXPECT_TRUE(GuideFails(b, &said));
  if (HaveTool("minisign")) {
    EXPECT_NE(said.find("\ncustody/pipe\n"), std::string::npos) << said;
    EXPECT_NE(said.find("\nclips/SHA256SUMS\n"), std::string::npos) << said;
  }
}

// One bundle with every kind of damage at once: each is listed, in one run.
TEST_F(BundleTest, EveryProblemIsListedInOneRun) {
  std::string b = Copy("b");
  std::string clip = ClipFile(b, "mkv");
  FlipByte(b + "/" + clip, 1000);
  std::string manifest = "manifests/" + clips_[0] + ".json";
  FlipByte(b + "/" + manifest, 40);
  auto proofs = Matching(b, "custody/proofs/\\d+\\.json");
  ASSERT_GE(proofs.size(), 2u);
  FlipByte(b + "/" + proofs[0], -2);  // its closing brace: no longer JSON
  std::string cp = ReadFile(b + "/custody/checkpoint");
  size_t root = cp.find('\n', cp.find('\n') + 1) + 1;
  cp[root + 5] = cp[root + 5] == 'A' ? 'B' : 'A';
  WriteFile(b + "/custody/checkpoint", cp);
  std::string removed = "manifests/" + clips_[2] + ".json.minisig";
  fs::remove(b + "/" + removed);
  WriteFile(b + "/attentions/planted.json", "{}\n");
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  for (const std::string& f : {clip, manifest, proofs[0], std::string("custody/checkpoint"), removed,
                               std::string("attentions/planted.json")}) {
    EXPECT_TRUE(Mentions(r, f)) << f << ": " << r.Describe();
  }
  auto json = Verify(b, {"--json"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_GE(Json::parse(json.out)["problems"].size(), 6u);
}

// verify-proofs.py's walk is RFC 9162 §2.1.3.2, checked against a naive
// RFC 6962 MTH and PATH (written here, in Python, independently of custodia)
// for every leaf of every tree up to 40 leaves: correct paths reach the root;
// a path for the wrong index, or one hash short or long, does not.
TEST_F(BundleTest, VerifyProofsScriptWalksRfc6962Paths) {
  if (!HaveTool("python3")) GTEST_SKIP() << "no python3";
  const std::string check = R"PY(
import hashlib, importlib.util
spec = importlib.util.spec_from_file_location("vp", "verify-proofs.py")
vp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vp)
H = lambda b: hashlib.sha256(b).digest()
def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k
def mth(l):
    if len(l) == 1:
        return H(b"\0" + l[0])
    k = split(len(l))
    return H(b"\1" + mth(l[:k]) + mth(l[k:]))
def path(m, l):
    if len(l) == 1:
        return []
    k = split(len(l))
    return path(m, l[:k]) + [mth(l[k:])] if m < k else path(m - k, l[k:]) + [mth(l[:k])]
def reaches(m, n, leaf, p, root):
    try:
        return vp.root_from_inclusion_proof(m, n, leaf, p) == root
    except vp.Bad:
        return False
good = bad = 0
for n in range(1, 41):
    leaves = [b"entry %d" % i for i in range(n)]
    root = mth(leaves)
    for m in range(n):
        leaf, p = H(b"\0" + leaves[m]), path(m, leaves)
        good += reaches(m, n, leaf, p, root)
        bad += m + 1 < n and reaches(m + 1, n, leaf, p, root)
        bad += bool(p) and reaches(m, n, leaf, p[:-1], root)
        bad += reaches(m, n, leaf, p + [root], root)
print(good, bad)
)PY";
  auto r = In(bundle_, {"python3", "-I", "-S", "-c", check});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, "820 0\n") << r.Describe();  // 1 + 2 + … + 40 proofs, none accepted wrongly
}

// verify-proofs.py on hostile files: a verdict (FAIL, exit 1), never a traceback.
TEST_F(BundleTest, VerifyProofsScriptSurvivesHostileFiles) {
  if (!HaveTool("python3")) GTEST_SKIP() << "no python3";
  auto proofs = Matching(bundle_, "custody/proofs/\\d+\\.json");
  ASSERT_FALSE(proofs.empty());
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {proofs[0], deep},
      {proofs[0], "{\"leaf_index\":1e999999}"},
      {proofs[0], std::string("\xff\xfe\x00garbage", 10)},
      {"custody/entries.jsonl", deep + "\n"},
      {"custody/entries.jsonl", "{\"seq\":" + std::string(5000, '9') + "}\n"},
      {"custody/checkpoint", "custodia/x\n99999999999999999999999\nAAAA\n\n"},
      {"custody/checkpoint", ""},
  };
  int n = 0;
  for (const auto& [file, text] : cases) {
    std::string b = Copy("py" + std::to_string(n++));
    WriteFile(b + "/" + file, text);
    auto py = In(b, {"python3", "verify-proofs.py"});
    EXPECT_EQ(py.exit_code, 1) << file << ": " << py.Describe();
    EXPECT_NE(py.out.find("FAIL"), std::string::npos) << file << ": " << py.Describe();
    EXPECT_EQ(py.err.find("Traceback"), std::string::npos) << file << ": " << py.Describe();
    fs::remove_all(b);
  }
  // A symbolic link on the way to the proofs is refused, not followed.
  std::string b = Copy("pylink");
  fs::rename(b + "/custody", tmp_ / "custody-elsewhere");
  fs::create_directory_symlink(tmp_ / "custody-elsewhere", b + "/custody");
  auto py = In(b, {"python3", "verify-proofs.py"});
  EXPECT_EQ(py.exit_code, 1) << py.Describe();
  EXPECT_NE(py.out.find("symbolic link"), std::string::npos) << py.Describe();
}

TEST_F(BundleTest, DotDotPathInSha256Sums) {
  std::string b = Copy("b");
  WriteFile(tmp_ / "outside.txt", "outside\n");
  std::string sums = ReadFile(b + "/SHA256SUMS");
  WriteFile(b + "/SHA256SUMS",
            HexOf(Sha256::Of(std::string("outside\n"))) + "  ../outside.txt\n" + sums +
                HexOf(Sha256::Of(std::string("x"))) + "  /etc/hostname\n");
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, "SHA256SUMS")) << r.Describe();
  EXPECT_NE(r.out.find("\"..\""), std::string::npos) << r.Describe();
  EXPECT_NE(r.out.find("absolute"), std::string::npos) << r.Describe();
  // The stock tool follows it; the signature, checked first, is what catches the edit.
  if (HaveTool("minisign")) {
    EXPECT_NE(In(b, {"minisign", "-Vm", "SHA256SUMS", "-p", "station.pub"}).exit_code, 0);
  }
  EXPECT_TRUE(GuideFails(b));
}

TEST_F(BundleTest, PlantedSymlinksAreNeverFollowed) {
  std::string b = Copy("b");
  // A clip replaced by a link to an identical copy outside: same bytes, so
  // sha256sum -c passes through it; bundle verify refuses links.
  std::string clip = ClipFile(b, "mov");
  fs::copy_file(b + "/" + clip, tmp_ / "outside.mov");
  fs::remove(b + "/" + clip);
  fs::create_symlink(tmp_ / "outside.mov", b + "/" + clip);
  // A directory link: custody/proofs -> elsewhere.
  fs::rename(b + "/custody/proofs", tmp_ / "proofs");
  fs::create_directory_symlink(tmp_ / "proofs", b + "/custody/proofs");
  auto r = Verify(b);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, clip)) << r.Describe();
  EXPECT_TRUE(Mentions(r, "custody/proofs")) << r.Describe();
  EXPECT_NE(r.out.find("symbolic link"), std::string::npos) << r.Describe();
  EXPECT_EQ(In(b, {"sha256sum", "-c", "--quiet", "SHA256SUMS"}).exit_code, 0);
  std::string said;
  EXPECT_TRUE(GuideFails(b, &said));  // step 2b: no symbolic links
  if (HaveTool("minisign")) {
    EXPECT_NE(said.find("./" + clip + "\n"), std::string::npos) << said;
  }
}

TEST_F(BundleTest, HostileEntriesNeitherHangNorCrash) {
  std::string b = Copy("b");
  ASSERT_EQ(::mkfifo((b + "/clips/fifo.mp4").c_str(), 0644), 0);
  fs::create_directories(b + "/custody/proofs/deeper/still");
  WriteFile(b + "/custody/proofs/deeper/still/x.json", "{}");
  WriteFile(b + "/attentions/evil.json", std::string(100000, '[') + std::string(100000, ']'));
  WriteFile(b + "/clips/back\\slash.mp4", "x");
  // Members of the wrong type, a number out of range.
  std::string m = "manifests/" + clips_[0] + ".json";
  WriteFile(b + "/" + m, "{\"schema\":5,\"sha256\":5,\"sidecars\":[{\"name\":1}],\"size\":-1}\n");
  std::string entries = ReadFile(b + "/custody/entries.jsonl");
  WriteFile(b + "/custody/entries.jsonl", "{\"seq\":1e999999}\n" + entries);
  RunOptions o;
  o.timeout_s = 60;
  auto r = RunProcess({CustodiaBin(), "bundle", "verify", b}, o);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_TRUE(Mentions(r, "clips/fifo.mp4")) << r.Describe();
  EXPECT_TRUE(Mentions(r, "custody/proofs/deeper")) << r.Describe();
  EXPECT_TRUE(Mentions(r, "attentions/evil.json")) << r.Describe();
  EXPECT_NE(r.out.find("backslash"), std::string::npos) << r.Describe();
  EXPECT_TRUE(Mentions(r, m)) << r.Describe();
  EXPECT_TRUE(Mentions(r, "custody/entries.jsonl")) << r.Describe();
}

// Each malformed file of the parser corpus, put in its place in a bundle:
// reported by name, exit 1, never a crash.
TEST_F(BundleTest, MalformedFilesInABundleAreReportedByName) {
  const std::string corpus = std::string(CUSTODIA_SOURCE_DIR) + "/tests/bundle/corpus";
  const std::vector<std::pair<std::string, std::string>> places = {
      {"sha256sums", "SHA256SUMS"},
      {"minisig", "SHA256SUMS.minisig"},
      {"minisig", "station.pub"},
      {"checkpoint", "custody/checkpoint"},
      {"vkey", "station-note.vkey"},
      {"proof", "custody/proofs/" + Matching(bundle_, "custody/proofs/\\d+\\.json")[0].substr(15)},
  };
  int n = 0;
  for (const auto& [dir, place] : places) {
    for (auto& f : fs::directory_iterator(corpus + "/" + dir)) {
      std::string name = f.path().filename().string();
      if (name.rfind("valid", 0) == 0 || name.rfind("pubkey", 0) == 0) continue;
      std::string b = Copy("m" + std::to_string(n++));
      WriteFile(b + "/" + place, ReadFile(f.path().string()));
      auto r = Verify(b);
      EXPECT_EQ(r.exit_code, 1) << dir << "/" << name << " as " << place << ": " << r.Describe();
      EXPECT_TRUE(Mentions(r, place)) << dir << "/" << name << " as " << place << ": " << r.Describe();
      fs::remove_all(b);
    }
  }
  EXPECT_GT(n, 50);
}

TEST_F(BundleTest, ExportRefusesUsageErrorsBeforeLogging) {
  std::string log = ReadFile(vault_ + "/log/entries.jsonl");
  std::string full = tmp_ / "full";
  MakeDirs(full);
  WriteFile(full + "/x", "x");
  auto nonempty = Run({"export", "--clip", clips_[0], "--out", full, "--reason", "r"});
  EXPECT_EQ(nonempty.exit_code, 2) << nonempty.Describe();
  EXPECT_NE(nonempty.err.find("not empty"), std::string::npos) << nonempty.Describe();
  auto no_reason = Run({"export", "--clip", clips_[0], "--out", tmp_ / "a"});
  EXPECT_EQ(no_reason.exit_code, 2) << no_reason.Describe();
  EXPECT_NE(no_reason.err.find("--reason"), std::string::npos) << no_reason.Describe();
  EXPECT_EQ(Run({"export", "--clip", clips_[0], "--out", tmp_ / "a", "--reason", "  "}).exit_code, 2);
  EXPECT_EQ(Run({"export", "--clip", "ffffffffff", "--out", tmp_ / "a", "--reason", "r"}).exit_code, 2);
  EXPECT_EQ(Run({"export", "--attention", "NO-SUCH", "--out", tmp_ / "a", "--reason", "r"}).exit_code, 2);
  EXPECT_EQ(Run({"export", "--out", tmp_ / "a", "--reason", "r"}).exit_code, 2);
  EXPECT_EQ(Run({"export", "--clip", clips_[0], "--out", tmp_ / "no/such/parent/a", "--reason", "r"}).exit_code, 2);
  EXPECT_EQ(ReadFile(vault_ + "/log/entries.jsonl"), log);  // nothing logged
  EXPECT_FALSE(fs::exists(tmp_ / "a"));
  // An empty directory is fine.
  MakeDirs(tmp_ / "empty");
  auto ok = Run({"export", "--clip", clips_[0], "--out", tmp_ / "empty", "--reason", "r", "--json"});
  ASSERT_EQ(ok.exit_code, 0) << ok.Describe();
  EXPECT_EQ(Json::parse(ok.out)["clips"].size(), 1u);
  EXPECT_EQ(Verify(tmp_ / "empty").exit_code, 0);
}

// A failure after the export was logged (here: the vault's object is damaged,
// which only the copy's check can see) leaves no bundle, no partial directory,
// and a second `export` entry that says it failed.
TEST_F(BundleTest, FailedExportLeavesNothingThatLooksComplete) {
  TempDir t;
  std::string vault = t / "v", cam = t / "cam";
  MakeDirs(cam);
  WriteFile(cam + "/A.mp4", ReadFile(FixtureClip("mp4")));
  ASSERT_EQ(RunCustodia(vault, {"init", "--station", "s2"}).exit_code, 0);
  ASSERT_EQ(RunCustodia(vault, {"offload", cam, "--progress", "none"}).exit_code, 0);
  std::string sha = HexOf(Sha256::Of(ReadFile(cam + "/A.mp4")));
  std::string object = vault + "/objects/sha256/" + sha.substr(0, 2) + "/" + sha;
  ::chmod(object.c_str(), 0644);
  FlipByte(object, 500);
  auto r = RunCustodia(vault, {"export", "--clip", sha, "--out", t / "out", "--reason", "r"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_NE(r.err.find("SHA-256"), std::string::npos) << r.Describe();
  EXPECT_FALSE(fs::exists(t / "out"));
  for (auto& e : fs::directory_iterator(t.path())) {
    EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
  }
  std::string log = ReadFile(vault + "/log/entries.jsonl");
  EXPECT_NE(log.find("\"action\":\"export\",\"actor\""), std::string::npos);
  EXPECT_NE(log.find("\"outcome\":\"failed\""), std::string::npos) << log;
}

TEST_F(BundleTest, VerifyFileFindsABundleClip) {
  std::string clip = ClipFile(bundle_, "mp4");
  auto r = Run({"verify-file", bundle_ + "/" + clip, bundle_ + "/" + clip.substr(0, clip.size() - 4) + ".json"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("IN VAULT"), std::string::npos) << r.Describe();
  EXPECT_NE(r.out.find("sidecar of clip"), std::string::npos) << r.Describe();
  // Altered: found by nothing, but its bundle name says which clip it claims to be.
  std::string b = Copy("b");
  FlipByte(b + "/" + clip, 2000);
  auto altered = Run({"verify-file", b + "/" + clip});
  EXPECT_EQ(altered.exit_code, 1) << altered.Describe();
  EXPECT_NE(altered.out.find("named as the bundle copy of clip"), std::string::npos) << altered.Describe();
  auto json = Run({"verify-file", b + "/" + clip, "--json"});
  Json j = Json::parse(json.out);
  EXPECT_EQ(j["items"][0]["name_mismatch"], true);
}

// --attention: needs `import attentions` and auto-link.
TEST_F(BundleTest, AttentionExportCarriesTheRecordAndItsClips) {
  if (Run({"import", "attentions", "--help"}).exit_code != 0) GTEST_SKIP() << "no `import attentions` yet";
  TempDir t;
  std::string vault = t / "v", cam = t / "cam";
  MakeDirs(cam);
  WriteFile(cam + "/A.mp4", ReadFile(FixtureClip("mp4")));  // 2026-01-15T14:00:00Z = 09:00 in Lima
  WriteFile(cam + "/A.json", "{}\n");
  WriteFile(cam + "/B.mkv", ReadFile(FixtureClip("mkv")));
  auto run = [&](const std::vector<std::string>& args) {
    RunOptions o;
    o.env["CUSTODIA_ACTOR"] = "tester";
    auto r = RunCustodia(vault, args, o);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.Describe();
    return r;
  };
  run({"init", "--station", "st-att"});
  run({"offload", cam, "--device", "CAM-07", "--officer", "OF-7", "--progress", "none"});
  WriteFile(t / "att.csv",
            "id,module,zone,category,subcategory,opened_at,closed_at,officers,agencies,address,lat,lon,summary\n"
            "ATT-2026-000042,M04,4,seguridad_ciudadana,robo,2026-01-15 08:55,2026-01-15 09:30,OF-7,PNP|SAMU,"
            "Av. Larco 123,-12.121,-77.030,Robo al paso\n"
            "ATT-2026-000043,M07,7,fiscalizacion,ruido,2026-01-16 20:00,2026-01-16 21:00,OF-9,,Calle 2,,,Ruidos\n");
  run({"import", "attentions", t / "att.csv"});
  std::string clip_b = HexOf(Sha256::Of(ReadFile(cam + "/B.mkv")));
  run({"link", clip_b.substr(0, 10), "ATT-2026-000043", "--reason", "supervisor: same street"});
  std::string out = t / "ATT-2026-000042";
  run({"export", "--attention", "ATT-2026-000042", "--out", out, "--reason", "Fiscalía 42"});
  EXPECT_TRUE(fs::exists(out + "/attentions/ATT-2026-000042.json"));
  EXPECT_FALSE(fs::exists(out + "/attentions/ATT-2026-000043.json"));  // only the attention asked for
  EXPECT_EQ(Matching(out, "clips/.*\\.(mp4|mkv)").size(), 2u);          // both auto-linked by officer and time
  Json rec = Json::parse(ReadFile(out + "/attentions/ATT-2026-000042.json"));
  EXPECT_EQ(rec["id"], "ATT-2026-000042");
  EXPECT_EQ(ReadFile(out + "/attentions/ATT-2026-000042.json"), rec.dump() + "\n");  // canonical
  EXPECT_EQ(Validate("attention.schema.json", rec), "");
  for (const auto& m : Matching(out, "manifests/[0-9a-f]{64}\\.json")) {
    EXPECT_EQ(Validate("clip-manifest.schema.json", Json::parse(ReadFile(out + "/" + m))), "") << m;
  }
  std::string entries = ReadFile(out + "/custody/entries.jsonl");
  EXPECT_NE(entries.find("\"action\":\"import\""), std::string::npos);
  EXPECT_NE(entries.find("\"action\":\"link\""), std::string::npos);
  auto v = Verify(out, {"--pubkey", vault + "/keys/station.pub"});
  EXPECT_EQ(v.exit_code, 0) << v.Describe();
  EXPECT_NE(v.out.find("1 attentions"), std::string::npos) << v.Describe();
  if (HaveTool("minisign") && HaveTool("python3")) {
    for (const auto& g : RunGuide(out)) EXPECT_EQ(g.exit_code, 0) << g.Describe();
  }
  // A --clip export carries the attentions the clip is linked to.
  std::string out2 = t / "clip-b";
  run({"export", "--clip", clip_b, "--out", out2, "--reason", "defensa"});
  EXPECT_TRUE(fs::exists(out2 + "/attentions/ATT-2026-000042.json"));
  EXPECT_TRUE(fs::exists(out2 + "/attentions/ATT-2026-000043.json"));
  EXPECT_EQ(Verify(out2).exit_code, 0);
  // verify-file names the attentions of a bundle clip.
  std::string mkv = ClipFile(out, "mkv");
  auto vf = RunCustodia(vault, {"verify-file", out + "/" + mkv});
  EXPECT_EQ(vf.exit_code, 0) << vf.Describe();
  EXPECT_NE(vf.out.find("ATT-2026-000042"), std::string::npos) << vf.Describe();
  EXPECT_NE(vf.out.find("ATT-2026-000043"), std::string::npos) << vf.Describe();
  // An edited attention record is caught (the export entry recorded its SHA-256).
  std::string edited = t / "edited";
  fs::copy(out, edited, fs::copy_options::recursive);
  std::string att = edited + "/attentions/ATT-2026-000042.json";
  ::chmod(att.c_str(), 0644);
  std::string text = ReadFile(att);
  text.replace(text.find("Robo al paso"), 4, "Hurt");
  WriteFile(att, text);
  auto bad = Verify(edited);
  EXPECT_EQ(bad.exit_code, 1) << bad.Describe();
  EXPECT_TRUE(Mentions(bad, "attentions/ATT-2026-000042.json")) << bad.Describe();
}

// After a key rotation: clips signed by the old key, the new one current. The
// current key vouches for the old one; the vault's rotation statement lets an
// auditor who holds only the old (published) key reach the new one.
TEST_F(BundleTest, KeyRotationOldKeysAreVouchedFor) {
  if (Run({"keys", "rotate", "--help"}).exit_code != 0) GTEST_SKIP() << "no `keys rotate` yet";
  TempDir t;
  std::string vault = t / "v", cam = t / "cam";
  MakeDirs(cam);
  WriteFile(cam + "/A.mp4", ReadFile(FixtureClip("mp4")));
  auto run = [&](const std::vector<std::string>& args) {
    auto r = RunCustodia(vault, args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.Describe();
    return r;
  };
  run({"init", "--station", "st-rot"});
  run({"offload", cam, "--progress", "none"});
  std::string old_pub = ReadFile(vault + "/keys/station.pub");
  WriteFile(t / "old.pub", old_pub);
  run({"keys", "rotate", "--reason", "yearly"});
  ASSERT_NE(ReadFile(vault + "/keys/station.pub"), old_pub);
  MakeDirs(cam + "2");
  WriteFile(cam + "2/B.mkv", ReadFile(FixtureClip("mkv")));
  run({"offload", cam + "2", "--progress", "none"});
  std::string a = HexOf(Sha256::Of(ReadFile(cam + "/A.mp4")));
  std::string out = t / "bundle";
  run({"export", "--clip", a, "--clip", HexOf(Sha256::Of(ReadFile(cam + "2/B.mkv"))), "--out", out, "--reason", "r"});
  EXPECT_EQ(Matching(out, "keys/[0-9A-F]{16}\\.pub").size(), 2u);
  EXPECT_EQ(Matching(out, "keys/[0-9A-F]{16}\\.pub\\.vouch\\.minisig").size(), 1u);
  EXPECT_EQ(Matching(out, "keys/[0-9A-F]{16}\\.pub\\.minisig").size(), 1u);  // the rotation statement
  auto cur = Verify(out, {"--pubkey", vault + "/keys/station.pub"});
  EXPECT_EQ(cur.exit_code, 0) << cur.Describe();
  auto old = Verify(out, {"--pubkey", t / "old.pub"});
  EXPECT_EQ(old.exit_code, 0) << old.Describe();
  EXPECT_EQ(Verify(out).exit_code, 0);
  // VERIFY.md checks the old clip with the old key file, and the vouching.
  std::string md = ReadFile(out + "/VERIFY.md");
  EXPECT_NE(md.find(".vouch.minisig -p station.pub"), std::string::npos) << md;
  if (HaveTool("minisign") && HaveTool("python3")) {
    for (const auto& g : RunGuide(out)) EXPECT_EQ(g.exit_code, 0) << g.Describe();
  }
  // Without the vouching, the old key's signatures are not trusted.
  std::string b = t / "novouch";
  fs::copy(out, b, fs::copy_options::recursive);
  for (const auto& f : Matching(b, "keys/.*\\.minisig")) fs::remove(b + "/" + f);
  auto r = Verify(b, {"--pubkey", vault + "/keys/station.pub"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_NE(r.out.find("not trusted"), std::string::npos) << r.Describe();
}

}  // namespace
}  // namespace custodia::testing
