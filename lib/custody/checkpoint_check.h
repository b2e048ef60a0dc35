// Checking one checkpoint text during log verification: parse, signatures.
#ifndef CUSTODIA_CUSTODY_CHECKPOINT_CHECK_H_
#define CUSTODIA_CUSTODY_CHECKPOINT_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "custodia/custody.h"
#include "custody/problem_list.h"

namespace custodia::custody_internal {

struct CheckedCheckpoint {
  std::string label;  // how messages name it: "checkpoints/12", "external checkpoint #1"
  std::string text;
  Checkpoint checkpoint;
  // Its signature by a trusted key verified (or no keys were given, which
  // the report says once). Untrusted checkpoints prove nothing about the log.
  bool trusted = false;
};

// C2SP signed-note rules: signatures by unknown keys are ignored; one by a
// known key (name and key hash) that fails makes the note untrusted; at least
// one known key must verify. Problems go to `problems`; nullopt if the text
// is not a checkpoint at all.
std::optional<CheckedCheckpoint> CheckCheckpoint(std::string label, std::string text,
                                                 const std::vector<NoteVerifier>& verifiers, ProblemList& problems);

// Checks log/checkpoint.minisig against log/checkpoint with the verifiers'
// Ed25519 keys (the same station keys sign both).
void CheckCheckpointMinisig(const std::string& sig_label, std::string_view sig_text, std::string_view checkpoint_text,
                            const std::vector<NoteVerifier>& verifiers, ProblemList& problems);

}  // namespace custodia::custody_internal

#endif  // CUSTODIA_CUSTODY_CHECKPOINT_CHECK_H_
