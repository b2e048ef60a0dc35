// The rules an attention record must satisfy, compiled into code: the
// constraints of schemas/attention.schema.json (checked on the struct, with no
// JSON built and no regex run, because valijson would bound a 1M-row import)
// and the ones no JSON Schema can express. tests/attention/schema_golden_test.cc
// runs these and valijson on the same records and asserts the same verdicts.
#ifndef CUSTODIA_ATTENTION_RECORD_RULES_H_
#define CUSTODIA_ATTENTION_RECORD_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "custodia/attention.h"

namespace custodia::attention_internal {

// The fields in the order of SPEC §6's CSV header.
enum class Field : int {
  kId, kModule, kZone, kCategory, kSubcategory, kOpenedAt, kClosedAt,
  kOfficers, kAgencies, kAddress, kLat, kLon, kSummary
};
constexpr int kFieldCount = 13;

std::string_view FieldName(Field f);      // CSV column name: "lat"
std::string_view JsonFieldName(Field f);  // path in the JSON shape: "location.lat"

// Limits of the schema (keep in step with schemas/attention.schema.json).
constexpr int64_t kMaxZone = 9999;
constexpr size_t kMaxModuleChars = 64;
constexpr size_t kMaxSubcategoryChars = 128;
constexpr size_t kMaxOfficers = 32;
constexpr size_t kMaxAgencies = 16;
constexpr size_t kMaxAgencyChars = 64;
constexpr size_t kMaxAddressChars = 256;
constexpr size_t kMaxSummaryChars = 4096;
// 0000-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z: what YYYY can write.
constexpr TimeMs kMinTime = -62167219200000LL;
constexpr TimeMs kMaxTime = 253402300799999LL;

struct FieldProblem {
  Field field;
  std::string message;
};

// The constraints of the schema. Appends one problem per offending field.
void CheckSchemaRules(const Attention& a, std::vector<FieldProblem>* out);

// What a schema cannot say about strings of times: closed_at >= opened_at.
// (Calendar validity of canonical times is checked where they are parsed.)
void CheckOrderRules(const Attention& a, std::vector<FieldProblem>* out);

// The message for closed_at < opened_at, with the times as the user wrote them.
std::string ClosedBeforeOpenedMessage(std::string_view closed, std::string_view opened);

// Field-level checks shared with the roster reader.
bool IsValidPersonId(std::string_view id);  // officer ids: same rule as attention ids
std::string InvalidIdMessage(std::string_view what, std::string_view id);

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_RECORD_RULES_H_
