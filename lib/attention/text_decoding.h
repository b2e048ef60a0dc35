// Turning the bytes of an import file into the UTF-8 text the readers parse:
// BOM, UTF-16, invalid UTF-8 (Windows-1252 exports from Excel are the usual
// cause), and Windows-1252 conversion when the user asked for it.
#ifndef CUSTODIA_ATTENTION_TEXT_DECODING_H_
#define CUSTODIA_ATTENTION_TEXT_DECODING_H_

#include <string>
#include <string_view>

#include "custodia/attention.h"
#include "custodia/status.h"

namespace custodia::attention_internal {

struct DecodedText {
  std::string owned;      // the converted text, when a conversion was needed
  std::string_view text;  // UTF-8 without a BOM: into `owned` or into the input
};

// How the error for invalid UTF-8 tells the user to fix it.
enum class EncodingAdvice {
  kEncodingOption,  // "re-run with --encoding windows-1252" (import attentions)
  kConvertFile,     // "convert it to UTF-8 with iconv" (roster import: no option)
};

// File-level problems are kInvalid statuses naming file:line:column.
// Note: the result may point into `data`, which must outlive it.
Result<DecodedText> DecodeText(std::string_view data, std::string_view file, TextEncoding encoding,
                               EncodingAdvice advice);

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_TEXT_DECODING_H_
