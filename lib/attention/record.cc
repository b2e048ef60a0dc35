// The canonical attention record: its JSON shape, its content hash, and
// reading it back (FromJson is the compiled validator of
// schemas/attention.schema.json for stored records and bundles).
#include <chrono>
#include <cstdio>

#include <date/date.h>

#include "attention/record_rules.h"
#include "attention/text.h"
#include "custodia/attention.h"
#include "custodia/hash.h"

namespace custodia {

using attention_internal::Field;
using attention_internal::FieldProblem;
using attention_internal::JsonFieldName;

namespace {

// JSON string escaping exactly as CanonicalJson (nlohmann dump, ensure_ascii
// off) does it: ", \ and control characters; \b \f \n \r \t short forms.
void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void AppendStringArray(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, items[i]);
  }
  out += ']';
}

// FormatUtc(t) inside quotes, without snprintf: the canonical text of a
// million records formats two million times (record_test checks the two agree).
void AppendUtc(std::string& out, TimeMs t) {
  if (t < attention_internal::kMinTime || t > attention_internal::kMaxTime) {
    out += '"' + FormatUtc(t) + '"';
    return;
  }
  auto tp = date::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(t));
  auto day = date::floor<date::days>(tp);
  date::year_month_day ymd(day);
  int64_t ms_of_day = (tp - day).count();
  char buf[26];
  auto put = [&](int pos, int64_t v, int digits) {
    for (int i = digits - 1; i >= 0; --i, v /= 10) buf[pos + i] = static_cast<char>('0' + v % 10);
  };
  buf[0] = '"';
  put(1, int(ymd.year()), 4);
  buf[5] = '-';
  put(6, unsigned(ymd.month()), 2);
  buf[8] = '-';
  put(9, unsigned(ymd.day()), 2);
  buf[11] = 'T';
  put(12, ms_of_day / 3600000, 2);
  buf[14] = ':';
  put(15, ms_of_day / 60000 % 60, 2);
  buf[17] = ':';
  put(18, ms_of_day / 1000 % 60, 2);
  buf[20] = '.';
  put(21, ms_of_day % 1000, 3);
  buf[24] = 'Z';
  buf[25] = '"';
  out.append(buf, sizeof buf);
}

Status FieldError(std::string_view where, std::string_view field, std::string_view why) {
  return Status::Invalid(std::string(where) + " (" + std::string(field) + "): " + std::string(why));
}

Result<std::string> ReadString(const Json& obj, std::string_view key, std::string_view field,
                               std::string_view where) {
  auto it = obj.find(key);
  if (it == obj.end()) return FieldError(where, field, "missing");
  if (!it->is_string()) return FieldError(where, field, "must be a string");
  return it->get<std::string>();
}

Result<std::vector<std::string>> ReadStringArray(const Json& obj, std::string_view key, std::string_view where) {
  auto it = obj.find(key);
  if (it == obj.end()) return FieldError(where, key, "missing");
  if (!it->is_array()) return FieldError(where, key, "must be an array of strings");
  std::vector<std::string> items;
  for (const Json& item : *it) {
    if (!item.is_string()) return FieldError(where, key, "must be an array of strings");
    items.push_back(item.get<std::string>());
  }
  return items;
}

// Canonical UTC text only, and only dates that exist (ParseUtc checks the
// calendar; the round trip rejects a leap second written as :60).
Result<TimeMs> ReadTime(const Json& obj, std::string_view key, std::string_view where) {
  ASSIGN_OR_RETURN(std::string text, ReadString(obj, key, key, where));
  auto t = ParseUtc(text);
  if (!t.ok() || FormatUtc(*t) != text) {
    return FieldError(where, key, "not a canonical UTC time (YYYY-MM-DDTHH:MM:SS.mmmZ): " +
                                      attention_internal::Quote(text));
  }
  return *t;
}

Status RejectUnknownKeys(const Json& obj, std::initializer_list<std::string_view> keys, std::string_view prefix,
                         std::string_view where) {
  for (const auto& [k, v] : obj.items()) {
    bool known = false;
    for (std::string_view key : keys) known |= k == key;
    if (!known) return FieldError(where, std::string(prefix) + k, "unknown field");
  }
  return Status::Ok();
}

}  // namespace

bool IsValidAttentionId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

