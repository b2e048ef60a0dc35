// Helpers for the custody log tests: a log in a temporary directory, sample
// entries, and an Env that counts reads and injects write failures.
#ifndef CUSTODIA_TESTS_CUSTODY_TESTUTIL_H_
#define CUSTODIA_TESTS_CUSTODY_TESTUTIL_H_

#include <sodium.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "custodia/custody.h"
#include "custodia/encoding.h"
#include "testutil.h"

namespace custodia::testing {

inline LogPaths PathsIn(const std::string& dir) {
  MakeDirs(dir + "/log/checkpoints");
  MakeDirs(dir + "/tmp");
  LogPaths p;
  p.entries = dir + "/log/entries.jsonl";
  p.offsets = dir + "/log/offsets";
  p.tree = dir + "/log/tree";
  p.checkpoint = dir + "/log/checkpoint";
  p.checkpoint_sig = dir + "/log/checkpoint.minisig";
  p.checkpoints_dir = dir + "/log/checkpoints";
  p.tmp_dir = dir + "/tmp";
  return p;
}

inline CustodyEntry SampleEntry(uint64_t n) {
  CustodyEntry e;
  e.time = 1768485600000 + TimeMs(n) * 1000;  // 2026-01-15T14:00:00.000Z + n s
  e.station = "st1";
  e.actor = "officer-" + std::to_string(100 + n % 900);
  e.os_user = "custodia";
  e.action = n % 5 == 0 ? "receipt" : "ingest";
  e.clips = {HexOf(Sha256::Of("clip " + std::to_string(n)))};
  if (n % 3 == 0) e.attentions = {"ATT-" + std::to_string(n)};
  e.details = Json::object();
  e.details["file"] = "CLIP_" + std::to_string(10000 + n) + ".MP4";
  e.details["size"] = 1000000 + n;
  return e;
}

inline std::vector<CustodyEntry> SampleEntries(uint64_t first, uint64_t count) {
  std::vector<CustodyEntry> v;
  for (uint64_t i = 0; i < count; ++i) v.push_back(SampleEntry(first + i));
  return v;
}

inline std::unique_ptr<CustodyLog> OpenLog(const LogPaths& paths, bool writable, bool create = false,
                                           Env* env = Env::Default()) {
  auto log = CustodyLog::Open(env, paths, writable, create);
  EXPECT_TRUE(log.ok()) << log.status().ToString();
  if (!log.ok()) return nullptr;
  return std::move(log).value();
}

// Appends `count` sample entries in batches of `batch`.
inline void AppendSamples(CustodyLog& log, uint64_t count, uint64_t batch = 1000) {
  for (uint64_t done = 0; done < count;) {
    uint64_t n = std::min(batch, count - done);
    auto v = SampleEntries(log.size(), n);
    Status s = log.Append(v);
    ASSERT_TRUE(s.ok()) << s.ToString();
    done += n;
  }
}

inline Sha256Digest DigestFromB64(std::string_view b64) {
  auto raw = Base64Decode(b64);
  Sha256Digest d{};
  if (raw.ok() && raw->size() == 32) std::memcpy(d.data(), raw->data(), 32);
  return d;
}

// Lines of a file, without their newlines.
inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

inline std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// A minisign secret key from a fixed Ed25519 seed (deterministic signatures
// for golden tests), in the unencrypted format `minisign -G -W` writes.
inline SecretKey KeyFromSeed(uint8_t fill, uint8_t keyid_fill) {
  unsigned char seed[32], pk[32], sk[64];
  std::memset(seed, fill, sizeof seed);
  EXPECT_EQ(sodium_init() >= 0, true);
  crypto_sign_seed_keypair(pk, sk, seed);
  std::string blob = "Ed";
  blob += std::string("\0\0", 2);
  blob += "B2";
  blob += std::string(48, '\0');  // salt, opslimit, memlimit
  blob += std::string(8, char(keyid_fill));
  blob += std::string(reinterpret_cast<const char*>(sk), 64);
  blob += std::string(32, '\0');  // checksum (zero, as minisign -W writes)
  std::string text = "untrusted comment: test key\n" + Base64Encode(blob) + "\n";
  auto k = SecretKey::Parse(text, "seeded test key");
  EXPECT_TRUE(k.ok()) << k.status().ToString();
  return std::move(k).value();
}

// Forwards to the default Env; counts bytes read per file and can make
// appends or syncs of chosen files fail, as a full disk or a crash would.
class TestEnv final : public Env {
 public:
  std::map<std::string, uint64_t> bytes_read;  // by path
  std::string fail_append_suffix;              // appends to files ending in this fail
  std::string fail_sync_suffix;

