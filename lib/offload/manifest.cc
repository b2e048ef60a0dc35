#include "offload/manifest.h"

namespace custodia {

namespace {
Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
std::string OrEmpty(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}
}  // namespace

Json BuildManifest(const ManifestFacts& f, const ProbeResult& probe) {
  int64_t dur = probe.duration_ms;
  std::optional<TimeMs> start, end;
  std::string source = "none";
  if (probe.creation_time) {
    start = *probe.creation_time;
    source = "creation_time";
  } else if (f.profile_start) {
    start = *f.profile_start;
    source = "profile";
  } else if (f.original_mtime > 0) {
    end = f.original_mtime;  // mtime marks the end of the recording
    source = "mtime";
    start = dur >= 0 ? *end - dur : *end;
  }
  if (start && !end) end = dur >= 0 ? *start + dur : *start;

  Json sidecars = Json::array();
  for (const auto& s : f.sidecars) sidecars.push_back(Json{{"name", s.name}, {"sha256", s.sha256}, {"size", s.size}});
  Json media = probe.ToJson();
  return Json{{"schema", "custodia.clip/1"},
              {"sha256", f.sha256},
              {"size", f.size},
              {"original", Json{{"name", f.original_name},
                                {"path", f.original_path},
                                {"mtime", f.original_mtime > 0 ? Json(FormatUtc(f.original_mtime)) : Json(nullptr)}}},
              {"device", OrNull(f.device)},
              {"officer", OrNull(f.officer)},
              {"officer_source", f.officer_source},
              {"recorded", Json{{"start", start ? Json(FormatUtc(*start)) : Json(nullptr)},
                                {"end", end ? Json(FormatUtc(*end)) : Json(nullptr)},
                                {"source", source}}},
              {"media", media},
              {"sidecars", sidecars},
              {"profile", f.profile},
              {"station", f.station},
              {"offload_id", f.offload_id},
              {"ingested_at", FormatUtc(f.ingested_at)},
              {"custodia_version", CUSTODIA_VERSION}};
}

Result<Json> IngestDetails(const Json& m, const std::string& manifest_sha256, uint64_t source_size,
                           int64_t source_mtime_ns) {
  const char* where = "clip manifest";
  // A manifest is read back from disk (fsck --repair, a resumed offload):
  // check every shape before use, never let the JSON library throw.
  if (!m.is_object()) return Status::Invalid(std::string(where) + ": expected a JSON object");
  for (const char* key : {"original", "recorded", "media"}) {
    if (!m.contains(key) || !m.at(key).is_object()) {
      return Status::Invalid(std::string(where) + ": field \"" + key + "\" is missing or not an object");
    }
  }
  const Json& original = m.at("original");
  const Json& recorded = m.at("recorded");
  const Json& media = m.at("media");
  std::string start = OrEmpty(recorded, "start"), end = OrEmpty(recorded, "end");
  Json problems = media.contains("problems") && media.at("problems").is_array() ? media.at("problems") : Json::array();
  auto duration = media.find("duration_ms");
  int64_t duration_ms = duration != media.end() && duration->is_number_integer() ? duration->get<int64_t>() : -1;
  auto sidecars = m.find("sidecars");
  ASSIGN_OR_RETURN(int64_t size, GetInt(m, "size", where));
  Json d{{"manifest_sha256", manifest_sha256},
         {"size", size},
         {"device", OrEmpty(m, "device")},
         {"officer", OrEmpty(m, "officer")},
         {"officer_source", OrEmpty(m, "officer_source")},
         {"start", start.empty() ? FormatUtc(0) : start},
         {"end", end.empty() ? (start.empty() ? FormatUtc(0) : start) : end},
         {"recorded_source", OrEmpty(recorded, "source")},
         {"status", OrEmpty(media, "status")},
         {"container", OrEmpty(media, "container")},
         {"duration_ms", duration_ms},
         {"original_name", OrEmpty(original, "name")},
         {"original_path", OrEmpty(original, "path")},
         {"offload_id", OrEmpty(m, "offload_id")},
         {"ingested_at", OrEmpty(m, "ingested_at")},
         {"problems", problems},
         {"sidecars", sidecars != m.end() && sidecars->is_array() ? *sidecars : Json::array()},
         {"source", Json{{"path", OrEmpty(original, "path")}, {"size", source_size}, {"mtime_ns", source_mtime_ns}}}};
  return d;
}

Result<ClipFacts> ClipFactsOf(const Json& m) {
  const char* where = "clip manifest";
  if (!m.is_object()) return Status::Invalid(std::string(where) + ": expected a JSON object");
  ClipFacts f;
  ASSIGN_OR_RETURN(f.sha256_hex, GetString(m, "sha256", where));
  ASSIGN_OR_RETURN(int64_t size, GetInt(m, "size", where));
  f.size = uint64_t(size);
  ASSIGN_OR_RETURN(f.station, GetString(m, "station", where));
  f.device = OrEmpty(m, "device");
  f.officer = OrEmpty(m, "officer");
  std::string start = m.contains("recorded") && m.at("recorded").is_object() ? OrEmpty(m.at("recorded"), "start") : "";
  if (!start.empty()) {
    ASSIGN_OR_RETURN(f.start, ParseUtc(start));
  }
  ASSIGN_OR_RETURN(std::string ingested, GetString(m, "ingested_at", where));
  ASSIGN_OR_RETURN(f.ingested, ParseUtc(ingested));
  return f;
}

}  // namespace custodia
