// C2SP signed notes (signed-note.md) with Ed25519 keys, as used by our log
// checkpoints (SPEC §5):
//   <text, ending in \n>
//   \n
//   — <name> <base64(key hash[4] ‖ Ed25519 signature over text)>\n   (one line per signature)
// key hash = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0:4]
// verifier key = <name>+<8 hex key hash>+<base64(0x01 ‖ public key)>
#ifndef CUSTODIA_NOTE_H_
#define CUSTODIA_NOTE_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "custodia/minisign.h"
#include "custodia/status.h"

namespace custodia {

std::array<uint8_t, 4> NoteKeyHash(std::string_view name, const std::array<uint8_t, 32>& key);

struct NoteVerifier {
  std::string name;
  std::array<uint8_t, 4> key_hash{};
  std::array<uint8_t, 32> key{};

  static NoteVerifier For(std::string_view name, const PublicKey& pk);
  static Result<NoteVerifier> Parse(std::string_view vkey);
  std::string ToString() const;
};

struct NoteSignature {
  std::string name;
  std::array<uint8_t, 4> key_hash{};
  std::vector<uint8_t> signature;  // 64 bytes for Ed25519
};

struct SignedNote {
  std::string text;  // body, each line with its newline
  std::vector<NoteSignature> signatures;

  // Strict parser; bounded to 1 MiB and 100 signatures.
  static Result<SignedNote> Parse(std::string_view note, std::string_view where);
  std::string Serialize() const;
};

// A valid name: non-empty, no '+', no whitespace (C2SP).
bool IsValidNoteName(std::string_view name);

// Signs `text` (which must end in '\n' and have no blank line) with every key,
// under `name`.
Result<SignedNote> SignNote(std::string_view text, std::string_view name,
                            const std::vector<const SecretKey*>& keys);

// Ok if the note carries a valid signature by `verifier`.
Status VerifyNote(const SignedNote& note, const NoteVerifier& verifier, std::string_view where);

}  // namespace custodia

#endif  // CUSTODIA_NOTE_H_
