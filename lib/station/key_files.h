// The files of a key rotation (doc/keys.md): keys.next/ is staged beside
// keys/, then the two directories are exchanged atomically.
#ifndef CUSTODIA_STATION_KEY_FILES_H_
#define CUSTODIA_STATION_KEY_FILES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "custodia/station.h"

namespace custodia::key_files {

// VAULT/keys.next: the staged keys/ before the exchange, the previous keys/
// after it (until the rotation is logged).
std::string NextKeysDir(const VaultLayout& layout);
// keys/<KEYID>.pub.minisig: the statement introducing key KEYID.
std::string StatementPath(const VaultLayout& layout, const std::string& key_id);

// What the statement's trusted comment says:
//   custodia key rotation station=<id> old=<KEYID> new=<KEYID> log_size=<n> time=<utc>
struct StatementFacts {
  std::string old_key_id, new_key_id;
  uint64_t log_size = 0;  // entries in the log when keys/ was exchanged
};
std::string StatementComment(const std::string& station, const StatementFacts& facts, TimeMs time);
std::optional<StatementFacts> ParseStatementComment(std::string_view comment);

// Writes keys.next/: every file of keys/ but the key pair (keys/<OLD>.pub
// written if missing), the new pair, keys.next/<NEW>.pub and the statement
// signed by `old_key`; reads the key and the statement back. Returns the
// statement's SHA-256 (hex).
Result<std::string> StageKeys(Station& station, const SecretKey& old_key, const SecretKey& new_key, uint64_t log_size);

// renameat2(RENAME_EXCHANGE) of keys.next/ and keys/, then fsync of the vault
// directory. kIo with a clear message where the file system cannot do it.
Status ExchangeKeysDirs(const VaultLayout& layout, Env* env);

// Removes keys.next/ (overwriting a secret key file before unlinking it).
Status RemoveNextKeysDir(const VaultLayout& layout, Env* env);

enum class Leftover {
  kNone,     // no keys.next/
  kStaged,   // staged but never exchanged: keys/ is untouched; discard it
  kSwapped,  // exchanged: keys/ holds the new key, keys.next/ the previous keys/
};
// Tells the two apart: after the exchange, keys/ holds a statement for its
// current key signed by the key in keys.next/station.pub.
Result<Leftover> InspectLeftover(const VaultLayout& layout, Env* env);

}  // namespace custodia::key_files

#endif  // CUSTODIA_STATION_KEY_FILES_H_
