#include <gtest/gtest.h>

#include "custodia/attention.h"

namespace custodia {
namespace {

TEST(Categories, TheSevenOfTheSpecInOrder) {
  std::vector<std::string> ids, labels;
  for (const AttentionCategory& c : AttentionCategories()) {
    ids.emplace_back(c.id);
    labels.emplace_back(c.label);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"fiscalizacion", "seguridad_ciudadana", "obras_servicios_publicos",
                                           "seguridad_vial", "apoyo_turista", "defensa_civil", "desarrollo_humano"}));
  EXPECT_EQ(labels, (std::vector<std::string>{"Fiscalización", "Seguridad ciudadana", "Obras y servicios públicos",
                                              "Seguridad vial", "Apoyo al turista", "Defensa civil",
                                              "Desarrollo humano"}));
  EXPECT_EQ(CategoryLabel("obras_servicios_publicos"), "Obras y servicios públicos");
  EXPECT_EQ(CategoryLabel("otro"), "otro");
}

TEST(Categories, NormalizeFoldsCaseAccentsSpacesAndUnderscores) {
  const std::pair<const char*, const char*> cases[] = {
      {"Seguridad ciudadana", "seguridad_ciudadana"}, {"SEGURIDAD_CIUDADANA", "seguridad_ciudadana"},
      {"seguridad ciudadana", "seguridad_ciudadana"}, {"  Seguridad   Ciudadana\t", "seguridad_ciudadana"},
      {"Fiscalizacion", "fiscalizacion"},             {"fiscalización", "fiscalizacion"},
      {"FISCALIZACIÓN", "fiscalizacion"},             {"Obras y Servicios Públicos", "obras_servicios_publicos"},
      {"OBRAS Y SERVICIOS PÚBLICOS", "obras_servicios_publicos"},
      {"obras servicios publicos", "obras_servicios_publicos"},
      {"Apoyo al Turista", "apoyo_turista"},          {"DEFENSA-CIVIL", "defensa_civil"},
      {"Desarrollo humano", "desarrollo_humano"},     {"seguridad vial", "seguridad_vial"},
  };
  for (const auto& [in, want] : cases) {
    auto r = NormalizeCategory(in);
    ASSERT_TRUE(r.ok()) << in << ": " << r.status().message();
    EXPECT_EQ(*r, want) << in;
  }
}

TEST(Categories, UnknownTextIsRefusedWithTheList) {
  for (const char* bad : {"", "robo", "seguridad", "fiscalizaciónx", "Segurida d ciudadana", "seguridad\xC2\xA0vial"}) {
    auto r = NormalizeCategory(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("; use one of: fiscalizacion (Fiscalización), seguridad_ciudadana"),
              std::string::npos);
  }
  auto long_text = NormalizeCategory(std::string(300, 'x'));
  ASSERT_FALSE(long_text.ok());
  EXPECT_TRUE(long_text.status().message().starts_with("unknown category \"" + std::string(80, 'x') +
                                                      "…\"; use one of: fiscalizacion (Fiscalización)"));
}

}  // namespace
}  // namespace custodia
