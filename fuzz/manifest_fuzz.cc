// libFuzzer target for reading clip manifests (SPEC §3) the way verify, fsck
// and a resumed offload do: ParseJson, then the manifest checks of `verify`
// (CheckClip against a small real vault made once), then ClipFactsOf and
// IngestDetails (what fsck --repair and a resumed offload take from a signed
// manifest). A manifest file is hostile input: nothing may throw or crash.
//
//   ninja -C build-fuzz manifest_fuzz
//   build-fuzz/manifest_fuzz -max_len=65536 corpus tests/fuzz_corpus/manifest_fuzz
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "custodia/station.h"
#include "custodia/verify.h"
#include "offload/manifest.h"

namespace {

const std::string kClip(64, 'a');
std::string g_dir;

custodia::Station* Vault() {
  static custodia::Station* st = [] {
    char tmpl[] = "/tmp/custodia-manifest-fuzz-XXXXXX";
    g_dir = ::mkdtemp(tmpl);
    std::string dir = g_dir;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(g_dir, ec);
    });
    custodia::InitOptions init;
    init.station = "fuzz";
    custodia::StationOptions so;
    so.actor = "fuzz";
    auto s = custodia::Station::Init(dir + "/vault", init, so);
    if (!s.ok()) __builtin_trap();
    return s->release();
  }();
  return st;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  custodia::Station* st = Vault();
  custodia::Env* env = st->env();
  std::string path = st->layout().Manifest(kClip);
  if (!custodia::MakeDirs(env, custodia::DirName(path), 0700).ok()) __builtin_trap();
  auto tmp = st->tmp_dir();
  if (!tmp.ok() || !custodia::WriteFileDurably(env, *tmp, path, text, 0644).ok()) __builtin_trap();
  custodia::ClipRecord rec;
  rec.sha256 = kClip;
  rec.size = 1234;
  std::vector<custodia::ClipProblem> problems;
  uint64_t bytes = 0;
  custodia::CheckClip(*st, rec, false, &problems, &bytes);
  if (problems.empty()) __builtin_trap();  // no object, no signature: never clean
  auto j = custodia::ParseJson(text, "fuzz manifest");
  if (!j.ok()) return 0;
  (void)custodia::ClipFactsOf(*j);
  (void)custodia::IngestDetails(*j, kClip, 1, 2);
  return 0;
}
