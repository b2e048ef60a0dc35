// JSON Lines attention files: one object per line, in the shape of
// schemas/attention-import-line.schema.json. Parsed with nlohmann's SAX
// interface, straight into a flat record (no DOM per line), so that numbers
// keep the digits they were written with (lat/lon never go through double).
#include <array>

#include "attention/import_collector.h"
#include "attention/text.h"
#include "custodia/json.h"

namespace custodia::attention_internal {

namespace {

constexpr size_t kMaxLineBytes = 64 * 1024;
constexpr size_t kMaxDepth = 16;

enum class Kind { kAbsent, kNull, kBool, kInteger, kFloat, kString, kArray, kObject };

std::string_view KindName(Kind k) {
  switch (k) {
    case Kind::kNull: return "null";
    case Kind::kBool: return "true/false";
    case Kind::kInteger:
    case Kind::kFloat: return "a number";
    case Kind::kString: return "a string";
    case Kind::kArray: return "an array";
    case Kind::kObject: return "an object";
    case Kind::kAbsent: break;
  }
  return "nothing";
}

struct Slot {
  Kind kind = Kind::kAbsent;
  std::string text;
  std::vector<std::string> items;
  bool bad_item = false;
  bool repeated = false;
  int ordinal = 0;  // position of the (top-level) key in the line's object
  void Reset() {
    kind = Kind::kAbsent;
    text.clear();
    items.clear();
    bad_item = repeated = false;
    ordinal = 0;
  }
};

// Top-level keys: the fields of Field order except the three of location.
enum Top { kTopId, kTopModule, kTopZone, kTopCategory, kTopSubcategory, kTopOpenedAt, kTopClosedAt, kTopOfficers,
           kTopAgencies, kTopLocation, kTopSummary, kTopCount };
constexpr std::array<std::string_view, kTopCount> kTopNames = {
    "id", "module", "zone", "category", "subcategory", "opened_at", "closed_at", "officers", "agencies",
    "location", "summary"};
enum Loc { kLocAddress, kLocLat, kLocLon, kLocCount };
constexpr std::array<std::string_view, kLocCount> kLocNames = {"address", "lat", "lon"};

template <size_t N>
int IndexOf(const std::array<std::string_view, N>& names, std::string_view key) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == key) return static_cast<int>(i);
  }
  return -1;
}

class LineReader : public nlohmann::json_sax<Json> {
 public:
  Slot top[kTopCount];
  Slot loc[kLocCount];
  std::vector<std::pair<std::string, int>> unknown;  // "key" or "location.key", ordinal
  Kind root = Kind::kAbsent;
  std::string error;

  void Reset() {
    for (Slot& s : top) s.Reset();
    for (Slot& s : loc) s.Reset();
    unknown.clear();
    root = Kind::kAbsent;
    error.clear();
    stack_.clear();
    pending_ = nullptr;
    ordinal_ = 0;
  }

