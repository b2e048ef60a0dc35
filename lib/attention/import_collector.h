// Where the readers (CSV, JSON Lines) hand their rows: builds each record,
// catches ids repeated within the file, keeps every error, and delivers the
// good records in file order.
#ifndef CUSTODIA_ATTENTION_IMPORT_COLLECTOR_H_
#define CUSTODIA_ATTENTION_IMPORT_COLLECTOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "attention/id_lines.h"
#include "attention/row_builder.h"
#include "custodia/attention.h"

namespace custodia::attention_internal {

class ImportCollector {
 public:
  // text: what the reader parses (it outlives the collector).
  ImportCollector(std::string_view file, std::string_view text, const ImportOptions& options, FieldNaming naming,
                  const AttentionSink* sink, AttentionImport* out);

  // A row the reader could split into fields. reader_errors: what the reader
  // already found wrong with it (their fields are marked kReported).
  void AddRow(const RawAttention& raw, std::vector<RowError> reader_errors);
  // A row that could not be split at all (bad quoting, not a JSON object).
  void AddBadRow(uint64_t line, int column, std::string field, std::string message);

  RowBuilder& builder() { return builder_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  RowBuilder builder_;
  const AttentionSink* sink_;
  AttentionImport* out_;
  IdLines first_line_of_id_;
  Attention record_;
};

// The readers. Each fills out->rows, delimiter (CSV), and feeds `rows`.
Status ReadCsvAttentions(std::string_view text, std::string_view file, ImportCollector& rows, AttentionImport* out);
Status ReadJsonlAttentions(std::string_view text, std::string_view file, ImportCollector& rows, AttentionImport* out);

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_IMPORT_COLLECTOR_H_
