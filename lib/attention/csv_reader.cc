#include "attention/csv_reader.h"

#include <algorithm>
#include <cstring>

#include "attention/text.h"

namespace custodia::attention_internal {

bool CsvRecord::Blank() const {
  for (std::string_view f : fields) {
    if (!Trim(f).empty()) return false;
  }
  return true;
}

std::string_view FirstLine(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

CsvReader::CsvReader(std::string_view text, char delimiter, size_t max_record_bytes, size_t max_fields)
    : text_(text), delimiter_(delimiter), max_record_bytes_(max_record_bytes), max_fields_(max_fields) {}

void CsvReader::SkipToLineAfter(size_t pos) {
  size_t nl = text_.find('\n', pos);
  pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
}

// Marks the record bad. resync: start again on the line after the record's
// first line (a quote that never closes swallowed the rest), else after the
// current line.
void CsvReader::Fail(CsvRecord* record, int column, std::string why, bool resync) {
  record->error = std::move(why);
  record->error_column = column;
  record->fields.clear();
  if (resync) {
    SkipToLineAfter(record_begin_);
    line_ = record_line_ + 1;
  } else {
    size_t before = pos_;
    SkipToLineAfter(pos_);
    line_ += std::count(text_.begin() + before, text_.begin() + pos_, '\n');
  }
}

bool CsvReader::ReadQuoted(CsvRecord* record, size_t record_begin, Span* span) {
  const char* p = text_.data();
  size_t n = text_.size();
  int column = static_cast<int>(spans_.size()) + 1;
  uint64_t open_line = line_;
  size_t content = ++pos_;
  bool escaped = false;
  size_t scratch_begin = scratch_.size();
  for (;;) {
    const void* q = std::memchr(p + pos_, '"', n - pos_);
    size_t qi = q ? static_cast<const char*>(q) - p : n;
    if (qi - record_begin > max_record_bytes_) {
      Fail(record, column,
           "the quoted field that starts on line " + std::to_string(open_line) + " runs past " +
               std::to_string(max_record_bytes_) + " bytes: a quote that never closes?",
           true);
      return false;
    }
    if (!q) {
      Fail(record, column,
           "the quoted field that starts on line " + std::to_string(open_line) +
               " never closes: add the closing '\"' (and write a quote inside a field as \"\")",
           true);
      return false;
    }
    line_ += std::count(p + pos_, p + qi, '\n');
    if (qi + 1 < n && p[qi + 1] == '"') {  // "" inside quotes: one literal quote
      scratch_.append(p + pos_, qi + 1 - pos_);
      pos_ = qi + 2;
      escaped = true;
      continue;
    }
    if (escaped) {
      scratch_.append(p + pos_, qi - pos_);
      *span = Span{scratch_begin, scratch_.size() - scratch_begin, true};
    } else {
      *span = Span{content, qi - content, false};
    }
    pos_ = qi + 1;
    return true;
  }
}

bool CsvReader::Next(CsvRecord* record) {
  const char* p = text_.data();
  size_t n = text_.size();
  if (pos_ >= n) return false;
  record->line = line_;
  record->fields.clear();
  record->error.clear();
  record->error_column = 0;
  record_line_ = line_;
  record_begin_ = pos_;
  scratch_.clear();
  spans_.clear();
  for (;;) {
    if (spans_.size() >= max_fields_) {
      Fail(record, 0, "more than " + std::to_string(max_fields_) + " fields", false);
      return true;
    }
    Span span;
    if (pos_ < n && p[pos_] == '"') {
      if (!ReadQuoted(record, record_begin_, &span)) return true;
      bool at_end = pos_ >= n || p[pos_] == delimiter_ || p[pos_] == '\n' ||
                    (p[pos_] == '\r' && (pos_ + 1 == n || p[pos_ + 1] == '\n'));
      if (!at_end) {
        Fail(record, static_cast<int>(spans_.size()) + 1,
             "text after the closing quote of a quoted field; inside quotes, write a quote as \"\"", false);
        return true;
      }
    } else {
      size_t begin = pos_;
      while (pos_ < n && p[pos_] != delimiter_ && p[pos_] != '\n') ++pos_;
      size_t end = pos_;
      if (end > begin && p[end - 1] == '\r' && (end == n || p[end] == '\n')) --end;  // CRLF
      span = Span{begin, end - begin, false};
    }
    spans_.push_back(span);
    if (pos_ - record_begin_ > max_record_bytes_) {
      Fail(record, 0, "the record is longer than " + std::to_string(max_record_bytes_) + " bytes", false);
      return true;
    }
    if (pos_ >= n) break;
    if (p[pos_] == delimiter_) {
      ++pos_;
      continue;
    }
    if (p[pos_] == '\r') ++pos_;
    if (pos_ < n && p[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    break;
  }
  record->fields.reserve(spans_.size());
  for (const Span& s : spans_) {
    record->fields.emplace_back(s.in_scratch ? std::string_view(scratch_).substr(s.begin, s.size)
                                             : text_.substr(s.begin, s.size));
  }
  return true;
}

}  // namespace custodia::attention_internal
