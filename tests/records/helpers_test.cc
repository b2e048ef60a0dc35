// The pure helpers behind the commands.
#include <gtest/gtest.h>

#include "custodia/importer.h"
#include "custodia/link.h"
#include "custodia/query.h"

namespace custodia {
namespace {

TEST(FoldName, IgnoresCaseAccentsAndSeparators) {
  EXPECT_EQ(FoldName("Jorge Chávez"), "jorge chavez");
  EXPECT_EQ(FoldName("  JORGE   CHÁVEZ "), "jorge chavez");
  EXPECT_EQ(FoldName("Clorinda_Matto-de Turner"), "clorinda matto de turner");
  EXPECT_EQ(FoldName("Ñaña"), "nana");
  EXPECT_NE(FoldName("Tejada"), FoldName("Tejadas"));
}

TEST(AttentionChanges, NamesEveryChangedField) {
  Attention a;
  a.id = "A";
  a.module = "Tejada";
  a.officers = {"X"};
  Attention b = a;
  EXPECT_TRUE(AttentionChanges(a, b).empty());
  b.closed_at = 5;
  b.officers = {"X", "Y"};
  b.address = "Calle";
  EXPECT_EQ(AttentionChanges(a, b), (std::vector<std::string>{"closed_at", "officers", "location.address"}));
}

TEST(RuleMarginMs, ReadsTheRuleText) {
  EXPECT_EQ(RuleMarginMs("officer+overlap margin=10m"), 600000);
  EXPECT_EQ(RuleMarginMs("officer+overlap margin=90500ms"), 90500);
  EXPECT_EQ(RuleMarginMs("manual"), std::nullopt);
}

TEST(AutoLinkMatches, ClosedIntervalsAndTheOfficer) {
  Attention a;
  a.officers = {"O-1", "O-2"};
  a.opened_at = 1'000'000;
  a.closed_at = 2'000'000;
  ClipRecord c;
  c.officer = "O-2";
  c.start = 2'000'000 + 600'000;  // starts exactly at closed + 10 min
  c.end = c.start + 1000;
  EXPECT_TRUE(AutoLinkMatches(c, a, 600'000));
  c.start += 1;
  EXPECT_FALSE(AutoLinkMatches(c, a, 600'000));
  c.start = 0;
  c.end = 1'000'000 - 600'000;  // ends exactly at opened - 10 min
  EXPECT_TRUE(AutoLinkMatches(c, a, 600'000));
  c.end -= 1;
  EXPECT_FALSE(AutoLinkMatches(c, a, 600'000));
  c.end = 1'500'000;
  c.officer = "O-3";
  EXPECT_FALSE(AutoLinkMatches(c, a, 600'000));
  c.officer = "";
  EXPECT_FALSE(AutoLinkMatches(c, a, 600'000));
}

}  // namespace
}  // namespace custodia
