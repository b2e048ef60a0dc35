// CustodyLog files: append, read, proofs, and the crash rules of SPEC §2
// (torn final line, offsets/tree behind entries, derived files ahead of a
// truncated log), with the bytes on disk checked exactly.
#include <gtest/gtest.h>

#include "custodia/custody_tree.h"
#include "custody_testutil.h"

namespace custodia {
namespace {

using testing::OpenLog;
using testing::ReadFile;
using testing::WriteFile;

std::string Le64(uint64_t v) {
  std::string s;
  for (int i = 0; i < 8; ++i) s.push_back(char((v >> (8 * i)) & 0xff));
  return s;
}

class LogTest : public ::testing::Test {
 protected:
  LogTest() : paths_(testing::PathsIn(dir_.path())) {}

  // Files of the log, for byte-exact before/after comparisons.
  std::vector<std::string> Snapshot() {
    return {ReadFile(paths_.entries), ReadFile(paths_.offsets), ReadFile(paths_.tree)};
  }
  std::vector<std::string> LinesOnDisk() { return testing::SplitLines(ReadFile(paths_.entries)); }

  testing::TempDir dir_;
  LogPaths paths_;
};

TEST_F(LogTest, OpeningAMissingLogIsNotFound) {
  auto log = CustodyLog::Open(Env::Default(), paths_, false);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), Code::kNotFound);
  EXPECT_NE(log.status().message().find("entries.jsonl"), std::string::npos);
  EXPECT_FALSE(CustodyLog::Open(Env::Default(), paths_, false, true).ok());  // create needs writable
}

TEST_F(LogTest, EmptyLog) {
  auto log = OpenLog(paths_, true, true);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 0u);
  EXPECT_EQ(*log->Root(0), EmptyTreeRoot());
  EXPECT_EQ(*log->OffsetOf(0), 0u);
  EXPECT_EQ(log->ReadLine(0).status().code(), Code::kNotFound);
  EXPECT_FALSE(log->Root(1).ok());
  EXPECT_EQ(ReadFile(paths_.entries), "");
  EXPECT_EQ(ReadFile(paths_.tree), "");
  auto ro = OpenLog(paths_, false);
  EXPECT_EQ(ro->size(), 0u);
}

