// The worked example of doc/formats/custody-log.md, byte for byte: a
// three-entry log signed with a key made from a fixed seed (Ed25519
// signatures are deterministic), so a third-party verifier can be checked
// against the same numbers.
#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>

#include "custody_testutil.h"

namespace custodia {
namespace {

std::vector<CustodyEntry> DemoEntries() {
  std::vector<CustodyEntry> v(3);
  v[0].time = 1768485600000;  // 2026-01-15T14:00:00.000Z
  v[0].station = "demo";
  v[0].actor = "admin";
  v[0].os_user = "custodia";
  v[0].action = "init";
  v[0].details["format"] = 1;

  v[1].time = 1768485660250;
  v[1].station = "demo";
  v[1].actor = "officer-17";
  v[1].os_user = "custodia";
  v[1].action = "ingest";
  v[1].clips = {HexOf(Sha256::Of("example clip"))};
  v[1].details["file"] = "CLIP_0001.MP4";
  v[1].details["size"] = 1048576;

  v[2].time = 1768485720500;
  v[2].station = "demo";
  v[2].actor = "sup.garcia";
  v[2].os_user = "custodia";
  v[2].action = "link";
  v[2].reason = "same officer, same time";
  v[2].clips = v[1].clips;
  v[2].attentions = {"ATT-2026-000042"};
  v[2].details["rule"] = "manual";
  return v;
}

const char kClip[] = "c960c34b4f4157dc9996699d777be5520f1a8c70e89c3c01b53ea91059bf5e66";  // SHA-256("example clip")
const std::string kLines[3] = {
    R"({"action":"init","actor":"admin","details":{"format":1},"os_user":"custodia","outcome":"ok","reason":null,)"
    R"("seq":0,"station":"demo","subjects":{"attentions":[],"clips":[]},"time":"2026-01-15T14:00:00.000Z","v":1})",
    std::string(R"({"action":"ingest","actor":"officer-17","details":{"file":"CLIP_0001.MP4","size":1048576},)") +
        R"("os_user":"custodia","outcome":"ok","reason":null,"seq":1,"station":"demo","subjects":{"attentions":[],)" +
        R"("clips":[")" + kClip + R"("]},"time":"2026-01-15T14:01:00.250Z","v":1})",
    std::string(R"({"action":"link","actor":"sup.garcia","details":{"rule":"manual"},"os_user":"custodia",)") +
        R"("outcome":"ok","reason":"same officer, same time","seq":2,"station":"demo","subjects":)" +
        R"({"attentions":["ATT-2026-000042"],"clips":[")" + kClip + R"("]},"time":"2026-01-15T14:02:00.500Z","v":1})",
};
const char* kLeaves[3] = {"41dbf9b233594d98ee5efb87d20873612da9a552424b3cdf9100687d01701b67",
                          "8d3835f23813d3f26173c33766699fa5fce7c50be78ddb13282980f7b39a717d",
                          "27190e2987fb16f74cee59700ecd5245cbffa20bbbc778a13a8cd97e9ed89e69"};
const char kNode01[] = "6eaf16c87ea650d5b3cc825e03c324664da96dcbed82f67f8050b91d3d57c052";
const char kRoot[] = "8ea2c32d9ef53555e97e04353a9ef6581f859dbbd52d024c510068b1414053ed";
const char kCheckpoint[] =
    "custodia/demo\n"
    "3\n"
    "jqLDLZ71NVXpfgQ1Op72WB+FnbvVLQJMUQBosUFAU+0=\n"
    "\n"
    "\xE2\x80\x94 custodia/demo "
    "K66aMqbYdpFEzSzXrV39uKa468iFDEnPGJd6CuGqBM3Ip4Ozw286SMgEuOlOuvncJFYI+y5GDA0yHtbUD81ygjnQvAA=\n";
const char kPublicKey[] = "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";
const char kVerifierKey[] = "custodia/demo+2bae9a32+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c";
const char kInclusionHashes[] =
    R"("hashes":["Qdv5sjNZTZjuXvuH0ghzYS2ppVJCSzzfkQBofQFwG2c=","JxkOKYf7FvdM7llwDs1SRcv/ogu7x3ihOozZfp7Ynmk="],)"
    R"("leaf_hash":"jTg18jgT0/Jhc8M3ZmmfpfznxQvnjdsTKCmA97OacX0=","leaf_index":1,"tree_size":3})";
const char kConsistency[] = R"({"hashes":["JxkOKYf7FvdM7llwDs1SRcv/ogu7x3ihOozZfp7Ynmk="],"new_size":3,"old_size":2})";
const char kOffsets[] = "0000000000000000d4000000000000000c02000000000000";  // 0, 212, 524

TEST(GoldenLog, WorkedExample) {
  testing::TempDir dir;
  LogPaths paths = testing::PathsIn(dir.path());
  auto log = testing::OpenLog(paths, true, true);
  auto entries = DemoEntries();
  ASSERT_TRUE(log->Append(entries).ok());
  SecretKey key = testing::KeyFromSeed(0x01, 0x11);
  auto cp = log->WriteCheckpoint("custodia/demo", {&key}, key);
  ASSERT_TRUE(cp.ok());
  auto lines = testing::SplitLines(testing::ReadFile(paths.entries));
  std::string vkey = NoteVerifier::For("custodia/demo", key.public_key()).ToString();
  auto incl = log->ProveInclusion(1, 3);
  auto cons = log->ProveConsistency(2, 3);

  if (std::getenv("CUSTODIA_TEST_DUMP")) {
    for (size_t i = 0; i < lines.size(); ++i) {
      std::printf("line %zu: %s\nleaf %zu: %s\n", i, lines[i].c_str(), i, HexOf(*log->LeafHashAt(i)).c_str());
    }
    std::printf("node01: %s\n", HexOf(NodeHash(*log->LeafHashAt(0), *log->LeafHashAt(1))).c_str());
    std::printf("root: %s\n%s", HexOf(*log->Root(3)).c_str(), cp->c_str());
    std::printf("vkey: %s\npk: %s\n", vkey.c_str(), ToHex(key.public_key().key).c_str());
    std::printf("inclusion: %s\n", (*CanonicalJson(incl->ToJson())).c_str());
    std::printf("consistency: %s\n", (*CanonicalJson(cons->ToJson())).c_str());
    std::printf("tree: %s\noffsets: %s\n", ToHex(AsBytes(testing::ReadFile(paths.tree))).c_str(),
                ToHex(AsBytes(testing::ReadFile(paths.offsets))).c_str());
  }
  ASSERT_EQ(lines.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[size_t(i)], kLines[i]);
    EXPECT_EQ(HexOf(*log->LeafHashAt(uint64_t(i))), kLeaves[i]);
  }
  EXPECT_EQ(HexOf(NodeHash(*log->LeafHashAt(0), *log->LeafHashAt(1))), kNode01);
  EXPECT_EQ(HexOf(*log->Root(3)), kRoot);
  EXPECT_EQ(*cp, kCheckpoint);
  EXPECT_EQ(ToHex(key.public_key().key), kPublicKey);
  EXPECT_EQ(vkey, kVerifierKey);
  EXPECT_EQ(*CanonicalJson(incl->ToJson()), R"({"checkpoint":")" + Json(std::string(kCheckpoint)).dump().substr(1) +
                                                std::string(",") + kInclusionHashes);
  EXPECT_EQ(*CanonicalJson(cons->ToJson()), kConsistency);
  // log/tree in post-order: leaf 0, leaf 1, node(0,1), leaf 2.
  EXPECT_EQ(ToHex(AsBytes(testing::ReadFile(paths.tree))),
            std::string(kLeaves[0]) + kLeaves[1] + kNode01 + kLeaves[2]);
  EXPECT_EQ(ToHex(AsBytes(testing::ReadFile(paths.offsets))), kOffsets);
}

}  // namespace
}  // namespace custodia
