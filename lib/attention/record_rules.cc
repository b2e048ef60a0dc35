#include "attention/record_rules.h"

#include "attention/text.h"

namespace custodia::attention_internal {

namespace {

constexpr std::string_view kFieldNames[kFieldCount] = {
    "id", "module", "zone", "category", "subcategory", "opened_at", "closed_at",
    "officers", "agencies", "address", "lat", "lon", "summary"};
constexpr std::string_view kJsonFieldNames[kFieldCount] = {
    "id", "module", "zone", "category", "subcategory", "opened_at", "closed_at",
    "officers", "agencies", "location.address", "location.lat", "location.lon", "summary"};

void Add(std::vector<FieldProblem>* out, Field f, std::string message) {
  out->push_back(FieldProblem{f, std::move(message)});
}

// What the schema's patterns allow in a string:
//  - kLine: no C0 control character, no DEL (module, subcategory, agencies);
//  - kText: the same but tab and newline allowed (address, summary).
enum class CharClass { kLine, kText };

// Length (in characters) and character class of a string field; returns
// false after adding a problem.
bool CheckText(std::vector<FieldProblem>* out, Field f, std::string_view what, std::string_view s,
               size_t max_chars, CharClass cls) {
  // One pass for both (this runs on every text field of every row).
  size_t n = 0, bad = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    n += (c & 0xC0) != 0x80;
    if ((c < 0x20 || c == 0x7F) && bad == std::string_view::npos &&
        !(cls == CharClass::kText && (c == '\t' || c == '\n'))) {
      bad = i;
    }
  }
  if (n > max_chars) {
    Add(out, f, std::string(what) + " is " + std::to_string(n) + " characters long; the limit is " +
                    std::to_string(max_chars));
    return false;
  }
  if (bad != std::string_view::npos) {
    Add(out, f, std::string(what) + " " + Quote(s) + " contains the control character " + ControlName(s[bad]) +
                    "; remove it");
    return false;
  }
  return true;
}

// ^-?(LIMIT(\.0{1,6})?|INT(\.[0-9]{1,6})?)$ where INT is 0..LIMIT-1 without
// leading zeros: the coordinate patterns of the schema (LIMIT 90 or 180).
bool IsCoordinate(std::string_view s, int limit) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t int_begin = i;
  int value = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - int_begin < 4) value = value * 10 + (s[i++] - '0');
  size_t int_digits = i - int_begin;
  if (int_digits == 0 || int_digits > 3 || (int_digits > 1 && s[int_begin] == '0') || value > limit) return false;
  if (i == s.size()) return true;
  if (s[i] != '.') return false;
  size_t frac_begin = ++i;
  bool all_zero = true;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') all_zero &= s[i++] == '0';
  size_t frac_digits = i - frac_begin;
  return i == s.size() && frac_digits >= 1 && frac_digits <= 6 && (value < limit || all_zero);
}

void CheckCoordinate(std::vector<FieldProblem>* out, Field f, std::string_view s, int limit) {
  if (s.empty() || IsCoordinate(s, limit)) return;
  Add(out, f, Quote(s) + " is not a " + (limit == 90 ? "latitude" : "longitude") +
                  ": write decimal degrees between -" + std::to_string(limit) + " and " + std::to_string(limit) +
                  " with at most 6 decimals (e.g. " + (limit == 90 ? "-12.121900" : "-77.029800") + ")");
}

template <typename Fn>
void CheckList(std::vector<FieldProblem>* out, Field f, std::string_view item_name,
               const std::vector<std::string>& items, Fn check_item) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (!check_item(items[i])) return;
    for (size_t k = 0; k < i; ++k) {
      if (items[k] == items[i]) {
        Add(out, f, std::string(item_name) + " " + Quote(items[i]) + " is listed twice");
        return;
      }
    }
  }
}

void CheckTime(std::vector<FieldProblem>* out, Field f, TimeMs t) {
  if (t < kMinTime || t > kMaxTime) {
    Add(out, f, "the time is outside the years 0000 to 9999 (" + std::to_string(t) + " ms since 1970)");
  }
}

}  // namespace

std::string_view FieldName(Field f) { return kFieldNames[static_cast<int>(f)]; }
std::string_view JsonFieldName(Field f) { return kJsonFieldNames[static_cast<int>(f)]; }

