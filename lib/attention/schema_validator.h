// JSON Schema validation with valijson against the schemas embedded in the
// library. Used where records are few (roster rows) and by the golden tests
// that keep the compiled rules (record_rules.h) in step with the schema.
#ifndef CUSTODIA_ATTENTION_SCHEMA_VALIDATOR_H_
#define CUSTODIA_ATTENTION_SCHEMA_VALIDATOR_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "custodia/json.h"
#include "custodia/status.h"

namespace valijson {
class Schema;
class Validator;
}  // namespace valijson

namespace custodia::attention_internal {

class SchemaValidator {
 public:
  // The validator of schemas/<name> ("attention.schema.json"), parsed once
  // per process. Thread-safe.
  static Result<const SchemaValidator*> Embedded(std::string_view name);

  // Ok, or kInvalid "<where>: does not match <schema>: <path>: <why>; …".
  Status Validate(const Json& document, std::string_view where) const;

  ~SchemaValidator();

 private:
  SchemaValidator();
  std::string name_;
  std::unique_ptr<valijson::Schema> schema_;
  mutable std::mutex mu_;  // valijson's Validator caches compiled regexes
  std::unique_ptr<valijson::Validator> validator_;
};

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_SCHEMA_VALIDATOR_H_
