#include "resolve.h"

#include <cctype>

namespace custodia::cli {

bool LooksLikeClipId(const std::string& text) {
  if (text.size() < 8 || text.size() > 64) return false;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<std::string> ResolveClipId(Index& index, const std::string& text) {
  if (!LooksLikeClipId(text)) {
    return Status::Invalid("\"" + text + "\" is not a clip id",
                           "give the clip's SHA-256 or a unique prefix of at least 8 hex digits (see custodia clips)");
  }
  std::string lower;
  for (char c : text) lower.push_back(char(std::tolower(static_cast<unsigned char>(c))));
  ASSIGN_OR_RETURN(auto ids, index.ClipIdsWithPrefix(lower, 11));
  if (ids.empty()) {
    return Status::NotFound("no clip " + text + " in the vault", "list clips with: custodia clips");
  }
  if (ids.size() > 1) {
    std::string list;
    for (size_t i = 0; i < ids.size() && i < 10; ++i) list += "\n  " + ids[i];
    if (ids.size() > 10) list += "\n  …";
    return Status::Invalid("clip id prefix " + text + " is ambiguous; it matches:" + list,
                           "give more hex digits");
  }
  return ids[0];
}

Result<std::vector<std::string>> ResolveClipIds(Station& station, const std::vector<std::string>& texts) {
  std::vector<std::string> ids;
  if (texts.empty()) return ids;
  ASSIGN_OR_RETURN(auto index, station.OpenIndexReadOnly());
  for (const auto& t : texts) {
    ASSIGN_OR_RETURN(std::string id, ResolveClipId(*index, t));
    ids.push_back(std::move(id));
  }
  return ids;
}

}  // namespace custodia::cli
