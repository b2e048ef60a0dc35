// custodia keys show (not logged) | keys rotate (logged): the station's
// signing keys (SPEC §4, doc/keys.md).
#include <cstdio>

#include "commands.h"
#include "custodia/note.h"
#include "output.h"

namespace custodia::cli {

namespace {

struct KeysRotateCli {
  std::string reason;
};

// keys/<KEYID>.pub.minisig when the key came from a rotation, else null.
Json StatementOf(const Station& s, const PublicKey& k) {
  std::string path = s.layout().KeyPub(k.IdString()) + ".minisig";
  return s.env()->Exists(path) ? Json(path) : Json(nullptr);
}

void RunKeysShow(Context& ctx, bool note) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  const Station& s = **st;
  auto keys = ReadAllPublicKeys(s.env(), s.layout());
  if (!keys.ok()) {
    ctx.exit_code = ReportError(keys.status());
    return;
  }
  const std::string& origin = s.config().origin;
  std::string vkey = NoteVerifier::For(origin, s.public_key()).ToString();
  if (KeyRotationInterrupted(s)) {
    std::fprintf(stderr, "custodia: warning: a key rotation was interrupted (%s.next exists); run: custodia keys "
                         "rotate (it finishes or discards it)\n",
                 s.layout().KeysDir().c_str());
  }
  if (ctx.global.json) {
    // ReadAllPublicKeys gives the current key first.
    Json older = Json::array(), verifiers = Json::array();
    for (size_t i = 0; i < keys->size(); ++i) {
      const PublicKey& k = (*keys)[i];
      std::string v = NoteVerifier::For(origin, k).ToString();
      verifiers.push_back(v);
      if (i == 0) continue;
      older.push_back(Json{{"key_id", k.IdString()},
                           {"public_key", k.Base64()},
                           {"public_key_file", s.layout().KeyPub(k.IdString())},
                           {"note_verifier_key", v},
                           {"rotation_statement", StatementOf(s, k)}});
    }
    PrintJson(Json{{"schema", "custodia.keys/1"},
                   {"station", s.config().station},
                   {"key_id", s.public_key().IdString()},
                   {"public_key", s.public_key().Base64()},
                   {"public_key_file", s.layout().StationPub()},
                   {"note_verifier_key", vkey},
                   {"rotation_statement", StatementOf(s, s.public_key())},
                   {"note_verifier_keys", verifiers},
                   {"previous_keys", older}});
    return;
  }
  if (note) {
    std::printf("%s\n", vkey.c_str());
    return;
  }
  std::printf("station     %s\n", s.config().station.c_str());
  std::printf("key id      %s\n", s.public_key().IdString().c_str());
  std::printf("public key  %s\n", s.public_key().Base64().c_str());
  std::printf("file        %s\n", s.layout().StationPub().c_str());
  for (size_t i = 1; i < keys->size(); ++i) {
    std::printf("previous    %s  (%s)\n", (*keys)[i].IdString().c_str(),
                s.layout().KeyPub((*keys)[i].IdString()).c_str());
  }
  std::printf("verify a file with: minisign -Vm FILE -P %s\n", s.public_key().Base64().c_str());
}

void RunKeysRotate(Context& ctx, const KeysRotateCli& o) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  std::optional<std::string> reason;
  if (!o.reason.empty()) reason = o.reason;
  auto r = RotateStationKey(**st, reason);
  if (!r.ok()) {
    ctx.exit_code = ReportError(r.status());
    return;
  }
  for (const auto& w : r->warnings) std::fprintf(stderr, "custodia: warning: %s\n", w.c_str());
  const Station& s = **st;
  std::string vkey = NoteVerifier::For(s.config().origin, s.public_key()).ToString();
  if (ctx.global.json) {
    PrintJson(Json{{"schema", "custodia.keys-rotate/1"},
                   {"old_key_id", r->old_key_id},
                   {"new_key_id", r->new_key_id},
                   {"public_key", s.public_key().Base64()},
                   {"note_verifier_key", vkey},
                   {"statement", r->statement},
                   {"statement_sha256", r->statement_sha256},
                   {"seq", r->seq},
                   {"checkpoint_size", r->checkpoint_size},
                   {"resumed", r->resumed},
                   {"warnings", r->warnings}});
    return;
  }
  if (ctx.global.quiet) return;
  std::printf("%s the station key: %s -> %s\n", r->resumed ? "finished an interrupted rotation of" : "rotated",
              r->old_key_id.c_str(), r->new_key_id.c_str());
  std::printf("  new public key      %s (also %s)\n", s.layout().StationPub().c_str(),
              s.layout().KeyPub(r->new_key_id).c_str());
  std::printf("  old public key      %s (kept: everything signed before verifies with it)\n",
              s.layout().KeyPub(r->old_key_id).c_str());
  std::printf("  rotation statement  %s (the new public key signed by the old key)\n", r->statement.c_str());
  std::printf("    check it with:    minisign -Vm %s -p %s\n", s.layout().KeyPub(r->new_key_id).c_str(),
              s.layout().KeyPub(r->old_key_id).c_str());
  std::printf("  logged              custody entry %llu", (unsigned long long)r->seq);
  if (r->checkpoint_size) std::printf("; checkpoint %llu signed by both keys", (unsigned long long)r->checkpoint_size);
  std::printf("\n  new verifier key    %s\n", vkey.c_str());
  std::printf("Publish the new public key and verifier key where auditors find the old ones.\n");
}

}  // namespace

void SetupKeys(CLI::App& app, Context& ctx) {
  auto* keys = app.add_subcommand("keys", "The station's signing keys");
  keys->require_subcommand(1);
  keys->footer("Examples:\n  custodia keys show\n  custodia keys show --note > station-note.vkey\n"
               "  custodia keys rotate --reason \"yearly rotation\"");
  auto note = std::make_shared<bool>(false);
  auto* show = keys->add_subcommand("show", "Print the public key and key id (and the signed-note verifier key)");
  show->add_flag("--note", *note, "Print only the signed-note verifier key of the custody log's checkpoints");
  show->footer("Examples:\n  custodia keys show\n  custodia keys show --note > station-note.vkey\n"
               "  custodia keys show --json     # every key the station ever had, with its verifier key\n"
               "Not logged.");
  show->callback([&ctx, note] { RunKeysShow(ctx, *note); });

  auto o = std::make_shared<KeysRotateCli>();
  auto* rotate = keys->add_subcommand("rotate", "Replace the station key; the old key signs the new one (logged)");
  rotate->add_option("--reason", o->reason, "Why (recorded in the custody log)");
  rotate->footer(
      "Examples:\n"
      "  custodia keys rotate --reason \"yearly rotation\"\n"
      "  custodia keys rotate --json\n"
      "The old public key stays as keys/<OLDKEYID>.pub (old signatures keep verifying); keys/<NEWKEYID>.pub.minisig\n"
      "is the new public key signed by the old key; the first checkpoint after the rotation carries both keys'\n"
      "signatures. The old secret key is destroyed. An interrupted rotation is finished by running it again\n"
      "(doc/keys.md). Exit 0 ok, 4 I/O failure, 10 no vault or unusable key, 11 vault locked.");
  rotate->callback([&ctx, o] { RunKeysRotate(ctx, *o); });
}

}  // namespace custodia::cli
