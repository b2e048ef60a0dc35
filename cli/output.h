// Rendering lists and records: table (local time), JSON (UTC), CSV (RFC 3339
// with the vault's offset), NDJSON. Lists in JSON are
// {"schema":"custodia.<command>/1","items":[…]} (SPEC §7).
#ifndef CUSTODIA_CLI_OUTPUT_H_
#define CUSTODIA_CLI_OUTPUT_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "custodia/json.h"
#include "custodia/time.h"

namespace custodia::cli {

enum class Format { kTable, kJson, kCsv, kNdjson };

// Adds --format to a command.
void AddFormatOption(CLI::App* cmd, std::string* format);
// The effective format: --json wins, else --format (validated by CLI11).
Format EffectiveFormat(const std::string& format, bool json_flag);

struct Column {
  enum Kind { kText, kTime, kInt, kBytes, kShortId, kDuration, kPercent };
  std::string title;
  std::string key;  // JSON pointer-less key in each item (dots for nesting: "location.address")
  Kind kind = kText;
};

void PrintList(Format f, const std::string& schema, const std::vector<Json>& items, const std::vector<Column>& cols,
               const TimeZone& tz);
// One object: pretty JSON (json/ndjson) or the caller's own text (table).
void PrintJson(const Json& j);

std::string HumanBytes(uint64_t n);
std::string HumanDuration(int64_t ms);
std::string CsvField(const std::string& s);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_OUTPUT_H_
