#include "custodia/attention.h"

namespace custodia {

std::string RowError::ToString() const {
  std::string s = file + ":" + std::to_string(line) + ":" + std::to_string(column);
  if (!field.empty()) s += " (" + field + ")";
  return s + ": " + message;
}

Json RowError::ToJson() const {
  return Json{{"column", column}, {"field", field}, {"file", file}, {"line", line}, {"message", message}};
}

}  // namespace custodia
