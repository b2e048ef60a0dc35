#include "custodia/json.h"

#include <set>
#include <vector>

#include "custodia/encoding.h"

namespace custodia {

namespace {
Status CheckCanonicalizable(const Json& v, std::string& path) {
  switch (v.type()) {
    case Json::value_t::number_float:
      return Status::Invalid("canonical JSON has no floats (at " + (path.empty() ? std::string("/") : path) +
                             "): use integers or decimal strings");
    case Json::value_t::string:
      if (!IsValidUtf8(v.get_ref<const std::string&>())) {
        return Status::Invalid("invalid UTF-8 in string at " + (path.empty() ? std::string("/") : path));
      }
      return Status::Ok();
    case Json::value_t::object:
      for (const auto& [k, child] : v.items()) {
        if (!IsValidUtf8(k)) return Status::Invalid("invalid UTF-8 in object key under " + path);
        size_t len = path.size();
        path += "/" + k;
        RETURN_IF_ERROR(CheckCanonicalizable(child, path));
        path.resize(len);
      }
      return Status::Ok();
    case Json::value_t::array: {
      size_t i = 0;
      for (const auto& child : v) {
        size_t len = path.size();
        path += "/" + std::to_string(i++);
        RETURN_IF_ERROR(CheckCanonicalizable(child, path));
        path.resize(len);
      }
      return Status::Ok();
    }
    case Json::value_t::binary:
    case Json::value_t::discarded:
      return Status::Invalid("value cannot be represented in JSON at " + path);
    default:
      return Status::Ok();
  }
}
}  // namespace

Result<std::string> CanonicalJson(const Json& value) {
  std::string path;
  RETURN_IF_ERROR(CheckCanonicalizable(value, path));
  // dump(-1): no whitespace; ensure_ascii=false: UTF-8 kept as is; keys are
  // already sorted (std::map). strict error handler: invalid UTF-8 throws,
  // but it was checked above.
  return value.dump(-1, ' ', false, Json::error_handler_t::strict);
}

Result<Json> ParseJson(std::string_view text, std::string_view where) {
  size_t bad = FirstInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    return Status::Invalid(std::string(where) + ": invalid UTF-8 at byte " + std::to_string(bad));
  }
  // Reject duplicate keys: a signed document must have exactly one meaning.
  std::vector<std::set<std::string>> open_objects;
  std::string duplicate;
  auto cb = [&](int /*depth*/, Json::parse_event_t ev, Json& parsed) {
    switch (ev) {
      case Json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!open_objects.empty() && !open_objects.back().insert(parsed.get<std::string>()).second &&
            duplicate.empty()) {
          duplicate = parsed.get<std::string>();
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    Json j = Json::parse(text.begin(), text.end(), cb);
    if (!duplicate.empty()) {
      return Status::Invalid(std::string(where) + ": duplicate key \"" + duplicate + "\"");
    }
    return j;
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based position of the error.
    return Status::Invalid(std::string(where) + ": malformed JSON at byte " + std::to_string(e.byte) + ": " +
                           e.what());
  } catch (const Json::exception& e) {
    // e.g. a number too large for any JSON number type ("1e999"): hostile
    // input must come back as a Status, never as an exception.
    return Status::Invalid(std::string(where) + ": unusable JSON: " + e.what());
  }
}

Result<std::string> GetString(const Json& obj, std::string_view key, std::string_view where) {
  if (!obj.is_object()) return Status::Invalid(std::string(where) + ": expected a JSON object");
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Invalid(std::string(where) + ": missing field \"" + std::string(key) + "\"");
  if (!it->is_string()) return Status::Invalid(std::string(where) + ": field \"" + std::string(key) + "\" is not a string");
  return it->get<std::string>();
}

Result<int64_t> GetInt(const Json& obj, std::string_view key, std::string_view where) {
  if (!obj.is_object()) return Status::Invalid(std::string(where) + ": expected a JSON object");
  auto it = obj.find(key);
  if (it == obj.end()) return Status::Invalid(std::string(where) + ": missing field \"" + std::string(key) + "\"");
  if (!it->is_number_integer()) {
    return Status::Invalid(std::string(where) + ": field \"" + std::string(key) + "\" is not an integer");
  }
  return it->get<int64_t>();
}

}  // namespace custodia