TEST_F(LogTest, AppendWritesExactBytesAndReadsBack) {
  auto log = OpenLog(paths_, true, true);
  std::vector<std::string> lines;
  std::vector<Sha256Digest> leaves;
  uint64_t next = 0;
  for (uint64_t batch : {1, 5, 10}) {
    auto entries = testing::SampleEntries(next, batch);
    for (auto& e : entries) e.seq = 999;  // Append assigns seq
    ASSERT_TRUE(log->Append(entries).ok());
    for (uint64_t i = 0; i < batch; ++i) {
      EXPECT_EQ(entries[i].seq, next + i);
      lines.push_back(*entries[i].ToLine());
      leaves.push_back(LeafHash(lines.back()));
    }
    next += batch;
  }
  ASSERT_EQ(log->size(), 16u);
  EXPECT_EQ(ReadFile(paths_.entries), testing::JoinLines(lines));
  std::string offsets;
  uint64_t at = 0;
  for (const auto& l : lines) {
    offsets += Le64(at);
    at += l.size() + 1;
  }
  EXPECT_EQ(ReadFile(paths_.offsets), offsets);
  EXPECT_EQ(ReadFile(paths_.tree).size(), TreeNodeCount(16) * 32);
  EXPECT_EQ(*log->OffsetOf(16), at);

  for (uint64_t s = 0; s < 16; ++s) {
    EXPECT_EQ(*log->ReadLine(s), lines[s]);
    auto e = log->Read(s);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_EQ(e->seq, s);
    EXPECT_EQ(*log->LeafHashAt(s), leaves[s]);
  }
  for (uint64_t n = 0; n <= 16; ++n) {
    EXPECT_EQ(*log->Root(n), RootFromLeafHashes(std::span(leaves).first(n))) << n;
  }
  uint64_t seen = 3;
  Status s = log->ForEach(3, 9, [&](const CustodyEntry& e, std::string_view line) {
    EXPECT_EQ(e.seq, seen);
    EXPECT_EQ(line, lines[seen]);
    ++seen;
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(seen, 9u);
  // Stopping early hands back the caller's status.
  s = log->ForEach(0, 16, [](const CustodyEntry& e, std::string_view) {
    return e.seq == 4 ? Status::Interrupted("enough") : Status::Ok();
  });
  EXPECT_EQ(s.code(), Code::kInterrupted);
  EXPECT_FALSE(log->ForEach(5, 17, [](const CustodyEntry&, std::string_view) { return Status::Ok(); }).ok());

  // Reopened, read-only or writable: same log.
  for (bool writable : {false, true}) {
    auto again = OpenLog(paths_, writable);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->size(), 16u);
    EXPECT_FALSE(again->torn_tail());
    EXPECT_EQ(*again->Root(16), RootFromLeafHashes(leaves));
    EXPECT_EQ(*again->ReadLine(15), lines[15]);
  }
}

TEST_F(LogTest, ProofsFromTheLogVerify) {
  auto log = OpenLog(paths_, true, true);
  testing::AppendSamples(*log, 37, 7);
  for (uint64_t n = 1; n <= 37; n += 4) {
    Sha256Digest root = *log->Root(n);
    for (uint64_t i = 0; i < n; ++i) {
      auto p = log->ProveInclusion(i, n);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      EXPECT_EQ(p->leaf_index, i);
      EXPECT_EQ(p->tree_size, n);
      EXPECT_EQ(p->leaf_hash, LeafHash(*log->ReadLine(i)));
      EXPECT_EQ(p->checkpoint, "");
      EXPECT_TRUE(VerifyInclusion(i, n, p->leaf_hash, p->hashes, root).ok());
    }
    for (uint64_t m = 1; m <= n; ++m) {
      auto c = log->ProveConsistency(m, n);
      ASSERT_TRUE(c.ok());
      EXPECT_TRUE(VerifyConsistency(m, n, *log->Root(m), root, c->hashes).ok()) << m << "->" << n;
    }
  }
  EXPECT_EQ(log->ProveInclusion(37, 37).status().code(), Code::kInvalid);
  EXPECT_EQ(log->ProveInclusion(0, 38).status().code(), Code::kInvalid);
  EXPECT_EQ(log->ProveConsistency(0, 5).status().code(), Code::kInvalid);
  EXPECT_EQ(log->ProveConsistency(6, 5).status().code(), Code::kInvalid);
  EXPECT_EQ(log->ProveConsistency(5, 38).status().code(), Code::kInvalid);

  // JSON round trip, and a checkpoint at that size is attached.
  auto key = SecretKey::Generate();
  ASSERT_TRUE(log->WriteCheckpoint("custodia/st1", {&*key}, *key).ok());
  auto p = log->ProveInclusion(7, 37);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->checkpoint, *log->LatestCheckpoint());
  auto back = InclusionProof::FromJson(p->ToJson(), "proof");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->hashes, p->hashes);
  EXPECT_EQ(back->leaf_hash, p->leaf_hash);
  EXPECT_EQ(back->checkpoint, p->checkpoint);
  auto c = log->ProveConsistency(9, 37);
  auto cback = ConsistencyProof::FromJson(c->ToJson(), "proof");
  ASSERT_TRUE(cback.ok());
  EXPECT_EQ(cback->hashes, c->hashes);
  EXPECT_EQ(cback->old_size, 9u);
  EXPECT_EQ(cback->new_size, 37u);
}

