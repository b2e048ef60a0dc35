// An RFC 4180 reader over text already in memory: quoted fields, doubled
// quotes, delimiters and line breaks inside quotes, CRLF or LF. Hostile input
// is bounded: a record longer than max_record_bytes or with more than
// max_fields fields is reported, and reading resumes on the next line.
#ifndef CUSTODIA_ATTENTION_CSV_READER_H_
#define CUSTODIA_ATTENTION_CSV_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace custodia::attention_internal {

struct CsvRecord {
  uint64_t line = 0;                    // physical line where the record starts
  std::vector<std::string_view> fields;  // valid until the next Next()
  // A malformed record (bad quoting, too long): why, and the 1-based field
  // where it went wrong (0: the whole record). `fields` is then unusable.
  std::string error;
  int error_column = 0;
  bool Blank() const;  // every field empty or spaces: a blank line, or ";;;;"
};

class CsvReader {
 public:
  static constexpr size_t kDefaultMaxRecordBytes = 64 * 1024;
  static constexpr size_t kDefaultMaxFields = 256;

  CsvReader(std::string_view text, char delimiter, size_t max_record_bytes = kDefaultMaxRecordBytes,
            size_t max_fields = kDefaultMaxFields);
  // False at the end of the text.
  bool Next(CsvRecord* record);

 private:
  struct Span {
    size_t begin, size;
    bool in_scratch;
  };
  bool ReadQuoted(CsvRecord* record, size_t record_begin, Span* span);
  void Fail(CsvRecord* record, int column, std::string why, bool resync);
  void SkipToLineAfter(size_t pos);

  std::string_view text_;
  char delimiter_;
  size_t max_record_bytes_, max_fields_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
  uint64_t record_line_ = 1;
  size_t record_begin_ = 0;
  std::string scratch_;  // unescaped quoted fields
  std::vector<Span> spans_;
};

// The physical first line of text (without its line break).
std::string_view FirstLine(std::string_view text);

}  // namespace custodia::attention_internal

#endif  // CUSTODIA_ATTENTION_CSV_READER_H_
