// Several processes on one vault: two offloads at once (the lock is held per
// commit, so both finish), queries while an offload writes (never an error,
// never half a JSON document), and write commands against a held lock.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <sys/file.h>

#include "../cli/cli_fixture.h"
#include "reliability_util.h"

namespace custodia::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ConcurrencyTest : public CliTest {
 protected:
  Child Spawn(const std::vector<std::string>& args, const std::string& log) {
    std::vector<std::string> argv = {CustodiaBin(), "--vault", vault_};
    argv.insert(argv.end(), args.begin(), args.end());
    return Child(argv, {{"CUSTODIA_ACTOR", "tester"}}, log);
  }
};

TEST_F(ConcurrencyTest, TwoOffloadsOfTwoCamerasAtOnceBothFinish) {
  Init();
  Camera a = Camera::Make(dir_ / "camA", "A");
  Camera b = Camera::Make(dir_ / "camB", "B");
  Child ca = Spawn({"offload", a.root, "--device", "CAM-A", "--progress", "none"}, dir_ / "a.log");
  Child cb = Spawn({"offload", b.root, "--device", "CAM-B", "--progress", "none"}, dir_ / "b.log");
  EXPECT_EQ(ca.Wait(), 0) << ReadFile(dir_ / "a.log");
  EXPECT_EQ(cb.Wait(), 0) << ReadFile(dir_ / "b.log");
  std::set<std::string> all = a.media_sha;
  all.insert(b.media_sha.begin(), b.media_sha.end());
  auto clips = C({"clips", "--json"});
  EXPECT_EQ(ClipIds(clips.out), all);
  EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
  for (const auto& sha : all) EXPECT_EQ(IngestCounts(vault_)[sha], 1) << sha;
  EXPECT_EQ(C({"fsck"}).exit_code, 0);
}

TEST_F(ConcurrencyTest, SameCameraTwiceAtOnceStoresEachClipOnce) {
  Init();
  Camera a = Camera::Make(dir_ / "camA", "A");
  Child c1 = Spawn({"offload", a.root, "--progress", "none"}, dir_ / "1.log");
  Child c2 = Spawn({"offload", a.root, "--progress", "none"}, dir_ / "2.log");
  EXPECT_EQ(c1.Wait(), 0) << ReadFile(dir_ / "1.log");
  EXPECT_EQ(c2.Wait(), 0) << ReadFile(dir_ / "2.log");
  auto clips = C({"clips", "--json"});
  EXPECT_EQ(ClipIds(clips.out), a.media_sha);
  for (const auto& sha : a.media_sha) EXPECT_EQ(IngestCounts(vault_)[sha], 1) << sha;
  EXPECT_THAT(AuditVault(vault_, clips.out), IsEmpty());
}

TEST_F(ConcurrencyTest, QueriesWhileAnOffloadWritesAlwaysAnswer) {
  Init();
  Camera a = Camera::Make(dir_ / "camA", "A");
  // Bulk that keeps the offload busy for a while (stored and flagged unreadable).
  std::string bulk(48 << 20, '\0');
  for (size_t i = 0; i < bulk.size(); i += 4096) bulk[i] = char(i / 4096);
  for (int i = 0; i < 3; ++i) WriteFile(a.root + "/DCIM/BULK" + std::to_string(i) + ".mp4", bulk + char('0' + i));
  Child off = Spawn({"offload", a.root, "--jobs", "1", "--progress", "none"}, dir_ / "off.log");
  int runs = 0, seen_max = 0;
  for (;;) {
    auto r = C({"clips", "--json"});
    ++runs;
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
    auto j = Json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out;
    int n = int(j["items"].size());
    EXPECT_GE(n, seen_max) << "a query saw fewer clips than an earlier one";
    seen_max = std::max(seen_max, n);
    if (off.Done()) break;
  }
  EXPECT_EQ(off.Wait(), 0) << ReadFile(dir_ / "off.log");
  EXPECT_GE(runs, 2);
  EXPECT_EQ(C({"clips", "--json"}).exit_code, 0);
}

TEST_F(ConcurrencyTest, WriteCommandsAgainstAHeldLockExit11AndSaySo) {
  Init();
  int fd = ::open((vault_ + "/LOCK").c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"fsck"}, {"reindex"}, {"verify", "--all"}}) {
    auto r = C({"--wait", "0.2", args[0]});
    if (args.size() > 1) r = C({"--wait", "0.2", args[0], args[1]});
    EXPECT_EQ(r.exit_code, 11) << r.Describe();
    EXPECT_THAT(r.err, HasSubstr("locked by another custodia process"));
  }
  // Queries never take the lock.
  EXPECT_EQ(C({"--wait", "0", "clips", "--json"}).exit_code, 0);
  ::close(fd);
}

}  // namespace
}  // namespace custodia::testing
