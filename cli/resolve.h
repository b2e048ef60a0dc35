// Turning what the user typed into a clip id (SPEC §3: any unique prefix of
// at least 8 hex digits, any case). Unknown or ambiguous: exit 2, listing
// the candidates.
#ifndef CUSTODIA_CLI_RESOLVE_H_
#define CUSTODIA_CLI_RESOLVE_H_

#include <string>
#include <vector>

#include "custodia/index.h"
#include "custodia/station.h"
#include "custodia/status.h"

namespace custodia::cli {

bool LooksLikeClipId(const std::string& text);
Result<std::string> ResolveClipId(Index& index, const std::string& text);
// Every text resolved (the station's index opened read-only); the first
// unknown or ambiguous one is the error.
Result<std::vector<std::string>> ResolveClipIds(Station& station, const std::vector<std::string>& texts);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_RESOLVE_H_
