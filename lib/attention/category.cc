// The seven attention categories of SPEC §6 and how free text maps onto them.
#include <string>

#include "attention/text.h"
#include "custodia/attention.h"

namespace custodia {

namespace {

constexpr size_t kMaxCategoryText = 128;

// Folds one character for comparison: ASCII letters to lower case, the
// accented letters Spanish uses (and their upper-case forms) to the bare
// letter, and every run of spaces, '_' and '-' to one '_'. Returns false for
// text that cannot be a category (too long).
bool FoldCategoryText(std::string_view in, std::string& out) {
  out.clear();
  if (in.size() > kMaxCategoryText) return false;
  bool pending_sep = false;
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    char folded = 0;
    if (c == ' ' || c == '_' || c == '-' || c == '\t') {
      pending_sep = !out.empty();
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      folded = static_cast<char>(c - 'A' + 'a');
    } else if (c < 0x80) {
      folded = static_cast<char>(c);
    } else if (c == 0xC3 && i + 1 < in.size()) {
      // U+00C0..U+00FF: two bytes, C3 xx. Lower case = upper case + 0x20.
      unsigned char d = static_cast<unsigned char>(in[i + 1]) | 0x20;
      switch (d) {
        case 0xA0: case 0xA1: case 0xA2: case 0xA4: folded = 'a'; break;  // à á â ä
        case 0xA8: case 0xA9: case 0xAA: case 0xAB: folded = 'e'; break;  // è é ê ë
        case 0xAC: case 0xAD: case 0xAE: case 0xAF: folded = 'i'; break;  // ì í î ï
        case 0xB2: case 0xB3: case 0xB4: case 0xB6: folded = 'o'; break;  // ò ó ô ö
        case 0xB9: case 0xBA: case 0xBB: case 0xBC: folded = 'u'; break;  // ù ú û ü
        case 0xB1: folded = 'n'; break;                                    // ñ
        default: break;
      }
      if (folded) ++i;
    }
    if (!folded) return false;  // any other non-ASCII character: not a category
    if (pending_sep) out.push_back('_');
    pending_sep = false;
    out.push_back(folded);
  }
  return true;
}

struct FoldedCategory {
  std::string id, label;
};

const std::vector<FoldedCategory>& FoldedCategories() {
  static const std::vector<FoldedCategory> folded = [] {
    std::vector<FoldedCategory> v;
    for (const AttentionCategory& c : AttentionCategories()) {
      FoldedCategory f;
      FoldCategoryText(c.id, f.id);
      FoldCategoryText(c.label, f.label);
      v.push_back(std::move(f));
    }
    return v;
  }();
  return folded;
}

std::string AcceptedCategories() {
  std::string s;
  for (const AttentionCategory& c : AttentionCategories()) {
    if (!s.empty()) s += ", ";
    s += std::string(c.id) + " (" + std::string(c.label) + ")";
  }
  return s;
}

}  // namespace

const std::vector<AttentionCategory>& AttentionCategories() {
  static const std::vector<AttentionCategory> categories = {
      {"fiscalizacion", "Fiscalización"},
      {"seguridad_ciudadana", "Seguridad ciudadana"},
      {"obras_servicios_publicos", "Obras y servicios públicos"},
      {"seguridad_vial", "Seguridad vial"},
      {"apoyo_turista", "Apoyo al turista"},
      {"defensa_civil", "Defensa civil"},
      {"desarrollo_humano", "Desarrollo humano"},
  };
  return categories;
}

Result<std::string> NormalizeCategory(std::string_view text) {
  // Fast path: the id itself, as the canonical records and most exports have it.
  for (const AttentionCategory& c : AttentionCategories()) {
    if (text == c.id) return std::string(c.id);
  }
  std::string folded;
  if (FoldCategoryText(text, folded) && !folded.empty()) {
    const auto& categories = AttentionCategories();
    const auto& all = FoldedCategories();
    for (size_t i = 0; i < all.size(); ++i) {
      if (folded == all[i].id || folded == all[i].label) return std::string(categories[i].id);
    }
  }
  return Status::Invalid("unknown category " + attention_internal::Quote(text) +
                         "; use one of: " + AcceptedCategories());
}

std::string CategoryLabel(std::string_view id) {
  for (const AttentionCategory& c : AttentionCategories()) {
    if (c.id == id) return std::string(c.label);
  }
  return std::string(id);
}

}  // namespace custodia
