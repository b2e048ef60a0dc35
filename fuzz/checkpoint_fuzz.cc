// libFuzzer target: a bundle's custody/checkpoint (C2SP signed note + tlog
// checkpoint body) and station-note.vkey.
// Seeds: tests/bundle/corpus/checkpoint/ and tests/bundle/corpus/vkey/.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "custodia/bundle.h"
#include "custodia/custody.h"
#include "custodia/note.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto cp = custodia::SignedCheckpoint::Parse(text, "custody/checkpoint");
  if (cp.ok()) {
    // The body parsed is the body signed.
    if (cp->checkpoint.Body() != cp->note.text) std::abort();
    (void)custodia::CheckpointTrustedComment(cp->checkpoint);
  }
  auto vkeys = custodia::ParseNoteVkeys(text, "station-note.vkey");
  if (vkeys.ok() && cp.ok()) {
    for (const auto& v : *vkeys) (void)custodia::VerifyNote(cp->note, v, "custody/checkpoint");
  }
  if (vkeys.ok()) {
    for (const auto& v : *vkeys) {
      auto again = custodia::NoteVerifier::Parse(v.ToString());
      if (!again.ok() || again->key != v.key || again->name != v.name) std::abort();
    }
  }
  return 0;
}
