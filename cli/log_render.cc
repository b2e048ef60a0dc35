#include "log_render.h"

namespace custodia::cli {

namespace {

constexpr size_t kTableText = 60;

// A detail as text: strings as they are, numbers and booleans printed, else "".
std::string D(const Json& details, const char* key) {
  auto it = details.find(key);
  if (it == details.end() || it->is_null() || it->is_object() || it->is_array()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string Bytes(const Json& details, const char* key) {
  auto it = details.find(key);
  return it != details.end() && it->is_number_unsigned() ? HumanBytes(it->get<uint64_t>()) : D(details, key);
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string Labeled(const char* label, const std::string& value) {
  return value.empty() ? "" : std::string(label) + " " + value;
}

// Scalar details as k=v, for actions without a summary of their own.
std::string Generic(const Json& details) {
  std::vector<std::string> parts;
  for (auto it = details.begin(); it != details.end(); ++it) {
    if (!it->is_primitive() || it->is_null()) continue;
    parts.push_back(it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump()));
  }
  return Join(parts, " ");
}

std::string Counts(const Json& counts) {
  std::vector<std::string> parts;
  if (!counts.is_object()) return "";
  for (auto it = counts.begin(); it != counts.end(); ++it) {
    if (!it->is_number() || it->get<int64_t>() == 0) continue;
    parts.push_back(it.key() == "bytes" ? HumanBytes(it->get<uint64_t>()) : it->dump() + " " + it.key());
  }
  return parts.empty() ? "nothing" : Join(parts, ", ");
}

std::string Cut(std::string s, size_t max) {
  if (s.size() <= max) return s;
  size_t at = max - 1;
  while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;  // not inside a UTF-8 sequence
  return s.substr(0, at) + "…";
}

}  // namespace

std::string EntrySummary(const CustodyEntry& e) {
  const Json& d = e.details;
  const std::string& a = e.action;
  if (a == "init") return Join({Labeled("station", D(d, "station")), Labeled("time zone", D(d, "timezone")),
                                Labeled("key", D(d, "key_id"))}, ", ");
  if (a == "ingest") return Join({D(d, "original_name"), Bytes(d, "size"), Labeled("device", D(d, "device")),
                                  Labeled("officer", D(d, "officer")), D(d, "status")}, ", ");
  if (a == "duplicate") {
    std::string path = d.contains("source") && d["source"].is_object() ? D(d["source"], "path") : "";
    return Join({"the same bytes again", path, Labeled("device", D(d, "device"))}, ", ");
  }
  if (a == "wipe") return "deleted from the camera after the verified copy: " + D(d, "path");
  if (a == "receipt") return "offload " + D(d, "offload_id") + ": " + Counts(d.value("counts", Json::object()));
  if (a == "abandon") {
    size_t n = d.contains("files") && d["files"].is_array() ? d["files"].size() : 0;
    return "removed " + std::to_string(n) + " partial file(s) of an interrupted command (tmp/" + D(d, "tmp") + ")";
  }
  if (a == "truncate") return "cut a torn final line: " + D(d, "bytes") + " bytes at offset " + D(d, "offset");
  if (a == "import") {
    return D(d, "file_name") + ": " + D(d, "records") + " records (" + D(d, "new") + " new, " + D(d, "revised") +
           " revised, " + D(d, "unchanged") + " unchanged, " + D(d, "skipped") + " skipped)";
  }
  if (a == "revision") {
    return "version " + D(d, "old_version") + " -> " + D(d, "new_version") + " from " + D(d, "file_name") +
           Labeled(" line", D(d, "line"));
  }
  if (a == "roster") {
    return D(d, "file_name") + ": " + D(d, "entries") + " rows, " + D(d, "devices") + " devices, " +
           D(d, "officers") + " officers";
  }
  if (a == "link" || a == "unlink") return Join({D(d, "method"), D(d, "rule")}, ", ");
  if (a == "amend") return D(d, "field") + ": " + D(d, "old") + " -> " + D(d, "new");
  if (a == "show") return d.value("read_data", false) ? "with every byte read" : "";
  if (a == "verify" && D(d, "scope") == "log") {
    size_t external = d.contains("external_checkpoints") ? d["external_checkpoints"].size() : 0;
    return "custody log intact: " + D(d, "entries") + " entries" +
           (external ? ", checked against " + std::to_string(external) + " published checkpoint(s)" : "");
  }
  if (a == "verify") {
    return D(d, "scope") + ": " + D(d, "checked") + " checked, " + D(d, "ok") + " ok, " + D(d, "failed") + " failed" +
           (d.value("read_data", false) ? ", every byte read" : "");
  }
  if (a == "key") {
    return "station key " + D(d, "old_key_id") + " -> " + D(d, "new_key_id") +
           (d.value("resumed", false) ? " (finished after an interruption)" : "");
  }
  return Generic(d);
}

Json EntryRow(const CustodyEntry& e, bool full) {
  std::vector<std::string> subjects;
  for (const auto& c : e.clips) subjects.push_back(full ? c : c.substr(0, 12));
  for (const auto& a : e.attentions) subjects.push_back(a);
  std::string who = e.actor == e.os_user ? e.actor : e.actor + " (os: " + e.os_user + ")";
  auto text = [full](std::string s) { return full ? s : Cut(std::move(s), kTableText); };
  return Json{{"seq", e.seq},
              {"time", FormatUtc(e.time)},
              {"action", e.action},
              {"actor", e.actor},
              {"os_user", e.os_user},
              {"who", who},
              {"subjects", Join(subjects, full ? "|" : " ")},
              {"outcome", e.outcome},
              {"reason", e.reason ? Json(text(*e.reason)) : Json(nullptr)},
              {"summary", text(EntrySummary(e))}};
}

std::vector<Column> EntryTableColumns() {
  return {{"SEQ", "seq", Column::kInt},         {"TIME", "time", Column::kTime},
          {"ACTION", "action", Column::kText},  {"ACTOR", "who", Column::kText},
          {"SUBJECTS", "subjects", Column::kText}, {"OUTCOME", "outcome", Column::kText},
          {"REASON", "reason", Column::kText},  {"DETAILS", "summary", Column::kText}};
}

std::vector<Column> EntryCsvColumns() {
  return {{"seq", "seq", Column::kInt},           {"time", "time", Column::kTime},
          {"action", "action", Column::kText},    {"actor", "actor", Column::kText},
          {"os_user", "os_user", Column::kText},  {"subjects", "subjects", Column::kText},
          {"outcome", "outcome", Column::kText},  {"reason", "reason", Column::kText},
          {"summary", "summary", Column::kText}};
}

}  // namespace custodia::cli
