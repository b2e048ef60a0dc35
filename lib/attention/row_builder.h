// One import row, whatever the file format, turned into an Attention: the
// conversions (trim, zone, category, times, lists, decimal commas) and the
// checks of record_rules.h, each problem becoming a RowError on its column.
#ifndef CUSTODIA_ATTENTION_ROW_BUILDER_H_
#define CUSTODIA_ATTENTION_ROW_BUILDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "attention/record_rules.h"
#include "custodia/attention.h"

namespace custodia::attention_internal {

struct RawValue {
  enum State { kAbsent, kPresent, kReported };  // kReported: the reader already reported it
  State state = kAbsent;
  std::string_view text;                              // as written (a JSON number: its digits)
  const std::vector<std::string>* items = nullptr;    // JSON arrays; CSV lists come as "a|b" text
  int column = 0;
};

struct RawAttention {
  uint64_t line = 0;
  RawValue values[kFieldCount];
  RawValue& operator[](Field f) { return values[static_cast<int>(f)]; }
  const RawValue& operator[](Field f) const { return values[static_cast<int>(f)]; }
};

enum class FieldNaming { kCsv, kJson };  // "lat" or "location.lat" in errors

class RowBuilder {
 public:
  RowBuilder(std::string_view file, const TimeZone& tz, FieldNaming naming)
      : file_(file), tz_(tz), naming_(naming) {}

  // Builds *out from raw. Every problem is appended to *errors; returns
  // true when there was none.
  bool Build(const RawAttention& raw, Attention* out, std::vector<RowError>* errors);

  // The error on a field of a row (used by the readers for their own checks).
  RowError Error(uint64_t line, const RawValue& value, Field f, std::string message) const;

 private:
  bool Required(const RawAttention& raw, Field f, std::vector<RowError>* errors) const;

  std::string file_;
  const TimeZone& tz_;
  FieldNaming naming_;
};

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_ROW_BUILDER_H_
