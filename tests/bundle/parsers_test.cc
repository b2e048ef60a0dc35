// Every parser a bundle goes through, fed the malformed files of
// tests/bundle/corpus/<parser>/ (the interesting cases; the fuzzers start from
// the same files). Files named valid* must parse; every other one must be
// refused with a message that names the file, and nothing may crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>

#include "custodia/bundle.h"
#include "custodia/custody.h"
#include "custodia/minisign.h"
#include "custodia/note.h"
#include "testutil.h"

namespace custodia::testing {
namespace {

namespace fs = std::filesystem;

const std::string kCorpus = std::string(CUSTODIA_SOURCE_DIR) + "/tests/bundle/corpus";

using Parser = std::function<Status(const std::string& name, const std::string& text)>;

Status FirstSumsProblem(const std::string& text, const std::string& where) {
  Sha256Sums sums = ParseSha256Sums(text, where);
  if (sums.problems.empty()) return Status::Ok();
  return Status::Invalid(sums.problems.front());
}

const std::map<std::string, Parser>& Parsers() {
  static const std::map<std::string, Parser> parsers = {
      {"sha256sums", [](const std::string& name, const std::string& text) { return FirstSumsProblem(text, name); }},
      {"minisig",
       [](const std::string& name, const std::string& text) {
         if (name.rfind("pubkey", 0) == 0) return PublicKey::Parse(text, name).status();
         return Signature::Parse(text, name).status();
       }},
      {"checkpoint",
       [](const std::string& name, const std::string& text) { return SignedCheckpoint::Parse(text, name).status(); }},
      {"vkey", [](const std::string& name, const std::string& text) { return ParseNoteVkeys(text, name).status(); }},
      {"proof", [](const std::string& name, const std::string& text) { return ParseBundleProof(text, name).status(); }},
      {"path", [](const std::string&, const std::string& text) { return CheckBundlePath(text); }},
  };
  return parsers;
}

TEST(BundleParsers, CorpusOfMalformedFiles) {
  size_t files = 0;
  for (const auto& [dir, parse] : Parsers()) {
    ASSERT_TRUE(fs::is_directory(kCorpus + "/" + dir)) << kCorpus << "/" << dir;
    for (const auto& f : fs::directory_iterator(kCorpus + "/" + dir)) {
      const std::string name = f.path().filename().string();
      const std::string where = dir + "/" + name;
      const std::string text = ReadFile(f.path().string());
      Status s = parse(where, text);
      ++files;
      if (name.rfind("valid", 0) == 0) {
        EXPECT_TRUE(s.ok()) << where << ": " << s.message();
        continue;
      }
      EXPECT_FALSE(s.ok()) << where << " was accepted";
      if (dir == "path") {
        EXPECT_NE(s.message().find("unsafe path"), std::string::npos) << where << ": " << s.message();
      } else if (dir != "vkey" || s.message().find("malformed verifier key") == std::string::npos) {
        EXPECT_NE(s.message().find(where), std::string::npos) << "message does not name the file: " << s.message();
      }
    }
  }
  EXPECT_GT(files, 100u);
}

TEST(BundleParsers, Sha256SumsListsEveryBadLine) {
  const std::string h(64, 'a');
  Sha256Sums s = ParseSha256Sums(h + "  b\n" + h + "  ../x\n" + h + "  a\n" + "junk\n" + h + "  c\n", "SHA256SUMS");
  ASSERT_EQ(s.problems.size(), 3u);
  EXPECT_NE(s.problems[0].find("line 2"), std::string::npos) << s.problems[0];
  EXPECT_NE(s.problems[0].find(".."), std::string::npos);
  EXPECT_NE(s.problems[1].find("line 3"), std::string::npos) << s.problems[1];
  EXPECT_NE(s.problems[1].find("out of order"), std::string::npos);
  EXPECT_NE(s.problems[2].find("line 4"), std::string::npos) << s.problems[2];
  EXPECT_EQ(s.lines.size(), 3u);  // b, a (reported), c
}

TEST(BundleParsers, Sha256SumsRoundTrip) {
  std::vector<Sha256SumsLine> lines = {{std::string(64, 'b'), "clips/x.mp4"}, {std::string(64, 'a'), "VERIFY.md"},
                                       {std::string(64, 'c'), "custody/proofs/10.json"}};
  std::string text = FormatSha256Sums(lines);
  EXPECT_EQ(text.substr(0, 76), std::string(64, 'a') + "  VERIFY.md\n");
  Sha256Sums back = ParseSha256Sums(text, "SHA256SUMS");
  EXPECT_TRUE(back.problems.empty());
  ASSERT_EQ(back.lines.size(), 3u);
  EXPECT_EQ(back.lines[2].path, "custody/proofs/10.json");
}

TEST(BundleParsers, JsonDepthIsBoundedBeforeParsing) {
  EXPECT_EQ(JsonNestingDepth("{\"a\":[1,{\"b\":\"[[[[\"}]}"), 3u);
  EXPECT_EQ(JsonNestingDepth("\"\\\"[\""), 0u);
  std::string deep(100000, '[');
  auto r = ParseBundleJson(deep + std::string(100000, ']'), "custody/proofs/1.json");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("custody/proofs/1.json"), std::string::npos);
}

TEST(BundleParsers, Names) {
  EXPECT_EQ(BundleClipPath(1768485600000, "CAM:01", std::string(64, 'a'), "CLIP0001.MP4"),
            "clips/20260115T140000Z_CAM%3A01_aaaaaaaa.mp4");
  EXPECT_EQ(BundleClipPath(0, "", std::string(64, 'b'), "noext"), "clips/unknown_-_bbbbbbbb.bin");
  EXPECT_EQ(BundleClipPath(1768485600000, "../..", std::string(64, 'c'), "x.MKV"),
            "clips/20260115T140000Z_%2E.%2F.._cccccccc.mkv");
  EXPECT_EQ(BundleSidecarPath("clips/20260115T140000Z_CAM_aaaaaaaa.mp4", "CLIP0001.GPS"),
            "clips/20260115T140000Z_CAM_aaaaaaaa.gps");
  EXPECT_EQ(BundleSidecarPath("clips/x_y_aaaaaaaa.mp4", "a.json", 2), "clips/x_y_aaaaaaaa.2.json");
  EXPECT_EQ(BundleAttentionPath("ATT-2026-000042"), "attentions/ATT-2026-000042.json");
  EXPECT_EQ(BundleAttentionPath(".hidden:x"), "attentions/%2Ehidden%3Ax.json");
  EXPECT_EQ(BundleProofPath(42), "custody/proofs/42.json");
  for (std::string p : {BundleClipPath(1, std::string(300, ':'), std::string(64, 'a'), "a.mp4")}) {
    EXPECT_TRUE(CheckBundlePath(p).ok()) << p;
    EXPECT_EQ(p.find(':'), std::string::npos);
  }
}

}  // namespace
}  // namespace custodia::testing
