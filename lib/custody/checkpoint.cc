// C2SP tlog-checkpoint bodies: "<origin>\n<size>\n<base64 root>\n".
#include <cstring>

#include "custodia/custody.h"
#include "custodia/encoding.h"

namespace custodia {

std::string Checkpoint::Body() const {
  return origin + "\n" + std::to_string(size) + "\n" + Base64Encode(root) + "\n";
}

namespace {

Result<uint64_t> ParseTreeSize(std::string_view s, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::Invalid(std::string(where) + ": checkpoint tree size \"" + std::string(s.substr(0, 40)) +
                           "\" " + why);
  };
  if (s.empty()) return bad("is empty");
  if (s.size() > 1 && s[0] == '0') return bad("has a leading zero");
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return bad("is not a decimal number");
    uint64_t d = uint64_t(c - '0');
    if (v > (UINT64_MAX - d) / 10) return bad("is too large");
    v = v * 10 + d;
  }
  return v;
}

}  // namespace

Result<Checkpoint> Checkpoint::ParseBody(std::string_view body, std::string_view where) {
  auto bad = [&](const std::string& why) {
    return Status::Invalid(std::string(where) + ": malformed checkpoint: " + why);
  };
  if (body.size() > (64u << 10)) return bad("larger than 64 KiB");
  if (body.empty() || body.back() != '\n') return bad("must end with a newline");
  std::vector<std::string_view> lines;
  std::string_view rest = body;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) return bad("needs three lines: origin, tree size, root hash");
  if (lines.size() > 3) return bad("has extension lines after the root hash (custodia writes none)");
  Checkpoint c;
  if (lines[0].empty()) return bad("the origin line is empty");
  if (!IsValidUtf8(lines[0])) return bad("the origin is not valid UTF-8");
  for (unsigned char ch : lines[0]) {
    if (ch < 0x20 || ch == 0x7f) return bad("the origin contains a control character");
  }
  c.origin = std::string(lines[0]);
  ASSIGN_OR_RETURN(c.size, ParseTreeSize(lines[1], where));
  auto root = Base64Decode(lines[2], "checkpoint root hash");
  if (!root.ok()) return bad(root.status().message());
  if (root->size() != 32) return bad("the root hash is " + std::to_string(root->size()) + " bytes, not 32");
  std::memcpy(c.root.data(), root->data(), 32);
  return c;
}

Result<SignedCheckpoint> SignedCheckpoint::Parse(std::string_view text, std::string_view where) {
  SignedCheckpoint sc;
  ASSIGN_OR_RETURN(sc.note, SignedNote::Parse(text, where));
  ASSIGN_OR_RETURN(sc.checkpoint, Checkpoint::ParseBody(sc.note.text, where));
  return sc;
}

}  // namespace custodia