Json Attention::ToJson() const {
  Json j = Json::object();
  j["agencies"] = agencies;
  j["category"] = category;
  j["closed_at"] = FormatUtc(closed_at);
  j["id"] = id;
  j["location"] = Json{{"address", address}, {"lat", lat}, {"lon", lon}};
  j["module"] = module;
  j["officers"] = officers;
  j["opened_at"] = FormatUtc(opened_at);
  j["subcategory"] = subcategory;
  j["summary"] = summary;
  j["zone"] = zone;
  return j;
}

std::string Attention::ToCanonicalJson() const {
  std::string out;
  out.reserve(256 + summary.size() + address.size());
  out += "{\"agencies\":";
  AppendStringArray(out, agencies);
  out += ",\"category\":";
  AppendJsonString(out, category);
  out += ",\"closed_at\":";
  AppendUtc(out, closed_at);
  out += ",\"id\":";
  AppendJsonString(out, id);
  out += ",\"location\":{\"address\":";
  AppendJsonString(out, address);
  out += ",\"lat\":";
  AppendJsonString(out, lat);
  out += ",\"lon\":";
  AppendJsonString(out, lon);
  out += "},\"module\":";
  AppendJsonString(out, module);
  out += ",\"officers\":";
  AppendStringArray(out, officers);
  out += ",\"opened_at\":";
  AppendUtc(out, opened_at);
  out += ",\"subcategory\":";
  AppendJsonString(out, subcategory);
  out += ",\"summary\":";
  AppendJsonString(out, summary);
  out += ",\"zone\":" + std::to_string(zone) + "}";
  return out;
}

std::string Attention::ContentHash() const { return HexOf(Sha256::Of(ToCanonicalJson())); }

Result<Attention> Attention::FromJson(const Json& j, std::string_view where) {
  if (!j.is_object()) return Status::Invalid(std::string(where) + ": an attention must be a JSON object");
  RETURN_IF_ERROR(RejectUnknownKeys(j, {"agencies", "category", "closed_at", "id", "location", "module", "officers",
                                        "opened_at", "subcategory", "summary", "zone"},
                                    "", where));
  Attention a;
  ASSIGN_OR_RETURN(a.id, ReadString(j, "id", "id", where));
  ASSIGN_OR_RETURN(a.module, ReadString(j, "module", "module", where));
  auto zone = j.find("zone");
  if (zone == j.end()) return FieldError(where, "zone", "missing");
  if (!zone->is_number_integer()) return FieldError(where, "zone", "must be an integer");
  if (zone->is_number_unsigned() && zone->get<uint64_t>() > uint64_t(INT64_MAX)) {
    return FieldError(where, "zone", "is out of range");
  }
  a.zone = zone->get<int64_t>();
  ASSIGN_OR_RETURN(a.category, ReadString(j, "category", "category", where));
  ASSIGN_OR_RETURN(a.subcategory, ReadString(j, "subcategory", "subcategory", where));
  ASSIGN_OR_RETURN(a.opened_at, ReadTime(j, "opened_at", where));
  ASSIGN_OR_RETURN(a.closed_at, ReadTime(j, "closed_at", where));
  ASSIGN_OR_RETURN(a.officers, ReadStringArray(j, "officers", where));
  ASSIGN_OR_RETURN(a.agencies, ReadStringArray(j, "agencies", where));
  auto loc = j.find("location");
  if (loc == j.end()) return FieldError(where, "location", "missing");
  if (!loc->is_object()) return FieldError(where, "location", "must be an object {address, lat, lon}");
  RETURN_IF_ERROR(RejectUnknownKeys(*loc, {"address", "lat", "lon"}, "location.", where));
  ASSIGN_OR_RETURN(a.address, ReadString(*loc, "address", "location.address", where));
  ASSIGN_OR_RETURN(a.lat, ReadString(*loc, "lat", "location.lat", where));
  ASSIGN_OR_RETURN(a.lon, ReadString(*loc, "lon", "location.lon", where));
  ASSIGN_OR_RETURN(a.summary, ReadString(j, "summary", "summary", where));

  std::vector<FieldProblem> problems;
  attention_internal::CheckSchemaRules(a, &problems);
  attention_internal::CheckOrderRules(a, &problems);
  if (!problems.empty()) return FieldError(where, JsonFieldName(problems[0].field), problems[0].message);
  return a;
}

}  // namespace custodia
