// Turning what the user typed into a clip id (SPEC §3: any unique prefix of
// at least 8 hex digits, any case). Unknown or ambiguous: exit 2, listing
// the candidates.
#ifndef CUSTODIA_CLI_RESOLVE_H_
#define CUSTODIA_CLI_RESOLVE_H_

#include <string>

#include "custodia/index.h"
#include "custodia/status.h"

namespace custodia::cli {

bool LooksLikeClipId(const std::string& text);
Result<std::string> ResolveClipId(Index& index, const std::string& text);

}  // namespace custodia::cli

#endif  // CUSTODIA_CLI_RESOLVE_H_