  bool null() override { return Scalar(Kind::kNull, {}); }
  bool boolean(bool) override { return Scalar(Kind::kBool, {}); }
  bool number_integer(number_integer_t v) override { return Scalar(Kind::kInteger, std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Scalar(Kind::kInteger, std::to_string(v)); }
  bool number_float(number_float_t, const string_t& raw) override {
    // The lexer's own text of the number; it writes the C locale's decimal
    // point, so undo a ',' if a caller changed LC_NUMERIC.
    std::string digits = raw;
    for (char& c : digits) {
      if (c == ',') c = '.';
    }
    return Scalar(Kind::kFloat, digits);
  }
  bool string(string_t& s) override { return Scalar(Kind::kString, s); }
  bool binary(binary_t&) override { return Scalar(Kind::kNull, {}); }
  bool start_object(std::size_t) override { return Open(Kind::kObject); }
  bool start_array(std::size_t) override { return Open(Kind::kArray); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }
  bool key(string_t& k) override {
    Frame& f = stack_.back();
    pending_ = nullptr;
    if (f.kind == FrameKind::kTop) {
      ++ordinal_;
      int i = IndexOf(kTopNames, k);
      if (i < 0) {
        unknown.emplace_back(k, ordinal_);
        return true;
      }
      Claim(&top[i], ordinal_);
    } else if (f.kind == FrameKind::kLocation) {
      int i = IndexOf(kLocNames, k);
      if (i < 0) {
        unknown.emplace_back("location." + k, top[kTopLocation].ordinal);
        return true;
      }
      Claim(&loc[i], top[kTopLocation].ordinal);
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    size_t colon = what.find(": ", what.find("column"));
    error = "malformed JSON at byte " + std::to_string(position) + ": " +
            (colon == std::string::npos ? what : what.substr(colon + 2));
    return false;
  }

 private:
  enum class FrameKind { kTop, kLocation, kList, kSkip };
  struct Frame {
    FrameKind kind;
    Slot* owner;
  };

  void Claim(Slot* s, int ordinal) {
    if (s->ordinal != 0) s->repeated = true;
    s->ordinal = ordinal;
    s->items.clear();
    pending_ = s;
  }

  bool Scalar(Kind k, std::string_view text) {
    if (stack_.empty()) {
      root = k;
      return true;
    }
    Frame& f = stack_.back();
    if (f.kind == FrameKind::kList) {
      if (k == Kind::kString) {
        f.owner->items.emplace_back(text);
      } else {
        f.owner->bad_item = true;
      }
    } else if (pending_) {
      pending_->kind = k;
      pending_->text.assign(text);
      pending_ = nullptr;
    }
    return true;
  }

  bool Open(Kind k) {
    if (stack_.size() >= kMaxDepth) {
      error = "the JSON is nested more than " + std::to_string(kMaxDepth) + " levels deep";
      return false;
    }
    if (stack_.empty()) {
      root = k;
      stack_.push_back({k == Kind::kObject ? FrameKind::kTop : FrameKind::kSkip, nullptr});
      return true;
    }
    Frame& f = stack_.back();
    FrameKind next = FrameKind::kSkip;
    if (f.kind == FrameKind::kList) {
      f.owner->bad_item = true;
    } else if (pending_) {
      pending_->kind = k;
      if (k == Kind::kObject && pending_ == &top[kTopLocation]) next = FrameKind::kLocation;
      if (k == Kind::kArray && (pending_ == &top[kTopOfficers] || pending_ == &top[kTopAgencies])) {
        next = FrameKind::kList;
      }
    }
    stack_.push_back({next, pending_});
    pending_ = nullptr;
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  std::vector<Frame> stack_;
  Slot* pending_ = nullptr;
  int ordinal_ = 0;
};

class JsonlRows {
 public:
  JsonlRows(ImportCollector& rows) : rows_(rows) {}

  void Line(std::string_view line, uint64_t number) {
    if (line.size() > kMaxLineBytes) {
      rows_.AddBadRow(number, 0, "", "the line is " + std::to_string(line.size()) + " bytes long; the limit is " +
                                         std::to_string(kMaxLineBytes));
      return;
    }
    reader_.Reset();
    bool parsed = false;
    try {
      parsed = Json::sax_parse(line.begin(), line.end(), &reader_);
    } catch (const std::exception& e) {
      reader_.error = std::string("malformed JSON: ") + e.what();
    }
    if (!parsed || reader_.root != Kind::kObject) {
      std::string why = !reader_.error.empty() ? reader_.error
                                               : "the line is " + std::string(KindName(reader_.root)) +
                                                     ", not a JSON object; write one attention per line: "
                                                     "{\"id\":…,\"module\":…,…}";
      rows_.AddBadRow(number, 0, "", why);
      return;
    }
    Convert(number);
    rows_.AddRow(raw_, std::move(errors_));
  }

 private:
  RowError Error(Field f, int column, std::string message) {
    RawValue v;
    v.column = column;
    return rows_.builder().Error(raw_.line, v, f, std::move(message));
  }

  // A string field; null = absent.
  void Text(Field f, const Slot& s) {
    RawValue& v = raw_[f];
    v.column = s.ordinal;
    if (s.kind == Kind::kString) {
      v.state = RawValue::kPresent;
      v.text = s.text;
    } else if (s.kind != Kind::kAbsent && s.kind != Kind::kNull) {
      v.state = RawValue::kReported;
      errors_.push_back(Error(f, s.ordinal, std::string(JsonFieldName(f)) + " must be a string, not " +
                                                std::string(KindName(s.kind))));
    }
  }

  void Zone(const Slot& s) {
    RawValue& v = raw_[Field::kZone];
    v.column = s.ordinal;
    if (s.kind == Kind::kInteger) {
      v.state = RawValue::kPresent;
      v.text = s.text;
    } else if (s.kind != Kind::kAbsent && s.kind != Kind::kNull) {
      v.state = RawValue::kReported;
      errors_.push_back(Error(Field::kZone, s.ordinal,
                              "zone must be a whole JSON number (\"zone\": 4), not " +
                                  (s.kind == Kind::kString || s.kind == Kind::kFloat ? Quote(s.text)
                                                                                     : std::string(KindName(s.kind)))));
    }
  }

  void List(Field f, const Slot& s) {
    RawValue& v = raw_[f];
    v.column = s.ordinal;
    if (s.kind == Kind::kArray && !s.bad_item) {
      v.state = RawValue::kPresent;
      v.items = &s.items;
    } else if (s.kind != Kind::kAbsent && s.kind != Kind::kNull) {
      v.state = RawValue::kReported;
      errors_.push_back(Error(f, s.ordinal, std::string(JsonFieldName(f)) +
                                                " must be an array of strings (e.g. [\"SZ-0042\"])"));
    }
  }

  void Coordinate(Field f, const Slot& s) {
    RawValue& v = raw_[f];
    v.column = s.ordinal;
    if (s.kind == Kind::kString || s.kind == Kind::kInteger || s.kind == Kind::kFloat) {
      v.state = RawValue::kPresent;
      v.text = s.text;
    } else if (s.kind != Kind::kAbsent && s.kind != Kind::kNull) {
      v.state = RawValue::kReported;
      errors_.push_back(Error(f, s.ordinal, std::string(JsonFieldName(f)) + " must be a number or a string, not " +
                                                std::string(KindName(s.kind))));
    }
  }

  void Convert(uint64_t number) {
    errors_.clear();
    raw_ = RawAttention();
    raw_.line = number;
    const Slot* t = reader_.top;
    Text(Field::kId, t[kTopId]);
    Text(Field::kModule, t[kTopModule]);
    Zone(t[kTopZone]);
    Text(Field::kCategory, t[kTopCategory]);
    Text(Field::kSubcategory, t[kTopSubcategory]);
    Text(Field::kOpenedAt, t[kTopOpenedAt]);
    Text(Field::kClosedAt, t[kTopClosedAt]);
    List(Field::kOfficers, t[kTopOfficers]);
    List(Field::kAgencies, t[kTopAgencies]);
    Text(Field::kSummary, t[kTopSummary]);
    const Slot& location = t[kTopLocation];
    if (location.kind == Kind::kObject) {
      Text(Field::kAddress, reader_.loc[kLocAddress]);
      Coordinate(Field::kLat, reader_.loc[kLocLat]);
      Coordinate(Field::kLon, reader_.loc[kLocLon]);
    } else if (location.kind != Kind::kAbsent && location.kind != Kind::kNull) {
      for (Field f : {Field::kAddress, Field::kLat, Field::kLon}) raw_[f].state = RawValue::kReported;
      RowError e = Error(Field::kAddress, location.ordinal,
                         "location must be an object {\"address\":…,\"lat\":…,\"lon\":…}, not " +
                             std::string(KindName(location.kind)));
      e.field = "location";
      errors_.push_back(std::move(e));
    }
    for (int i = 0; i < kTopCount; ++i) Repeated(t[i], kTopNames[i], "");
    for (int i = 0; i < kLocCount; ++i) Repeated(reader_.loc[i], kLocNames[i], "location.");
    for (const auto& [key, ordinal] : reader_.unknown) {
      RowError e = Error(Field::kId, ordinal,
                         "unknown field " + Quote(key) + "; the fields are id, module, zone, category, subcategory, "
                         "opened_at, closed_at, officers, agencies, location {address, lat, lon}, summary");
      e.field = key;
      errors_.push_back(std::move(e));
    }
  }

  // A key given twice: the row fails (the error is enough) whatever the values.
  void Repeated(const Slot& s, std::string_view name, std::string_view prefix) {
    if (!s.repeated) return;
    RowError e = Error(Field::kId, s.ordinal, Quote(name) + " appears more than once in the object");
    e.field = std::string(prefix) + std::string(name);
    errors_.push_back(std::move(e));
  }

  ImportCollector& rows_;
  LineReader reader_;
  RawAttention raw_;
  std::vector<RowError> errors_;
};

}  // namespace

Status ReadJsonlAttentions(std::string_view text, std::string_view file, ImportCollector& rows,
                           AttentionImport* out) {
  (void)file;
  out->delimiter = 0;
  JsonlRows reader(rows);
  uint64_t number = 0;
  while (!text.empty()) {
    ++number;
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    reader.Line(line, number);
  }
  return Status::Ok();
}

}  // namespace custodia::attention_internal
