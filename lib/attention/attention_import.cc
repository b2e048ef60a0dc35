// ParseAttentions: decoding, format detection, and the file-level checks
// around the CSV and JSON Lines readers.
#include "attention/import_collector.h"
#include "attention/text_decoding.h"

namespace custodia {

using namespace attention_internal;

namespace {

std::string LowerExtension(std::string_view file) {
  size_t slash = file.find_last_of('/');
  size_t dot = file.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  std::string ext(file.substr(dot + 1));
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

// By extension; else by the first character that is not white space.
ImportFormat DetectFormat(std::string_view text, std::string_view file) {
  std::string ext = LowerExtension(file);
  if (ext == "csv") return ImportFormat::kCsv;
  if (ext == "jsonl" || ext == "ndjson" || ext == "json") return ImportFormat::kJsonl;
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{' ? ImportFormat::kJsonl : ImportFormat::kCsv;
}

// "[{…},{…}]" or a pretty-printed array, rather than JSON Lines whose first
// line happens to be an array (a row error).
bool LooksLikeJsonArray(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  size_t last = text.find_last_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '[' && text[last] == ']';
}

Result<AttentionImport> Parse(std::string_view data, std::string_view file, const ImportOptions& options,
                              const AttentionSink* sink) {
  ASSIGN_OR_RETURN(DecodedText decoded, DecodeText(data, file, options.encoding, EncodingAdvice::kEncodingOption));
  std::string_view text = decoded.text;
  AttentionImport out;
  out.format = options.format == ImportFormat::kAuto ? DetectFormat(text, file) : options.format;
  bool csv = out.format == ImportFormat::kCsv;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return Status::Invalid(std::string(file) + ": the file is empty" +
                               (data.empty() ? std::string(" (0 bytes)") : " (only white space)"),
                           csv ? "a CSV file starts with a header line: "
                                 "id,module,zone,category,subcategory,opened_at,closed_at,officers,agencies,address,lat,lon,summary"
                               : "a JSON Lines file has one attention object per line");
  }
  if (!csv && LooksLikeJsonArray(text)) {
    return Status::Invalid(std::string(file) + ":1:1: the file is a JSON array; custodia reads JSON Lines",
                           "write one attention object per line, without the enclosing [ ] and commas "
                           "(e.g. jq -c '.[]' FILE > FILE.jsonl)");
  }
  ImportCollector rows(file, text, options, csv ? FieldNaming::kCsv : FieldNaming::kJson, sink, &out);
  if (csv) {
    RETURN_IF_ERROR(ReadCsvAttentions(text, file, rows, &out));
  } else {
    RETURN_IF_ERROR(ReadJsonlAttentions(text, file, rows, &out));
  }
  if (out.rows == 0) {
    return Status::Invalid(std::string(file) + (csv ? ": the file has a header but no rows"
                                                    : ": the file has no attention records (only blank lines)"),
                           "nothing to import");
  }
  return out;
}

}  // namespace

Result<AttentionImport> ParseAttentions(std::string_view data, std::string_view file_name,
                                        const ImportOptions& options) {
  return Parse(data, file_name, options, nullptr);
}

Result<AttentionImport> ParseAttentionsStreaming(std::string_view data, std::string_view file_name,
                                                 const ImportOptions& options, const AttentionSink& on_record) {
  return Parse(data, file_name, options, &on_record);
}

}  // namespace custodia
