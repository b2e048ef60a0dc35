// libFuzzer target for the device roster importer (SPEC §6): ParseRosterRows
// and ParseRoster on hostile CSV.
//
//   ninja -C build-fuzz roster_fuzz
//   build-fuzz/roster_fuzz -max_len=16384 corpus tests/fuzz_corpus/roster_fuzz
//
// Checks: the two parses agree (ParseRoster fails exactly when rows are
// bad), good rows are sorted, never overlap for one device, and OfficerAt
// answers each row's own start with its officer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "custodia/attention.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const custodia::TimeZone tz = custodia::TimeZone::Load("America/Lima").value();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = custodia::ParseRosterRows(text, "fuzz-roster.csv", tz);
  auto whole = custodia::ParseRoster(text, "fuzz-roster.csv", tz);
  if (!rows.ok()) {
    if (whole.ok()) __builtin_trap();
    return 0;
  }
  if (whole.ok() != rows->errors.empty()) __builtin_trap();
  const auto& es = rows->roster.entries;
  for (size_t i = 0; i < es.size(); ++i) {
    const auto& e = es[i];
    if (e.to && *e.to <= e.from) __builtin_trap();
    if (i > 0 && es[i - 1].device_serial == e.device_serial) {
      if (es[i - 1].from > e.from) __builtin_trap();
      if (!es[i - 1].to || *es[i - 1].to > e.from) __builtin_trap();  // overlap
    }
    auto who = rows->roster.OfficerAt(e.device_serial, e.from);
    if (!who || *who != e.officer_id) __builtin_trap();
    if (!rows->roster.KnowsOfficer(e.officer_id)) __builtin_trap();
  }
  return 0;
}