bool IsValidPersonId(std::string_view id) { return IsValidAttentionId(id); }

std::string InvalidIdMessage(std::string_view what, std::string_view id) {
  return "invalid " + std::string(what) + " " + Quote(id) +
         ": use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
}

std::string ClosedBeforeOpenedMessage(std::string_view closed, std::string_view opened) {
  return "closed_at " + Quote(closed) + " is before opened_at " + Quote(opened) +
         "; an attention cannot close before it opens (swapped columns, or a wrong date?)";
}

void CheckSchemaRules(const Attention& a, std::vector<FieldProblem>* out) {
  if (!IsValidAttentionId(a.id)) Add(out, Field::kId, InvalidIdMessage("id", a.id));
  if (a.module.empty()) {
    Add(out, Field::kModule, "module is empty; every attention names the module that attended it");
  } else {
    CheckText(out, Field::kModule, "module", a.module, kMaxModuleChars, CharClass::kLine);
  }
  if (a.zone < 0 || a.zone > kMaxZone) {
    Add(out, Field::kZone, "zone " + std::to_string(a.zone) + " is out of range: use 0 to " + std::to_string(kMaxZone));
  }
  bool known_category = false;
  for (const AttentionCategory& c : AttentionCategories()) known_category |= c.id == a.category;
  if (!known_category) {
    auto normalized = NormalizeCategory(a.category);
    Add(out, Field::kCategory,
        normalized.ok() ? "category must be the id " + Quote(*normalized) + ", not " + Quote(a.category)
                        : normalized.status().message());
  }
  CheckText(out, Field::kSubcategory, "subcategory", a.subcategory, kMaxSubcategoryChars, CharClass::kLine);
  CheckTime(out, Field::kOpenedAt, a.opened_at);
  CheckTime(out, Field::kClosedAt, a.closed_at);
  if (a.officers.empty()) {
    Add(out, Field::kOfficers, "no officer listed; every attention needs at least one officer id");
  } else if (a.officers.size() > kMaxOfficers) {
    Add(out, Field::kOfficers, std::to_string(a.officers.size()) + " officers listed; the limit is " +
                                   std::to_string(kMaxOfficers));
  } else {
    CheckList(out, Field::kOfficers, "officer", a.officers, [&](const std::string& id) {
      if (IsValidPersonId(id)) return true;
      Add(out, Field::kOfficers, id.empty() ? std::string("an officer id is empty (two '|' in a row?)")
                                            : InvalidIdMessage("officer id", id));
      return false;
    });
  }
  if (a.agencies.size() > kMaxAgencies) {
    Add(out, Field::kAgencies, std::to_string(a.agencies.size()) + " agencies listed; the limit is " +
                                   std::to_string(kMaxAgencies));
  } else {
    CheckList(out, Field::kAgencies, "agency", a.agencies, [&](const std::string& name) {
      if (name.empty()) {
        Add(out, Field::kAgencies, "an agency name is empty (two '|' in a row?)");
        return false;
      }
      if (!CheckText(out, Field::kAgencies, "agency", name, kMaxAgencyChars, CharClass::kLine)) return false;
      if (name.find('|') != std::string::npos) {
        Add(out, Field::kAgencies, "agency " + Quote(name) + " contains '|', the list separator");
        return false;
      }
      return true;
    });
  }
  CheckText(out, Field::kAddress, "address", a.address, kMaxAddressChars, CharClass::kText);
  CheckCoordinate(out, Field::kLat, a.lat, 90);
  CheckCoordinate(out, Field::kLon, a.lon, 180);
  if (a.lat.empty() != a.lon.empty()) {
    Add(out, a.lat.empty() ? Field::kLat : Field::kLon,
        std::string(a.lat.empty() ? "lat" : "lon") + " is empty but " + (a.lat.empty() ? "lon" : "lat") +
            " is given: give both coordinates or neither");
  }
  CheckText(out, Field::kSummary, "summary", a.summary, kMaxSummaryChars, CharClass::kText);
}

void CheckOrderRules(const Attention& a, std::vector<FieldProblem>* out) {
  if (a.closed_at < a.opened_at) {
    Add(out, Field::kClosedAt, ClosedBeforeOpenedMessage(FormatUtc(a.closed_at), FormatUtc(a.opened_at)));
  }
}

}  // namespace custodia::attention_internal