TEST_F(LogTest, ProofJsonShapeAndStrictParsing) {
  InclusionProof p;
  p.leaf_index = 2;
  p.tree_size = 5;
  p.leaf_hash = Sha256::Of("x");
  p.hashes = {Sha256::Of("a"), Sha256::Of("b")};
  p.checkpoint = "note";
  auto text = CanonicalJson(p.ToJson());
  EXPECT_EQ(*text, "{\"checkpoint\":\"note\",\"hashes\":[\"" + Base64Encode(p.hashes[0]) + "\",\"" +
                       Base64Encode(p.hashes[1]) + "\"],\"leaf_hash\":\"" + Base64Encode(p.leaf_hash) +
                       "\",\"leaf_index\":2,\"tree_size\":5}");
  ConsistencyProof c;
  c.old_size = 3;
  c.new_size = 9;
  c.hashes = {Sha256::Of("a")};
  EXPECT_EQ(*CanonicalJson(c.ToJson()),
            "{\"hashes\":[\"" + Base64Encode(c.hashes[0]) + "\"],\"new_size\":9,\"old_size\":3}");

  auto parse = [](const std::string& s) { return InclusionProof::FromJson(*ParseJson(s, "t"), "proof.json"); };
  std::string good = *text;
  EXPECT_TRUE(parse(good).ok());
  auto bad = [&](std::string from, std::string to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    auto r = parse(s);
    EXPECT_FALSE(r.ok()) << s;
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_NE(bad("\"leaf_index\":2", "\"leaf_index\":-2").find("leaf_index"), std::string::npos);
  EXPECT_NE(bad(Base64Encode(p.leaf_hash), "AAAA").find("not 32"), std::string::npos);
  std::string b64_error = bad(Base64Encode(p.hashes[0]), "!!");
  EXPECT_NE(b64_error.find("hashes[0]"), std::string::npos) << b64_error;
  EXPECT_NE(bad("\"tree_size\":5", "\"tree_size\":5,\"x\":1").find("unknown field"), std::string::npos);
  EXPECT_NE(bad("\"checkpoint\":\"note\",", "").find("missing field"), std::string::npos);
  std::string many = "[";
  for (int i = 0; i < 65; ++i) many += std::string(i ? "," : "") + "\"" + Base64Encode(p.leaf_hash) + "\"";
  many += "]";
  EXPECT_NE(bad("[\"" + Base64Encode(p.hashes[0]) + "\",\"" + Base64Encode(p.hashes[1]) + "\"]", many)
                .find("more than any proof needs"),
            std::string::npos);
}

TEST_F(LogTest, TornFinalLineIsCutByAWritableOpenOnly) {
  {
    auto log = OpenLog(paths_, true, true);
    testing::AppendSamples(*log, 10);
  }
  auto before = Snapshot();
  std::string partial = (*testing::SampleEntry(10).ToLine()).substr(0, 57);
  WriteFile(paths_.entries, before[0] + partial);

  // Read-only: reports it, changes nothing.
  {
    auto ro = OpenLog(paths_, false);
    ASSERT_TRUE(ro);
    EXPECT_EQ(ro->size(), 10u);
    ASSERT_TRUE(ro->torn_tail());
    EXPECT_EQ(ro->torn_tail()->offset, before[0].size());
    EXPECT_EQ(ro->torn_tail()->bytes, 57u);
    EXPECT_EQ(ReadFile(paths_.entries), before[0] + partial);
  }
  // Writable: cuts exactly the partial line.
  auto log = OpenLog(paths_, true);
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->torn_tail());
  EXPECT_EQ(log->torn_tail()->offset, before[0].size());
  EXPECT_EQ(log->torn_tail()->bytes, 57u);
  EXPECT_EQ(Snapshot(), before);
  testing::AppendSamples(*log, 2);
  EXPECT_EQ(log->size(), 12u);
  auto report = log->Verify({}, {}, nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problems[0].message;
}

TEST_F(LogTest, DerivedFilesBehindEntriesCatchUpFromTheTailOnly) {
  {
    auto log = OpenLog(paths_, true, true);
    testing::AppendSamples(*log, 2000, 500);
  }
  auto full = Snapshot();
  // A crash after entries.jsonl was synced, during the offsets/tree append:
  // both short, with partial records.
  WriteFile(paths_.offsets, full[1].substr(0, (2000 - 3) * 8 + 5));
  WriteFile(paths_.tree, full[2].substr(0, TreeNodeCount(2000 - 5) * 32 + 7));

  testing::TestEnv env;
  auto ro = OpenLog(paths_, false, false, &env);
  ASSERT_TRUE(ro);
  EXPECT_EQ(ro->size(), 1995u);  // only the part the tree covers
  EXPECT_TRUE(ro->damage().ok());
  ro.reset();
  EXPECT_EQ(ReadFile(paths_.tree).size(), TreeNodeCount(1995) * 32 + 7);  // untouched

  env.bytes_read.clear();
  auto log = OpenLog(paths_, true, false, &env);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 2000u);
  EXPECT_EQ(Snapshot(), full);
  // Open read the entry before the gap and the 5 after it, not the 2000.
  std::vector<std::string> lines = LinesOnDisk();
  uint64_t tail = 0;
  for (uint64_t s = 1994; s < 2000; ++s) tail += lines[s].size() + 1;
  EXPECT_GE(env.ReadOf(paths_.entries), tail - lines[1994].size() - 1);
  EXPECT_LE(env.ReadOf(paths_.entries), tail + 4096 + 1) << "open rescanned the log";
  EXPECT_LE(env.ReadOf(paths_.tree), 32u * 16) << "open read more than O(log n) tree nodes";
}

