// custodia keys show: the station's public key (not logged).
#include <cstdio>

#include "commands.h"
#include "custodia/note.h"
#include "output.h"

namespace custodia::cli {

namespace {
void RunKeysShow(Context& ctx, bool note) {
  auto st = ctx.OpenStation();
  if (!st.ok()) {
    ctx.exit_code = ReportError(st.status());
    return;
  }
  const Station& s = **st;
  auto keys = ReadAllPublicKeys(s.env(), s.layout());
  std::string vkey = NoteVerifier::For(s.config().origin, s.public_key()).ToString();
  if (ctx.global.json) {
    Json older = Json::array();
    if (keys.ok()) {
      for (size_t i = 1; i < keys->size(); ++i) older.push_back(Json{{"key_id", (*keys)[i].IdString()}, {"public_key", (*keys)[i].Base64()}});
    }
    PrintJson(Json{{"schema", "custodia.keys/1"},
                   {"station", s.config().station},
                   {"key_id", s.public_key().IdString()},
                   {"public_key", s.public_key().Base64()},
                   {"public_key_file", s.layout().StationPub()},
                   {"note_verifier_key", vkey},
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
  if (keys.ok() && keys->size() > 1) {
    for (size_t i = 1; i < keys->size(); ++i) std::printf("previous    %s\n", (*keys)[i].IdString().c_str());
  }
  std::printf("verify a file with: minisign -Vm FILE -P %s\n", s.public_key().Base64().c_str());
}
}  // namespace

void SetupKeys(CLI::App& app, Context& ctx) {
  auto* keys = app.add_subcommand("keys", "The station's signing keys");
  keys->require_subcommand(1);
  keys->footer("Examples:\n  custodia keys show\n  custodia keys show --note > station-note.vkey");
  auto note = std::make_shared<bool>(false);
  auto* show = keys->add_subcommand("show", "Print the public key and key id (and the signed-note verifier key)");
  show->add_flag("--note", *note, "Print only the signed-note verifier key of the custody log's checkpoints");
  show->footer("Examples:\n  custodia keys show\n  custodia keys show --note > station-note.vkey");
  show->callback([&ctx, note] { RunKeysShow(ctx, *note); });
}

}  // namespace custodia::cli
