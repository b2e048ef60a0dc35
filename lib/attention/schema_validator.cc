#include "attention/schema_validator.h"

#include <map>

// valijson uses std::regex, in which g++ 12 sees maybe-uninitialized
// std::function members under -O1 + sanitizers (a false positive).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
#pragma GCC diagnostic pop

#include "attention/embedded_schemas.h"

namespace custodia::attention_internal {

SchemaValidator::SchemaValidator() = default;
SchemaValidator::~SchemaValidator() = default;

Result<const SchemaValidator*> SchemaValidator::Embedded(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<SchemaValidator>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(name);
  if (it != cache.end()) return static_cast<const SchemaValidator*>(it->second.get());
  std::string_view text = EmbeddedSchema(name);
  if (text.empty()) return Status::NotFound("no embedded schema " + std::string(name));
  ASSIGN_OR_RETURN(Json doc, ParseJson(text, "schemas/" + std::string(name)));
  std::unique_ptr<SchemaValidator> v(new SchemaValidator());
  v->name_ = std::string(name);
  v->schema_ = std::make_unique<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *v->schema_);
  } catch (const std::exception& e) {
    return Status::Invalid("schemas/" + std::string(name) + ": valijson cannot load it: " + e.what());
  }
  v->validator_ = std::make_unique<valijson::Validator>();
  const SchemaValidator* raw = v.get();
  cache.emplace(std::string(name), std::move(v));
  return raw;
}

Status SchemaValidator::Validate(const Json& document, std::string_view where) const {
  valijson::ValidationResults results;
  bool ok;
  try {
    std::lock_guard<std::mutex> lock(mu_);
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    ok = validator_->validate(*schema_, adapter, &results);
  } catch (const std::exception& e) {
    return Status::Invalid(std::string(where) + ": cannot validate against " + name_ + ": " + e.what());
  }
  if (ok) return Status::Ok();
  std::string msg = std::string(where) + ": does not match " + name_;
  valijson::ValidationResults::Error error;
  int shown = 0;
  while (results.popError(error) && shown < 8) {
    std::string path;
    for (const std::string& part : error.context) path += part;
    msg += (shown++ ? "; " : ": ") + path + ": " + error.description;
  }
  return Status::Invalid(msg);
}

}  // namespace custodia::attention_internal
