// libFuzzer target for the attention importers (SPEC §6): ParseAttentions on
// hostile CSV and JSON Lines, with every format/encoding choice.
//
//   ninja -C build-fuzz attention_fuzz
//   build-fuzz/attention_fuzz -max_len=65536 corpus tests/fuzz_corpus/attention_fuzz
//
// The first byte picks the options; the rest is the file. Besides the
// sanitizers it checks the importer's promises: every error names a line
// within the file, every good record is valid (FromJson(ToJson()) gives it
// back with the same content hash), and the streaming parse agrees.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "custodia/attention.h"

namespace {
const custodia::TimeZone& Lima() {
  static const custodia::TimeZone tz = custodia::TimeZone::Load("America/Lima").value();
  return tz;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using custodia::ImportFormat;
  const uint8_t mode = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  custodia::ImportOptions opts;
  opts.format = mode % 3 == 0 ? ImportFormat::kAuto : mode % 3 == 1 ? ImportFormat::kCsv : ImportFormat::kJsonl;
  opts.encoding = (mode & 0x08) ? custodia::TextEncoding::kWindows1252 : custodia::TextEncoding::kUtf8;
  opts.tz = Lima();
  const char* name = (mode & 0x10) ? "fuzz.jsonl" : "fuzz.csv";
  auto r = custodia::ParseAttentions(text, name, opts);
  if (!r.ok()) {
    if (r.status().message().empty()) __builtin_trap();
    return 0;
  }
  uint64_t lines = 1;
  for (char c : text) lines += c == '\n';
  if (r->records.size() != r->record_lines.size()) __builtin_trap();
  for (const auto& e : r->errors) {
    if (e.line > lines + 1 || e.message.empty()) __builtin_trap();
  }
  for (const auto& a : r->records) {
    auto back = custodia::Attention::FromJson(a.ToJson(), "round trip");
    if (!back.ok() || back->ContentHash() != a.ContentHash()) __builtin_trap();
  }
  uint64_t streamed = 0;
  auto s = custodia::ParseAttentionsStreaming(text, name, opts, [&](custodia::Attention&&, uint64_t) { ++streamed; });
  if (!s.ok() || streamed != r->records.size() || s->errors.size() != r->errors.size()) __builtin_trap();
  return 0;
}
