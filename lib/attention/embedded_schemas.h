// The JSON Schemas of schemas/ that this module validates against, compiled
// into the library (lib/attention/schemas.cmake generates the table).
#ifndef CUSTODIA_ATTENTION_EMBEDDED_SCHEMAS_H_
#define CUSTODIA_ATTENTION_EMBEDDED_SCHEMAS_H_

#include <string_view>

namespace custodia::attention_internal {

// The text of schemas/<name> ("attention.schema.json"), or "" if not embedded.
std::string_view EmbeddedSchema(std::string_view name);

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_EMBEDDED_SCHEMAS_H_