  uint64_t ReadOf(const std::string& path) const {
    auto it = bytes_read.find(path);
    return it == bytes_read.end() ? 0 : it->second;
  }

  Result<std::unique_ptr<ReadableFile>> OpenRead(const std::string& path) override {
    ASSIGN_OR_RETURN(auto f, base_->OpenRead(path));
    return std::unique_ptr<ReadableFile>(new CountingFile(std::move(f), &bytes_read[path]));
  }
  Result<std::unique_ptr<WritableFile>> CreateExclusive(const std::string& path, uint32_t mode) override {
    ASSIGN_OR_RETURN(auto f, base_->CreateExclusive(path, mode));
    return std::unique_ptr<WritableFile>(new FaultyFile(std::move(f), this));
  }
  Result<std::unique_ptr<WritableFile>> OpenAppend(const std::string& path, uint32_t mode) override {
    ASSIGN_OR_RETURN(auto f, base_->OpenAppend(path, mode));
    return std::unique_ptr<WritableFile>(new FaultyFile(std::move(f), this));
  }
  Status Rename(const std::string& a, const std::string& b) override { return base_->Rename(a, b); }
  Status RenameNoReplace(const std::string& a, const std::string& b) override { return base_->RenameNoReplace(a, b); }
  Status SyncDir(const std::string& d) override { return base_->SyncDir(d); }
  Status Remove(const std::string& p) override { return base_->Remove(p); }
  Status RemoveDir(const std::string& p) override { return base_->RemoveDir(p); }
  Status MakeDir(const std::string& p, uint32_t m) override { return base_->MakeDir(p, m); }
  Status Chmod(const std::string& p, uint32_t m) override { return base_->Chmod(p, m); }
  Status Truncate(const std::string& p, uint64_t s) override { return base_->Truncate(p, s); }
  Result<FileInfo> Stat(const std::string& p) override { return base_->Stat(p); }
  Result<FileInfo> Lstat(const std::string& p) override { return base_->Lstat(p); }
  Result<std::vector<DirEntry>> ListDir(const std::string& p) override { return base_->ListDir(p); }

 private:
  static bool EndsWith(const std::string& s, const std::string& suffix) {
    return !suffix.empty() && s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  }

  class CountingFile final : public ReadableFile {
   public:
    CountingFile(std::unique_ptr<ReadableFile> f, uint64_t* counter) : f_(std::move(f)), counter_(counter) {}
    Result<size_t> Read(void* buf, size_t n) override {
      auto r = f_->Read(buf, n);
      if (r.ok()) *counter_ += *r;
      return r;
    }
    Result<size_t> ReadAt(uint64_t off, void* buf, size_t n) override {
      auto r = f_->ReadAt(off, buf, n);
      if (r.ok()) *counter_ += *r;
      return r;
    }
    Result<FileInfo> Stat() override { return f_->Stat(); }
    const std::string& path() const override { return f_->path(); }

   private:
    std::unique_ptr<ReadableFile> f_;
    uint64_t* counter_;
  };

  class FaultyFile final : public WritableFile {
   public:
    FaultyFile(std::unique_ptr<WritableFile> f, TestEnv* env) : f_(std::move(f)), env_(env) {}
    Status Append(const void* data, size_t n) override {
      if (EndsWith(f_->path(), env_->fail_append_suffix)) {
        return Status::Io("injected write failure on " + f_->path() + ": No space left on device");
      }
      return f_->Append(data, n);
    }
    Status Sync() override {
      if (EndsWith(f_->path(), env_->fail_sync_suffix)) return Status::Io("injected fsync failure on " + f_->path());
      return f_->Sync();
    }
    Status Close() override { return f_->Close(); }
    const std::string& path() const override { return f_->path(); }

   private:
    std::unique_ptr<WritableFile> f_;
    TestEnv* env_;
  };

  Env* base_ = Env::Default();
};

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_CUSTODY_TESTUTIL_H_
