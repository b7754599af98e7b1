#include "validate/seal_code.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace gmseal::validate {
namespace {

TEST(SealCodeTest, SplitsTheAppendixExample) {
  auto code = SealCode::parse("XXCA11010800000001");
  ASSERT_TRUE(code.ok()) << code.error().to_string();
  EXPECT_EQ(code->text(), "XXCA11010800000001");
  EXPECT_EQ(code->initials(), "XXCA");
  EXPECT_EQ(code->region(), "110108");
  EXPECT_EQ(code->serial(), "00000001");
}

TEST(SealCodeTest, AcceptsTwoToTenInitials) {
  for (const char* good : {"GM11010800000001", "ABCDEFGHIJ11010800000001", "GMSL44030512345678"}) {
    auto code = SealCode::parse(good);
    ASSERT_TRUE(code.ok()) << good << ": " << code.error().to_string();
    EXPECT_EQ(code->text(), good);
    EXPECT_EQ(code->serial().size(), SealCode::kSerialDigits);
  }
}

TEST(SealCodeTest, NamesEachWayACodeIsMalformed) {
  const std::pair<const char*, const char*> bad[] = {
      {"", "empty"},
      {"11010800000001", "no initials"},
      {"X11010800000001", "one initial"},
      {"ABCDEFGHIJK11010800000001", "eleven initials"},
      {"xxca11010800000001", "lower-case initials"},
      {"XXCA1101080000001", "13 digits"},
      {"XXCA110108000000012", "15 digits"},
      {"XXCA11010800000O01", "a letter among the digits"},
      {"XXCA11010800000001X", "a letter after the digits"},
      {" XXCA11010800000001", "a leading space"},
      {"XXÇA11010800000001", "a non-ASCII initial"},
  };
  for (const auto& [text, why] : bad) {
    auto parsed = SealCode::parse(text);
    ASSERT_FALSE(parsed.ok()) << why;
    EXPECT_EQ(parsed.error().code, "validate.seal_code.format") << why;
    EXPECT_EQ(parsed.error().field, "sealNum") << why;
    EXPECT_NE(parsed.error().message.find(text), std::string::npos) << why;
  }
}

TEST(SealCodeTest, RefusesARegionThatIsNotListed) {
  // 119900 has a region code's shape but names no division.
  auto parsed = SealCode::parse("XXCA11990000000001");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "validate.seal_code.region");
  EXPECT_EQ(parsed.error().field, "sealNum");
  // Another list decides: the same code is fine where its region is listed.
  auto list = RegionCodes::parse("119900\t试验区\n");
  ASSERT_TRUE(list.ok()) << list.error().to_string();
  EXPECT_TRUE(SealCode::parse("XXCA11990000000001", *list).ok());
  EXPECT_EQ(SealCode::parse("XXCA11010800000001", *list).error().code, "validate.seal_code.region");
}

TEST(SealCodeTest, MakeJoinsCheckedParts) {
  auto code = SealCode::make("GMSL", "110108", "00000042");
  ASSERT_TRUE(code.ok()) << code.error().to_string();
  EXPECT_EQ(code->text(), "GMSL11010800000042");
  EXPECT_EQ(*code, SealCode::parse("GMSL11010800000042").value());
}

TEST(SealCodeTest, MakeRefusesPartsOfTheWrongShape) {
  // Each of these joins into a string of some code's shape, or of none; make refuses all.
  struct Case {
    const char* initials;
    const char* region;
    const char* serial;
    const char* error;
  };
  for (const Case& c : {
           Case{"gmsl", "110108", "00000001", "validate.seal_code.format"},
           Case{"G", "110108", "00000001", "validate.seal_code.format"},
           Case{"GMSL", "11010", "800000001", "validate.seal_code.format"},
           Case{"GMS", "L11010", "800000001", "validate.seal_code.format"},
           Case{"GMSL", "110108", "0000001", "validate.seal_code.format"},
           Case{"GMSL", "110108", "0000000A", "validate.seal_code.format"},
           Case{"GMSL", "119900", "00000001", "validate.seal_code.region"},
       }) {
    auto made = SealCode::make(c.initials, c.region, c.serial);
    ASSERT_FALSE(made.ok()) << c.initials << "|" << c.region << "|" << c.serial;
    EXPECT_EQ(made.error().code, c.error) << c.initials << "|" << c.region << "|" << c.serial;
  }
}

TEST(SealCodeTest, RandomCodesHaveTheirPartsAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    auto code = SealCode::random("GMSL", "440305");
    ASSERT_TRUE(code.ok()) << code.error().to_string();
    EXPECT_EQ(code->initials(), "GMSL");
    EXPECT_EQ(code->region(), "440305");
    EXPECT_TRUE(SealCode::parse(code->text()).ok());
    seen.insert(code->text());
  }
  EXPECT_GT(seen.size(), 15u);  // 8 random digits: repeats among 20 are all but impossible
  EXPECT_EQ(SealCode::random("gm", "440305").error().code, "validate.seal_code.format");
  EXPECT_EQ(SealCode::random("GM", "119900").error().code, "validate.seal_code.region");
}

TEST(SealCodeTest, RoutePatternMatchesTheShape) {
  const std::regex route("/seals/" + std::string(SealCode::kRoutePattern));
  std::smatch match;
  const std::string good = "/seals/ABCDEFGHIJ11010800000001";
  ASSERT_TRUE(std::regex_match(good, match, route));
  EXPECT_EQ(match[1], "ABCDEFGHIJ11010800000001");
  EXPECT_TRUE(std::regex_match(std::string("/seals/GM11010800000001"), route));
  for (const char* bad :
       {"/seals/X11010800000001", "/seals/ABCDEFGHIJK11010800000001", "/seals/XXCA1101080000001",
        "/seals/XXCA110108000000012", "/seals/xxca11010800000001", "/seals/XXCA11010800000O01"}) {
    EXPECT_FALSE(std::regex_match(std::string(bad), route)) << bad;
    EXPECT_FALSE(SealCode::parse(std::string(bad).substr(7)).ok()) << bad;
  }
}

}  // namespace
}  // namespace gmseal::validate
