// The roster in force (meta "s:roster"): what the last `roster` custody
// entry imported, as RosterEntry JSON. Offload reads it to attribute clips;
// imports and amendments read its officers (the known officers, SPEC §6).
#include "custodia/index.h"

namespace custodia {

namespace {
constexpr std::string_view kRosterKey = "roster";
}  // namespace

void IndexBatch::PutRoster(const StoredRoster& r) {
  Json rows = Json::array();
  for (const auto& e : r.roster.entries) rows.push_back(e.ToJson());
  Json j{{"import_sha256", r.import_sha256}, {"file_name", r.file_name}, {"seq", r.seq},
         {"time", FormatUtc(r.time)},       {"entries", rows}};
  PutMetaString(kRosterKey, j.dump());
}

Result<std::optional<StoredRoster>> Index::GetRoster() {
  ASSIGN_OR_RETURN(auto text, GetMetaString(kRosterKey));
  if (!text) return std::optional<StoredRoster>();
  const std::string where = "the index's roster";
  ASSIGN_OR_RETURN(Json j, ParseJson(*text, where));
  StoredRoster r;
  ASSIGN_OR_RETURN(r.import_sha256, GetString(j, "import_sha256", where));
  ASSIGN_OR_RETURN(r.file_name, GetString(j, "file_name", where));
  ASSIGN_OR_RETURN(int64_t seq, GetInt(j, "seq", where));
  r.seq = uint64_t(seq);
  if (auto t = j.find("time"); t != j.end() && t->is_string()) {
    ASSIGN_OR_RETURN(r.time, ParseUtc(t->get<std::string>()));
  }
  auto rows = j.find("entries");
  if (rows == j.end() || !rows->is_array()) {
    return Status::Integrity(where + " has no entries", "run: custodia reindex");
  }
  std::vector<RosterEntry> entries;
  entries.reserve(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    auto e = RosterEntry::FromJson((*rows)[i], where + " entry " + std::to_string(i));
    if (!e.ok()) return Status::Integrity(e.status().message(), "run: custodia reindex");
    entries.push_back(std::move(*e));
  }
  r.roster = Roster::FromEntries(std::move(entries));
  return std::optional<StoredRoster>(std::move(r));
}

}  // namespace custodia
