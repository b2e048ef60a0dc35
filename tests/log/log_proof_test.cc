// custodia log proof / log checkpoint: proofs checked by an independent
// RFC 9162 walk over entries.jsonl and by custodia's own verifiers.
#include "custodia/custody.h"
#include "log_fixture.h"

namespace custodia::testing {
namespace {

using rfc9162::FromB64;

std::vector<Hash> Path(const Json& hashes) {
  std::vector<Hash> out;
  for (const auto& h : hashes) {
    auto d = FromB64(h.get<std::string>());
    EXPECT_TRUE(d) << h;
    out.push_back(d.value_or(Hash{}));
  }
  return out;
}

class LogProofTest : public LogTest {
 protected:
  void SetUp() override {
    LogTest::SetUp();
    SetUpVault();
    AddClip("mov", "C.MOV");
    Offload();  // a few more entries: sizes that are not powers of two
  }
  Json Proof(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"log", "proof"};
    all.insert(all.end(), args.begin(), args.end());
    auto r = C(all);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    return JsonOf(r);
  }
  // An inclusion proof from the CLI, checked independently and by custodia.
  void CheckInclusion(const Json& p, uint64_t seq) {
    std::vector<std::string> lines = Lines();
    std::string checkpoint = ReadFile(LogFile("checkpoint"));
    const uint64_t size = CheckpointSize(checkpoint);
    EXPECT_EQ(p["leaf_index"], seq);
    EXPECT_EQ(p["tree_size"], size);  // against the latest checkpoint
    EXPECT_EQ(p["checkpoint"], checkpoint);
    ASSERT_LT(seq, lines.size());
    Hash leaf = rfc9162::Leaf(lines[seq]);
    EXPECT_EQ(FromB64(p["leaf_hash"]), leaf);
    Hash root = CheckpointRoot(checkpoint);
    EXPECT_EQ(rfc9162::Root(LeafHashes(), 0, size), root);  // the checkpoint's root is the entries' root
    EXPECT_TRUE(rfc9162::VerifyInclusion(seq, size, leaf, Path(p["hashes"]), root)) << p.dump();

    auto proof = InclusionProof::FromJson(p, "cli proof");
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    Sha256Digest r;
    std::copy(root.begin(), root.end(), r.begin());
    EXPECT_TRUE(VerifyInclusion(proof->leaf_index, proof->tree_size, proof->leaf_hash, proof->hashes, r).ok());
    // A different entry does not verify with this proof.
    Hash other = rfc9162::Leaf(lines[(seq + 1) % size]);
    EXPECT_FALSE(rfc9162::VerifyInclusion(seq, size, other, Path(p["hashes"]), root));
  }
};

TEST_F(LogProofTest, InclusionOfEveryEntry) {
  const uint64_t size = CheckpointSize(ReadFile(LogFile("checkpoint")));
  ASSERT_GE(size, 6u);
  for (uint64_t seq = 0; seq < size; ++seq) CheckInclusion(Proof({"--seq", std::to_string(seq)}), seq);
}

TEST_F(LogProofTest, InclusionOfAClipsIngestEntry) {
  std::vector<Json> entries = Entries();
  std::string clip = IngestedClips()[1];
  uint64_t ingest = 0;
  for (const auto& e : entries) {
    if (e["action"] == "ingest" && e["subjects"]["clips"][0] == clip) ingest = e["seq"];
  }
  ASSERT_GT(ingest, 0u);
  CheckInclusion(Proof({"--clip", clip.substr(0, 9)}), ingest);
  EXPECT_EQ(C({"log", "proof", "--clip", "ffffffff"}).exit_code, 2);
}

TEST_F(LogProofTest, ConsistencyBetweenSizes) {
  std::vector<Hash> leaves = LeafHashes();
  const uint64_t latest = CheckpointSize(ReadFile(LogFile("checkpoint")));
  for (uint64_t from = 1; from <= latest; ++from) {
    Json p = Proof({"--from", std::to_string(from)});
    EXPECT_EQ(p["old_size"], from);
    EXPECT_EQ(p["new_size"], latest);  // NEW defaults to the latest checkpoint
    Hash r1 = rfc9162::Root(leaves, 0, from), r2 = rfc9162::Root(leaves, 0, latest);
    EXPECT_TRUE(rfc9162::VerifyConsistency(from, latest, r1, r2, Path(p["hashes"]))) << p.dump();
    auto proof = ConsistencyProof::FromJson(p, "cli proof");
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    Sha256Digest a, b;
    std::copy(r1.begin(), r1.end(), a.begin());
    std::copy(r2.begin(), r2.end(), b.begin());
    EXPECT_TRUE(VerifyConsistency(from, latest, a, b, proof->hashes).ok()) << from;
  }
  Json p = Proof({"--from", "3", "--to", "5"});
  EXPECT_EQ(p["old_size"], 3);
  EXPECT_EQ(p["new_size"], 5);
  EXPECT_TRUE(rfc9162::VerifyConsistency(3, 5, rfc9162::Root(leaves, 0, 3), rfc9162::Root(leaves, 0, 5),
                                         Path(p["hashes"])));
  EXPECT_FALSE(rfc9162::VerifyConsistency(3, 5, rfc9162::Root(leaves, 0, 2), rfc9162::Root(leaves, 0, 5),
                                          Path(p["hashes"])));
}

TEST_F(LogProofTest, OutOfRangeIsAUsageError) {
  const uint64_t latest = CheckpointSize(ReadFile(LogFile("checkpoint")));
  auto expect2 = [&](const std::vector<std::string>& args, const std::string& says) {
    std::vector<std::string> all = {"log", "proof"};
    all.insert(all.end(), args.begin(), args.end());
    auto r = C(all);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  };
  const std::string n = std::to_string(latest);
  expect2({"--seq", n}, "no custody entry " + n);
  expect2({"--seq", "-1"}, "");
  expect2({"--seq", "abc"}, "not a whole number");
  expect2({"--from", "0"}, "at least 1");
  expect2({"--from", "5", "--to", "3"}, "larger than new size 3");
  expect2({"--from", "1", "--to", std::to_string(latest + 1)}, "beyond the latest checkpoint");
  expect2({"--seq", "1", "--from", "1"}, "excludes");
  expect2({"--to", "3"}, "requires");
  expect2({}, "say what to prove");
}

TEST_F(LogProofTest, ProofOfAnEditedEntryFails) {
  std::vector<std::string> lines = Lines();
  size_t at = lines[2].find("\"tester\"");
  ASSERT_NE(at, std::string::npos) << lines[2];
  lines[2].replace(at, 8, "\"hacker\"");
  WriteLines(lines);
  auto r = C({"log", "proof", "--seq", "2"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_NE(r.err.find("custody entry 2"), std::string::npos) << r.err;
  EXPECT_EQ(C({"log", "proof", "--seq", "3"}).exit_code, 0);  // the others still prove
}

TEST_F(LogProofTest, CheckpointAsStoredAndAsJson) {
  auto text = C({"log", "checkpoint"});
  ASSERT_EQ(text.exit_code, 0) << text.Describe();
  std::string stored = ReadFile(LogFile("checkpoint"));
  EXPECT_EQ(text.out, stored);  // byte for byte, to publish
  EXPECT_EQ(stored.rfind("custodia/st-test\n", 0), 0u) << stored;

  auto json = C({"log", "checkpoint", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.Describe();
  Json j = JsonOf(json);
  EXPECT_EQ(j["origin"], "custodia/st-test");
  EXPECT_EQ(j["size"], Lines().size());
  EXPECT_EQ(FromB64(j["root"]), rfc9162::Root(LeafHashes(), 0, Lines().size()));
  EXPECT_EQ(j["note"], stored);
  EXPECT_EQ(j["signed_by"].size(), 1u);

  // A checkpoint whose signature does not verify is not printed for publishing.
  std::string forged = stored;
  forged[forged.find('\n') + 1] = forged[forged.find('\n') + 1] == '9' ? '8' : '9';  // another size
  WriteFile(LogFile("checkpoint"), forged);
  auto bad = C({"log", "checkpoint"});
  EXPECT_EQ(bad.exit_code, 1) << bad.Describe();
  EXPECT_TRUE(bad.out.empty());
  EXPECT_NE(bad.err.find("no valid signature"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace custodia::testing
