#include "attention/row_builder.h"

#include "attention/import_time.h"
#include "attention/text.h"

namespace custodia::attention_internal {

namespace {

// Trimmed text; line breaks normalized so CRLF and LF exports hash the same.
std::string CleanText(std::string_view s) {
  s = Trim(s);
  if (s.find('\r') == std::string_view::npos) return std::string(s);
  return NormalizeNewlines(s);
}

void SplitList(const RawValue& v, std::vector<std::string>* out) {
  out->clear();
  if (v.items) {
    for (const std::string& item : *v.items) out->push_back(CleanText(item));
    return;
  }
  std::string_view s = Trim(v.text);
  if (s.empty()) return;
  for (;;) {
    size_t bar = s.find('|');
    out->push_back(CleanText(s.substr(0, bar)));
    if (bar == std::string_view::npos) break;
    s.remove_prefix(bar + 1);
  }
}

// Digits as written, with an optional '-'; at most 18 digits.
bool ParseInteger(std::string_view s, int64_t* v) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return false;
  int64_t x = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    x = x * 10 + (c - '0');
  }
  *v = neg ? -x : x;
  return true;
}

// Coordinates keep their digits exactly; a decimal comma (Spanish-locale
// spreadsheets) becomes a point.
std::string CleanCoordinate(std::string_view s) {
  std::string out(Trim(s));
  if (out.find(',') != std::string::npos && out.find('.') == std::string::npos) {
    out[out.find(',')] = '.';
  }
  return out;
}

}  // namespace

RowError RowBuilder::Error(uint64_t line, const RawValue& value, Field f, std::string message) const {
  RowError e;
  e.file = file_;
  e.line = line;
  e.column = value.column;
  e.field = std::string(naming_ == FieldNaming::kCsv ? FieldName(f) : JsonFieldName(f));
  e.message = std::move(message);
  return e;
}

bool RowBuilder::Required(const RawAttention& raw, Field f, std::vector<RowError>* errors) const {
  const RawValue& v = raw[f];
  if (v.state == RawValue::kReported) return false;
  bool empty = v.state == RawValue::kAbsent || (v.items ? v.items->empty() : Trim(v.text).empty());
  if (!empty) return true;
  std::string name(naming_ == FieldNaming::kCsv ? FieldName(f) : JsonFieldName(f));
  errors->push_back(Error(raw.line, v, f,
                          name + (v.state == RawValue::kAbsent && naming_ == FieldNaming::kJson ? " is missing"
                                                                                                  : " is empty") +
                              "; every attention needs " +
                              (f == Field::kOfficers ? std::string("at least one officer id") : "one")));
  return false;
}

bool RowBuilder::Build(const RawAttention& raw, Attention* a, std::vector<RowError>* errors) {
  size_t errors_before = errors->size();
  bool failed[kFieldCount] = {};
  auto fail = [&](Field f, std::string message) {
    failed[static_cast<int>(f)] = true;
    errors->push_back(Error(raw.line, raw[f], f, std::move(message)));
  };
  for (int i = 0; i < kFieldCount; ++i) {
    if (raw.values[i].state == RawValue::kReported) failed[i] = true;
  }
  for (Field f : {Field::kId, Field::kModule, Field::kZone, Field::kCategory, Field::kOpenedAt, Field::kClosedAt,
                  Field::kOfficers}) {
    if (!failed[static_cast<int>(f)] && !Required(raw, f, errors)) failed[static_cast<int>(f)] = true;
  }
  auto ok = [&](Field f) { return !failed[static_cast<int>(f)]; };

  a->id = std::string(Trim(raw[Field::kId].text));
  a->module = CleanText(raw[Field::kModule].text);
  a->zone = 0;
  if (ok(Field::kZone)) {
    std::string_view zone = Trim(raw[Field::kZone].text);
    if (!ParseInteger(zone, &a->zone)) fail(Field::kZone, "zone must be a whole number (e.g. 4), not " + Quote(zone));
  }
  a->category.clear();
  if (ok(Field::kCategory)) {
    auto category = NormalizeCategory(Trim(raw[Field::kCategory].text));
    if (category.ok()) {
      a->category = std::move(category).value();
    } else {
      fail(Field::kCategory, category.status().message());
    }
  }
  a->subcategory = CleanText(raw[Field::kSubcategory].text);
  for (Field f : {Field::kOpenedAt, Field::kClosedAt}) {
    TimeMs& t = f == Field::kOpenedAt ? a->opened_at : a->closed_at;
    t = 0;
    if (!ok(f)) continue;
    auto parsed = ParseImportTime(Trim(raw[f].text), tz_, BareDate::kReject);
    if (parsed.ok()) {
      t = *parsed;
    } else {
      fail(f, parsed.status().message());
    }
  }
  SplitList(raw[Field::kOfficers], &a->officers);
  SplitList(raw[Field::kAgencies], &a->agencies);
  a->address = CleanText(raw[Field::kAddress].text);
  a->lat = CleanCoordinate(raw[Field::kLat].text);
  a->lon = CleanCoordinate(raw[Field::kLon].text);
  a->summary = CleanText(raw[Field::kSummary].text);

  std::vector<FieldProblem> problems;
  CheckSchemaRules(*a, &problems);
  for (FieldProblem& p : problems) {
    // A field that failed to convert holds a placeholder: its own error says why.
    if (ok(p.field)) fail(p.field, std::move(p.message));
  }
  if (ok(Field::kOpenedAt) && ok(Field::kClosedAt) && a->closed_at < a->opened_at) {
    fail(Field::kClosedAt, ClosedBeforeOpenedMessage(Trim(raw[Field::kClosedAt].text), Trim(raw[Field::kOpenedAt].text)));
  }
  return errors->size() == errors_before;
}

}  // namespace custodia::attention_internal
