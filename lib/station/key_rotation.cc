// `keys rotate` (SPEC §4, doc/keys.md). Under the vault lock, in one commit:
// stage keys.next/ -> exchange it with keys/ -> append the `key` entry ->
// checkpoint signed by the old and the new key. Then the checkpoint's
// minisign signature is renewed with the new key and keys.next/ (now the
// previous keys/, with the old secret key) is removed.
#include "custodia/crashpoint.h"
#include "custodia/encoding.h"
#include "custodia/station.h"
#include "station/key_files.h"

namespace custodia {

using key_files::Leftover;

namespace {

CustodyEntry KeyEntry(Station& st, const KeyRotation& r, const PublicKey& new_pub,
                      const std::optional<std::string>& reason) {
  CustodyEntry e = st.NewEntry("key");
  e.reason = reason;
  e.details = Json{{"old_key_id", r.old_key_id},
                   {"new_key_id", r.new_key_id},
                   {"new_public_key", new_pub.Base64()},
                   {"note_verifier_key", NoteVerifier::For(st.config().origin, new_pub).ToString()},
                   {"statement", "keys/" + r.new_key_id + ".pub.minisig"},
                   {"statement_sha256", r.statement_sha256},
                   {"resumed", r.resumed}};
  return e;
}

// The seq of a `key` entry introducing `key_id` in [from, size), if any.
Result<std::optional<uint64_t>> FindKeyEntry(CustodyLog& log, uint64_t from, const std::string& key_id) {
  std::optional<uint64_t> found;
  RETURN_IF_ERROR(log.ForEach(std::min(from, log.size()), log.size(), [&](const CustodyEntry& e, std::string_view) {
    if (e.action == "key" && e.outcome == "ok" && e.details.value("new_key_id", "") == key_id) found = e.seq;
    return Status::Ok();
  }));
  return found;
}

// keys/ was exchanged but the process died before the `key` entry was
// appended (or before keys.next/ was removed): log it now, co-signed by the
// old key that keys.next/ still holds.
Status FinishInterrupted(Station& st, CommitContext& ctx, const std::optional<std::string>& reason, KeyRotation& out,
                         std::vector<CustodyEntry>& entries) {
  Env* env = st.env();
  const VaultLayout& l = st.layout();
  const std::string next = key_files::NextKeysDir(l);
  ASSIGN_OR_RETURN(PublicKey current, ReadStationPublicKey(env, l));
  ASSIGN_OR_RETURN(std::string pub_text, ReadFileToString(env, JoinPath(next, "station.pub"), 4096));
  ASSIGN_OR_RETURN(PublicKey previous, PublicKey::Parse(pub_text, JoinPath(next, "station.pub")));
  out.resumed = true;
  out.old_key_id = previous.IdString();
  out.new_key_id = current.IdString();
  out.statement = key_files::StatementPath(l, current.IdString());
  ASSIGN_OR_RETURN(std::string statement, ReadFileToString(env, out.statement, 4096));
  out.statement_sha256 = HexOf(Sha256::Of(statement));
  ASSIGN_OR_RETURN(Signature sig, Signature::Parse(statement, out.statement));
  auto facts = key_files::ParseStatementComment(sig.trusted_comment);
  ASSIGN_OR_RETURN(auto logged, FindKeyEntry(*ctx.log, facts ? facts->log_size : 0, out.new_key_id));
  if (logged) {
    out.seq = *logged;
    return Status::Ok();
  }
  entries.push_back(KeyEntry(st, out, current, reason));
  auto old_key = SecretKey::Load(env, JoinPath(next, "station.key"));
  if (old_key.ok() && old_key->public_key() == previous) {
    st.AddCheckpointSigner(std::make_shared<SecretKey>(std::move(old_key).value()));
  } else {
    out.warnings.push_back("the old secret key in " + next +
                           " could not be used, so the checkpoint is signed by the new key only");
  }
  return Status::Ok();
}

// The rotation's checkpoint was written with the old key's minisign
// signature (Commit signs with the key it started with); renew that one
// signature with the new key unless a newer checkpoint already replaced it.
Status RenewCheckpointSignature(Station& st, uint64_t size) {
  return st.WithWriteLock([&](CommitContext& ctx) -> Status {
    if (ctx.log->size() != size) return Status::Ok();
    ASSIGN_OR_RETURN(const SecretKey* key, st.secret_key());
    return ctx.log->WriteCheckpoint(st.config().origin, {key}, *key).status();
  });
}

}  // namespace

bool KeyRotationInterrupted(const Station& st) { return st.env()->Exists(key_files::NextKeysDir(st.layout())); }

Result<KeyRotation> RotateStationKey(Station& st, const std::optional<std::string>& reason) {
  KeyRotation out;
  std::shared_ptr<SecretKey> new_key;
  bool exchanged = false;
  auto prepare = [&](CommitContext& ctx, std::vector<CustodyEntry>& entries) -> Status {
    ASSIGN_OR_RETURN(Leftover left, key_files::InspectLeftover(st.layout(), st.env()));
    if (left == Leftover::kSwapped) return FinishInterrupted(st, ctx, reason, out, entries);
    if (left == Leftover::kStaged) RETURN_IF_ERROR(key_files::RemoveNextKeysDir(st.layout(), st.env()));
    ASSIGN_OR_RETURN(const SecretKey* old_key, st.secret_key());
    ASSIGN_OR_RETURN(PublicKey on_disk, ReadStationPublicKey(st.env(), st.layout()));
    if (!(on_disk == old_key->public_key())) {  // loaded before the lock; another rotation ran meanwhile
      return Status::Invalid("the station key changed to " + on_disk.IdString() + " while this command waited",
                             "run: custodia keys show, then custodia keys rotate again if still needed");
    }
    ASSIGN_OR_RETURN(SecretKey generated, SecretKey::Generate());
    new_key = std::make_shared<SecretKey>(std::move(generated));
    out.old_key_id = old_key->public_key().IdString();
    out.new_key_id = new_key->public_key().IdString();
    out.statement = key_files::StatementPath(st.layout(), out.new_key_id);
    auto staged = key_files::StageKeys(st, *old_key, *new_key, ctx.log->size());
    Status swapped = staged.status();
    if (staged.ok()) {
      out.statement_sha256 = *staged;
      CUSTODIA_CRASH_POINT("keys.rotate.staged");
      swapped = key_files::ExchangeKeysDirs(st.layout(), st.env());
    }
    if (!swapped.ok()) {  // keys/ is untouched: the staged key was never used
      (void)key_files::RemoveNextKeysDir(st.layout(), st.env());
      return swapped;
    }
    exchanged = true;
    CUSTODIA_CRASH_POINT("keys.rotate.exchanged");
    entries.push_back(KeyEntry(st, out, new_key->public_key(), reason));
    st.AddCheckpointSigner(new_key);  // Commit signs with the old key it loaded, and with this one
    return Status::Ok();
  };
  auto committed = st.Commit({}, prepare);
  if (!committed.ok()) {
    if (!exchanged) return committed.status();
    return committed.status()
        .Prefixed("the new key " + out.new_key_id + " is installed but its rotation was not logged")
        .WithHint("run: custodia keys rotate (it finishes the interrupted rotation)");
  }
  for (const CustodyEntry& e : committed->entries) {
    if (e.action == "key") {
      out.seq = e.seq;
      out.checkpoint_size = committed->tree_size;
    }
  }
  CUSTODIA_CRASH_POINT("keys.rotate.logged");
  st.ReloadKeys();
  if (!out.resumed) {
    // The installed pair loads and agrees (Station::secret_key checks it).
    ASSIGN_OR_RETURN(const SecretKey* installed, st.secret_key());
    if (!(installed->public_key() == new_key->public_key())) {
      return Status::Integrity("keys/station.key is not the key just generated (" + out.new_key_id + ")",
                               "run: custodia keys show, and restore keys/ from a backup if it is wrong");
    }
    Status renewed = RenewCheckpointSignature(st, committed->tree_size);
    if (!renewed.ok()) {
      out.warnings.push_back("log/checkpoint.minisig is still signed by the old key (" + renewed.message() +
                             "); the next checkpoint is signed by the new one");
    }
  }
  RETURN_IF_ERROR(key_files::RemoveNextKeysDir(st.layout(), st.env()));
  return out;
}

}  // namespace custodia