TEST_F(LogTest, MissingDerivedFilesAreRebuiltByAWritableOpen) {
  {
    auto log = OpenLog(paths_, true, true);
    testing::AppendSamples(*log, 300, 64);
  }
  auto full = Snapshot();
  ASSERT_EQ(::unlink(paths_.offsets.c_str()), 0);
  ASSERT_EQ(::unlink(paths_.tree.c_str()), 0);
  {
    auto ro = OpenLog(paths_, false);
    EXPECT_EQ(ro->size(), 0u);
    auto report = ro->Verify({}, {}, nullptr);
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->uncovered, 300u);
    EXPECT_TRUE(report->ok());
  }
  auto log = OpenLog(paths_, true);
  EXPECT_EQ(log->size(), 300u);
  EXPECT_EQ(Snapshot(), full);
}

TEST_F(LogTest, OpenTouchesOnlyOLogNTreeNodes) {
  {
    auto log = OpenLog(paths_, true, true);
    testing::AppendSamples(*log, 1023, 300);  // 10 peaks: the worst case below 1024
  }
  testing::TestEnv env;
  auto log = OpenLog(paths_, true, false, &env);
  EXPECT_EQ(log->size(), 1023u);
  EXPECT_LE(env.ReadOf(paths_.tree), 32u * 11);
  std::vector<std::string> lines = LinesOnDisk();
  EXPECT_LE(env.ReadOf(paths_.entries), lines.back().size() + 2);
}

TEST_F(LogTest, DerivedFilesAheadOfEntriesAreATruncatedLog) {
  {
    auto log = OpenLog(paths_, true, true);
    testing::AppendSamples(*log, 12);
  }
  auto lines = LinesOnDisk();
  lines.pop_back();  // someone removed the last entry
  WriteFile(paths_.entries, testing::JoinLines(lines));
  auto before = Snapshot();

  auto w = CustodyLog::Open(Env::Default(), paths_, true);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Code::kIntegrity);
  EXPECT_NE(w.status().message().find("truncated or rolled back"), std::string::npos) << w.status().message();
  EXPECT_NE(w.status().hint().find("log verify"), std::string::npos);
  EXPECT_EQ(Snapshot(), before) << "a refused open must not repair anything";

  // Read-only opens, so that Verify can name the problem; reads refuse.
  auto ro = OpenLog(paths_, false);
  ASSERT_TRUE(ro);
  EXPECT_EQ(ro->damage().code(), Code::kIntegrity);
  EXPECT_EQ(ro->ReadLine(0).status().code(), Code::kIntegrity);
  EXPECT_EQ(ro->ProveInclusion(0, 1).status().code(), Code::kIntegrity);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(LogTest, ALastEntryReplacedInPlaceIsRefused) {
  {
    auto log = OpenLog(paths_, true, true);
    testing::AppendSamples(*log, 8);
  }
  std::string text = ReadFile(paths_.entries);
  size_t at = text.rfind("officer-107");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 11, "officer-999");
  WriteFile(paths_.entries, text);
  auto w = CustodyLog::Open(Env::Default(), paths_, true);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Code::kIntegrity);
  EXPECT_NE(w.status().message().find("entry seq 7"), std::string::npos) << w.status().message();
  EXPECT_NE(w.status().message().find("edited"), std::string::npos);
}

TEST_F(LogTest, ForeignLinesAreNeverAddedToTheTree) {
  {
    auto log = OpenLog(paths_, true, true);
    testing::AppendSamples(*log, 4);
  }
  WriteFile(paths_.entries, ReadFile(paths_.entries) + "hello\n");
  auto w = CustodyLog::Open(Env::Default(), paths_, true);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Code::kIntegrity);
  EXPECT_NE(w.status().message().find("entry seq 4"), std::string::npos) << w.status().message();

  auto lines = LinesOnDisk();
  CustodyEntry wrong = testing::SampleEntry(9);
  wrong.seq = 9;
  lines.back() = *wrong.ToLine();  // a valid entry, wrong seq
  WriteFile(paths_.entries, testing::JoinLines(lines));
  w = CustodyLog::Open(Env::Default(), paths_, true);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("says seq 9"), std::string::npos) << w.status().message();

  // A megabyte without a newline is not a torn write either.
  WriteFile(paths_.entries, ReadFile(paths_.entries) + std::string(kMaxEntryLine + 10, 'x'));
  w = CustodyLog::Open(Env::Default(), paths_, true);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("no end of line"), std::string::npos) << w.status().message();
}

