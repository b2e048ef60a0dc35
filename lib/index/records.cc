// JSON forms of the index records (what the index stores as values; also the
// shape of `clips --json` items).
#include "custodia/index.h"

namespace custodia {

namespace {
Json StringList(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

Result<std::vector<std::string>> GetStringList(const Json& j, std::string_view key, std::string_view where) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) {
    return Status::Invalid(std::string(where) + ": field \"" + std::string(key) + "\" must be an array");
  }
  std::vector<std::string> out;
  for (const auto& e : *it) {
    if (!e.is_string()) return Status::Invalid(std::string(where) + ": \"" + std::string(key) + "\" holds a non-string");
    out.push_back(e.get<std::string>());
  }
  return out;
}

Result<TimeMs> GetTime(const Json& j, std::string_view key, std::string_view where) {
  ASSIGN_OR_RETURN(std::string s, GetString(j, key, where));
  auto t = ParseUtc(s);
  if (!t.ok()) return Status::Invalid(std::string(where) + ": field \"" + std::string(key) + "\": " + t.status().message());
  return t.value();
}
}  // namespace

Json ClipRecord::ToJson() const {
  return Json{{"sha256", sha256},
              {"size", size},
              {"device", device},
              {"officer", officer},
              {"officer_source", officer_source},
              {"start", FormatUtc(start)},
              {"end", FormatUtc(end)},
              {"recorded_source", recorded_source},
              {"status", status},
              {"container", container},
              {"duration_ms", duration_ms},
              {"original_name", original_name},
              {"original_path", original_path},
              {"offload_id", offload_id},
              {"ingested_at", FormatUtc(ingested_at)},
              {"seq", seq},
              {"problems", StringList(problems)},
              {"sidecars", sidecars}};
}

Result<ClipRecord> ClipRecord::FromJson(const Json& j, std::string_view where) {
  ClipRecord r;
  ASSIGN_OR_RETURN(r.sha256, GetString(j, "sha256", where));
  ASSIGN_OR_RETURN(int64_t size, GetInt(j, "size", where));
  r.size = uint64_t(size);
  ASSIGN_OR_RETURN(r.device, GetString(j, "device", where));
  ASSIGN_OR_RETURN(r.officer, GetString(j, "officer", where));
  ASSIGN_OR_RETURN(r.officer_source, GetString(j, "officer_source", where));
  ASSIGN_OR_RETURN(r.start, GetTime(j, "start", where));
  ASSIGN_OR_RETURN(r.end, GetTime(j, "end", where));
  ASSIGN_OR_RETURN(r.recorded_source, GetString(j, "recorded_source", where));
  ASSIGN_OR_RETURN(r.status, GetString(j, "status", where));
  ASSIGN_OR_RETURN(r.container, GetString(j, "container", where));
  ASSIGN_OR_RETURN(r.duration_ms, GetInt(j, "duration_ms", where));
  ASSIGN_OR_RETURN(r.original_name, GetString(j, "original_name", where));
  ASSIGN_OR_RETURN(r.original_path, GetString(j, "original_path", where));
  ASSIGN_OR_RETURN(r.offload_id, GetString(j, "offload_id", where));
  ASSIGN_OR_RETURN(r.ingested_at, GetTime(j, "ingested_at", where));
  ASSIGN_OR_RETURN(int64_t seq, GetInt(j, "seq", where));
  r.seq = uint64_t(seq);
  ASSIGN_OR_RETURN(r.problems, GetStringList(j, "problems", where));
  auto it = j.find("sidecars");
  if (it != j.end() && it->is_array()) r.sidecars = *it;
  return r;
}

Json AttentionState::ToJson() const {
  return Json{{"record", record.ToJson()},
              {"version", version},
              {"content_hash", content_hash},
              {"seq", seq},
              {"import_sha256", import_sha},
              {"updated", FormatUtc(updated)}};
}

Result<AttentionState> AttentionState::FromJson(const Json& j, std::string_view where) {
  AttentionState s;
  auto it = j.find("record");
  if (it == j.end()) return Status::Invalid(std::string(where) + ": missing record");
  ASSIGN_OR_RETURN(s.record, Attention::FromJson(*it, where));
  ASSIGN_OR_RETURN(s.version, GetInt(j, "version", where));
  ASSIGN_OR_RETURN(s.content_hash, GetString(j, "content_hash", where));
  ASSIGN_OR_RETURN(int64_t seq, GetInt(j, "seq", where));
  s.seq = uint64_t(seq);
  ASSIGN_OR_RETURN(s.import_sha, GetString(j, "import_sha256", where));
  ASSIGN_OR_RETURN(s.updated, GetTime(j, "updated", where));
  return s;
}

Json LinkRecord::ToJson() const {
  return Json{{"clip", clip},     {"attention", attention}, {"method", method}, {"rule", rule},
              {"actor", actor},   {"time", FormatUtc(time)}, {"reason", reason}, {"seq", seq}};
}

Result<LinkRecord> LinkRecord::FromJson(const Json& j, std::string_view where) {
  LinkRecord l;
  ASSIGN_OR_RETURN(l.clip, GetString(j, "clip", where));
  ASSIGN_OR_RETURN(l.attention, GetString(j, "attention", where));
  ASSIGN_OR_RETURN(l.method, GetString(j, "method", where));
  ASSIGN_OR_RETURN(l.rule, GetString(j, "rule", where));
  ASSIGN_OR_RETURN(l.actor, GetString(j, "actor", where));
  ASSIGN_OR_RETURN(l.time, GetTime(j, "time", where));
  ASSIGN_OR_RETURN(l.reason, GetString(j, "reason", where));
  ASSIGN_OR_RETURN(int64_t seq, GetInt(j, "seq", where));
  l.seq = uint64_t(seq);
  return l;
}

std::string_view AttDimName(AttDim d) {
  switch (d) {
    case AttDim::kModule: return "module";
    case AttDim::kZone: return "zone";
    case AttDim::kCategory: return "category";
    case AttDim::kOfficer: return "officer";
    case AttDim::kModuleCategory: return "module+category";
  }
  return "?";
}

}  // namespace custodia
