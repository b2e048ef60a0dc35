#include "attention/import_collector.h"

#include <algorithm>

#include "attention/text.h"

namespace custodia::attention_internal {

ImportCollector::ImportCollector(std::string_view file, std::string_view text, const ImportOptions& options,
                                 FieldNaming naming, const AttentionSink* sink, AttentionImport* out)
    : file_(file), builder_(file, options.tz, naming), sink_(sink), out_(out), first_line_of_id_(text) {}

void ImportCollector::AddRow(const RawAttention& raw, std::vector<RowError> errors) {
  ++out_->rows;
  bool good = builder_.Build(raw, &record_, &errors) && errors.empty();
  // Every well-formed id takes part, even on a bad row: both rows need fixing.
  const RawValue& id = raw[Field::kId];
  std::string_view id_text = Trim(id.text);
  if (id.state == RawValue::kPresent && IsValidAttentionId(id_text)) {
    uint64_t earlier = first_line_of_id_.FindOrInsert(id_text, raw.line);
    if (earlier != 0) {
      errors.push_back(builder_.Error(raw.line, id, Field::kId,
                                      "duplicate id " + Quote(id_text) + ": line " + std::to_string(earlier) +
                                          " already has it; ids must be unique within a file"));
      good = false;
    }
  }
  if (good) {
    if (sink_) {
      (*sink_)(std::move(record_), raw.line);
    } else {
      out_->records.push_back(std::move(record_));
      out_->record_lines.push_back(raw.line);
    }
    return;
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const RowError& a, const RowError& b) { return a.column < b.column; });
  for (RowError& e : errors) out_->errors.push_back(std::move(e));
}

void ImportCollector::AddBadRow(uint64_t line, int column, std::string field, std::string message) {
  ++out_->rows;
  RowError e;
  e.file = file_;
  e.line = line;
  e.column = column;
  e.field = std::move(field);
  e.message = std::move(message);
  out_->errors.push_back(std::move(e));
}

}  // namespace custodia::attention_internal