TEST_F(LogTest, CrashBetweenEntriesAndTreeLosesNothing) {
  testing::TestEnv env;
  {
    auto log = OpenLog(paths_, true, true, &env);
    testing::AppendSamples(*log, 5);
    env.fail_append_suffix = "/log/tree";
    auto more = testing::SampleEntries(5, 3);
    Status s = log->Append(more);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("injected"), std::string::npos);
    EXPECT_EQ(log->size(), 5u);
    env.fail_append_suffix.clear();
    auto again = testing::SampleEntries(5, 1);
    s = log->Append(again);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.hint().find("open the custody log again"), std::string::npos) << s.ToString();
  }
  // The 3 lines were durable: the next open adds them to offsets and tree.
  auto log = OpenLog(paths_, true);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 8u);
  std::vector<Sha256Digest> leaves;
  for (const auto& l : LinesOnDisk()) leaves.push_back(LeafHash(l));
  EXPECT_EQ(*log->Root(8), RootFromLeafHashes(leaves));
  auto report = log->Verify({}, {}, nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
}

TEST_F(LogTest, FailedEntriesWriteAppendsNothing) {
  testing::TestEnv env;
  auto log = OpenLog(paths_, true, true, &env);
  testing::AppendSamples(*log, 3);
  auto before = Snapshot();
  // The write fails (disk full): nothing was appended, the log goes on.
  env.fail_append_suffix = "/log/entries.jsonl";
  auto more = testing::SampleEntries(3, 4);
  Status s = log->Append(more);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("custody log append failed"), std::string::npos) << s.message();
  EXPECT_EQ(log->size(), 3u);
  EXPECT_EQ(Snapshot(), before);
  env.fail_append_suffix.clear();
  more = testing::SampleEntries(3, 4);
  ASSERT_TRUE(log->Append(more).ok());
  EXPECT_EQ(log->size(), 7u);

  // fsync keeps failing: the lines are taken back, but the object cannot be
  // sure of the file any more and wants a fresh open.
  before = Snapshot();
  env.fail_sync_suffix = "/log/entries.jsonl";
  more = testing::SampleEntries(7, 2);
  ASSERT_FALSE(log->Append(more).ok());
  EXPECT_EQ(Snapshot(), before);
  env.fail_sync_suffix.clear();
  more = testing::SampleEntries(7, 2);
  EXPECT_FALSE(log->Append(more).ok());
  log = OpenLog(paths_, true, false, &env);
  EXPECT_EQ(log->size(), 7u);
  more = testing::SampleEntries(7, 2);
  ASSERT_TRUE(log->Append(more).ok());
  EXPECT_EQ(log->size(), 9u);
}

TEST_F(LogTest, AStaleWriterIsRefused) {
  auto a = OpenLog(paths_, true, true);
  testing::AppendSamples(*a, 2);
  auto b = OpenLog(paths_, true);
  testing::AppendSamples(*a, 1);
  auto e = testing::SampleEntries(2, 1);
  Status s = b->Append(e);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kIntegrity);
  EXPECT_NE(s.message().find("changed since the log was opened"), std::string::npos) << s.message();
  EXPECT_EQ(LinesOnDisk().size(), 3u);
  auto c = OpenLog(paths_, true);
  EXPECT_EQ(c->size(), 3u);
}

TEST_F(LogTest, ReadOnlyLogRefusesWrites) {
  {
    auto log = OpenLog(paths_, true, true);
    testing::AppendSamples(*log, 2);
  }
  auto ro = OpenLog(paths_, false);
  auto e = testing::SampleEntries(2, 1);
  EXPECT_FALSE(ro->Append(e).ok());
  auto key = SecretKey::Generate();
  EXPECT_FALSE(ro->WriteCheckpoint("custodia/st1", {&*key}, *key).ok());
  EXPECT_EQ(LinesOnDisk().size(), 2u);
}

}  // namespace
}  // namespace custodia
