// CustodyEntry <-> its canonical JSON line (SPEC §5).
#include <array>

#include "custodia/custody.h"
#include "custodia/encoding.h"

namespace custodia {

namespace {

constexpr std::array<std::string_view, 11> kFields = {"action",  "actor",   "details",  "os_user", "outcome", "reason",
                                                      "seq",     "station", "subjects", "time",    "v"};

bool IsClipId(std::string_view s) { return s.size() == 64 && IsLowerHex(s); }

Status Bad(std::string_view where, const std::string& why) {
  return Status::Invalid(std::string(where) + ": " + why);
}

Result<std::vector<std::string>> StringList(const Json& subjects, std::string_view key, std::string_view where) {
  auto it = subjects.find(key);
  if (it == subjects.end()) return Bad(where, "missing field \"subjects." + std::string(key) + "\"");
  if (!it->is_array()) return Bad(where, "field \"subjects." + std::string(key) + "\" is not an array");
  std::vector<std::string> out;
  out.reserve(it->size());
  for (const Json& v : *it) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
      return Bad(where, "field \"subjects." + std::string(key) + "\" must hold non-empty strings");
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Status CheckClips(const std::vector<std::string>& clips, std::string_view where) {
  for (const auto& c : clips) {
    if (!IsClipId(c)) {
      return Bad(where, "subjects.clips holds \"" + c.substr(0, 80) + "\", not a 64-digit lowercase hex SHA-256");
    }
  }
  return Status::Ok();
}

}  // namespace

Json CustodyEntry::ToJson() const {
  Json j = Json::object();
  j["action"] = action;
  j["actor"] = actor;
  j["details"] = details;
  j["os_user"] = os_user;
  j["outcome"] = outcome;
  j["reason"] = reason ? Json(*reason) : Json(nullptr);
  j["seq"] = seq;
  j["station"] = station;
  Json subjects = Json::object();
  subjects["attentions"] = attentions;
  subjects["clips"] = clips;
  j["subjects"] = std::move(subjects);
  j["time"] = FormatUtc(time);
  j["v"] = 1;
  return j;
}

Result<std::string> CustodyEntry::ToLine() const {
  std::string where = "custody entry seq " + std::to_string(seq) + " (" + action + ")";
  if (action.empty()) return Bad(where, "action is empty");
  if (!details.is_object()) return Bad(where, "details must be a JSON object");
  RETURN_IF_ERROR(CheckClips(clips, where));
  for (const auto& a : attentions) {
    if (a.empty()) return Bad(where, "subjects.attentions holds an empty id");
  }
  auto line = CanonicalJson(ToJson());
  if (!line.ok()) return line.status().Prefixed(where);
  if (line->size() > kMaxEntryLine) {
    return Bad(where, "the entry is " + std::to_string(line->size()) + " bytes, the limit is " +
                          std::to_string(kMaxEntryLine) + ": keep large data out of details");
  }
  return line;
}

Result<CustodyEntry> CustodyEntry::FromLine(std::string_view line, std::string_view where) {
  if (line.size() > kMaxEntryLine) {
    return Bad(where, "entry line is " + std::to_string(line.size()) + " bytes, the limit is " +
                          std::to_string(kMaxEntryLine));
  }
  ASSIGN_OR_RETURN(Json j, ParseJson(line, where));
  if (!j.is_object()) return Bad(where, "a custody entry must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (auto f : kFields) known = known || key == f;
    if (!known) return Bad(where, "unknown field \"" + key.substr(0, 80) + "\"");
  }
  for (auto f : kFields) {
    if (!j.contains(f)) return Bad(where, "missing field \"" + std::string(f) + "\"");
  }
  const Json& v = j["v"];
  if (!v.is_number_unsigned() || v.get<uint64_t>() != 1) {
    return Bad(where, "field \"v\" must be 1 (this custodia reads custody log version 1)");
  }
  CustodyEntry e;
  ASSIGN_OR_RETURN(e.action, GetString(j, "action", where));
  if (e.action.empty()) return Bad(where, "field \"action\" is empty");
  ASSIGN_OR_RETURN(e.actor, GetString(j, "actor", where));
  ASSIGN_OR_RETURN(e.os_user, GetString(j, "os_user", where));
  ASSIGN_OR_RETURN(e.outcome, GetString(j, "outcome", where));
  ASSIGN_OR_RETURN(e.station, GetString(j, "station", where));
  const Json& reason = j["reason"];
  if (reason.is_string()) {
    e.reason = reason.get<std::string>();
  } else if (!reason.is_null()) {
    return Bad(where, "field \"reason\" must be a string or null");
  }
  const Json& seq = j["seq"];
  if (!seq.is_number_unsigned()) return Bad(where, "field \"seq\" must be a non-negative integer");
  e.seq = seq.get<uint64_t>();
  ASSIGN_OR_RETURN(std::string time, GetString(j, "time", where));
  auto t = ParseUtc(time);
  if (!t.ok()) return Bad(where, "field \"time\": " + t.status().message());
  e.time = *t;
  const Json& subjects = j["subjects"];
  if (!subjects.is_object()) return Bad(where, "field \"subjects\" must be an object");
  for (const auto& [key, value] : subjects.items()) {
    if (key != "attentions" && key != "clips") {
      return Bad(where, "unknown field \"subjects." + key.substr(0, 80) + "\"");
    }
  }
  ASSIGN_OR_RETURN(e.attentions, StringList(subjects, "attentions", where));
  ASSIGN_OR_RETURN(e.clips, StringList(subjects, "clips", where));
  RETURN_IF_ERROR(CheckClips(e.clips, where));
  if (!j["details"].is_object()) return Bad(where, "field \"details\" must be an object");
  e.details = std::move(j["details"]);
  return e;
}

}  // namespace custodia
