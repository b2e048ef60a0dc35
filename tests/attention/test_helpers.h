// Helpers for the attention tests: parse text, list errors as strings.
#ifndef CUSTODIA_TESTS_ATTENTION_TEST_HELPERS_H_
#define CUSTODIA_TESTS_ATTENTION_TEST_HELPERS_H_

#include <string>
#include <vector>

#include "custodia/attention.h"

namespace custodia::testing {

inline TimeZone Lima() { return TimeZone::Load("America/Lima").value(); }

inline ImportOptions LimaOptions(ImportFormat format = ImportFormat::kAuto) {
  ImportOptions o;
  o.tz = Lima();
  o.format = format;
  return o;
}

inline std::vector<std::string> ErrorStrings(const AttentionImport& imp) {
  std::vector<std::string> out;
  for (const RowError& e : imp.errors) out.push_back(e.ToString());
  return out;
}

// The header of SPEC §6 and a good row for it; tests edit copies.
inline const std::string kHeader =
    "id,module,zone,category,subcategory,opened_at,closed_at,officers,agencies,address,lat,lon,summary\n";
inline const std::string kGoodRow =
    "A-1,Jorge Chávez,4,fiscalizacion,comercio ambulatorio,2026-01-15 10:00,2026-01-15 10:30,SZ-04M01,,"
    "Av. Jorge Chávez 210,-12.117900,-77.033400,Se retiró al ambulante.\n";

}  // namespace custodia::testing

#endif  // CUSTODIA_TESTS_ATTENTION_TEST_HELPERS_H_
