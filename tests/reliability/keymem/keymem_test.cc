// The station secret key never lands in freed heap memory unwiped (SPEC §4:
// secret key bytes live in sodium_malloc'd memory and are wiped after use).
// This executable replaces the global operator new/delete: while a scan is
// armed, every block freed is searched for the text of a minisign secret key
// (its base64 line starts "RWQAAEIyAAAA": "Ed", KDF 00 00, "B2", zero salt).
// A std::string holding the key file that is freed or reallocated without
// WipeString shows up here.
#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

#include "custodia/station.h"
#include "testutil.h"

namespace {
std::atomic<bool> g_armed{false};
std::atomic<int> g_hits{0};
constexpr char kNeedle[] = "RWQAAEIyAAAAAAAA";

void Scan(const void* p, size_t n) {
  if (g_armed.load(std::memory_order_relaxed) && n >= sizeof kNeedle - 1 &&
      ::memmem(p, n, kNeedle, sizeof kNeedle - 1) != nullptr) {
    g_hits.fetch_add(1);
  }
}
}  // namespace

// Blocks are plain malloc blocks (RocksDB calls malloc_usable_size on memory
// it got from new[], so no header may sit in front); the whole usable size
// is scanned.
void* operator new(size_t n) {
  void* b = std::malloc(n ? n : 1);
  if (!b) throw std::bad_alloc();
  return b;
}
void operator delete(void* p) noexcept {
  if (!p) return;
  Scan(p, ::malloc_usable_size(p));
  std::free(p);
}
void operator delete(void* p, size_t) noexcept { operator delete(p); }
void* operator new[](size_t n) { return operator new(n); }
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete[](void* p, size_t) noexcept { operator delete(p); }

namespace custodia::testing {
namespace {

class Armed {
 public:
  Armed() {
    g_hits = 0;
    g_armed = true;
  }
  ~Armed() { g_armed = false; }
  int hits() const { return g_hits.load(); }
};

TEST(SecretKeyMemory, TheScanSeesAnUnwipedCopy) {
  // The detector itself: a key text freed without WipeString is caught.
  auto key = SecretKey::Generate();
  ASSERT_TRUE(key.ok());
  Armed armed;
  { std::string leaked = key->FileText("test"); }
  EXPECT_GT(armed.hits(), 0);
}

TEST(SecretKeyMemory, InitOpenSignAndLoadLeaveNoCopy) {
  TempDir dir;
  InitOptions init;
  init.station = "st-mem";
  StationOptions so;
  so.actor = "tester";
  {
    Armed armed;
    auto st = Station::Init(dir / "vault", init, so);  // generates, writes and uses the key
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    st->reset();
    EXPECT_EQ(armed.hits(), 0) << "init left the secret key text in freed memory";
  }
  {
    Armed armed;
    auto st = Station::Open(dir / "vault", so);
    ASSERT_TRUE(st.ok());
    auto key = (*st)->secret_key();
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    auto sig = (*key)->SignData("data", "trusted", "untrusted");
    ASSERT_TRUE(sig.ok());
    CustodyEntry e = (*st)->NewEntry("test");
    ASSERT_TRUE((*st)->Commit({e}).ok());
    st->reset();
    EXPECT_EQ(armed.hits(), 0) << "loading or using the station key left its text in freed memory";
  }
  {
    Armed armed;
    auto k = SecretKey::Load(Env::Default(), dir / "vault/keys/station.key");
    ASSERT_TRUE(k.ok()) << k.status().ToString();
    EXPECT_EQ(armed.hits(), 0) << "SecretKey::Load left the key file's text in freed memory";
  }
}

}  // namespace
}  // namespace custodia::testing
