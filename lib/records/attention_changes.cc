// What changed between two versions of an attention (revision entries, show).
#include "custodia/importer.h"

namespace custodia {

std::vector<std::string> AttentionChanges(const Attention& a, const Attention& b) {
  std::vector<std::string> out;
  auto diff = [&](bool differs, const char* name) {
    if (differs) out.push_back(name);
  };
  diff(a.id != b.id, "id");
  diff(a.module != b.module, "module");
  diff(a.zone != b.zone, "zone");
  diff(a.category != b.category, "category");
  diff(a.subcategory != b.subcategory, "subcategory");
  diff(a.opened_at != b.opened_at, "opened_at");
  diff(a.closed_at != b.closed_at, "closed_at");
  diff(a.officers != b.officers, "officers");
  diff(a.agencies != b.agencies, "agencies");
  diff(a.address != b.address, "location.address");
  diff(a.lat != b.lat, "location.lat");
  diff(a.lon != b.lon, "location.lon");
  diff(a.summary != b.summary, "summary");
  return out;
}

}  // namespace custodia
