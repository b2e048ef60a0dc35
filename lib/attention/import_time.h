// Times in import files (SPEC §6): RFC 3339 with an offset, or a local time
// YYYY-MM-DD HH:MM[:SS] / YYYY-MM-DDTHH:MM[:SS] in the vault's time zone.
// Day-first dates are refused with a message showing the accepted form.
#ifndef CUSTODIA_ATTENTION_IMPORT_TIME_H_
#define CUSTODIA_ATTENTION_IMPORT_TIME_H_

#include <string_view>

#include "custodia/status.h"
#include "custodia/time.h"

namespace custodia::attention_internal {

enum class BareDate {
  kReject,         // attentions: opened_at/closed_at need a time of day
  kLocalMidnight,  // roster: "assigned from 2026-01-01" means local midnight
};

// `text` is already trimmed. A DST gap or overlap in tz is an error.
Result<TimeMs> ParseImportTime(std::string_view text, const TimeZone& tz, BareDate bare_date);

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_IMPORT_TIME_H_
