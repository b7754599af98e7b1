#include <gtest/gtest.h>

#include "validate/seal_fields.h"

namespace gmseal::validate {
namespace {

TEST(SealCategoryTest, AcceptsOneToFive) {
  for (const char* ok : {"01", "02", "03", "04", "05"}) EXPECT_TRUE(check_seal_category(ok).ok());
  EXPECT_EQ(seal_category_name("04"), "电子合同专用章");
  for (const char* bad : {"00", "06", "1", "99", ""}) {
    EXPECT_EQ(check_seal_category(bad).error().code, "validate.seal_category.unknown") << bad;
  }
}

TEST(SealSizeTest, ParsesMillimetres) {
  EXPECT_DOUBLE_EQ(parse_seal_size("40", "sealHeight").value(), 40.0);
  EXPECT_DOUBLE_EQ(parse_seal_size("42.5", "sealWidth").value(), 42.5);
  for (const char* bad : {"", "40mm", "-40", "4e1", "40.25", ".5", "40."}) {
    EXPECT_EQ(parse_seal_size(bad, "sealHeight").error().code, "validate.seal_size.format") << bad;
  }
  EXPECT_EQ(parse_seal_size("9", "sealWidth").error().code, "validate.seal_size.range");
  EXPECT_EQ(parse_seal_size("100.1", "sealWidth").error().code, "validate.seal_size.range");
  EXPECT_EQ(parse_seal_size("9", "sealWidth").error().field, "sealWidth");
}

TEST(WireTimeTest, RequiresTheExactForm) {
  EXPECT_TRUE(parse_wire_time("2024-01-02 03:04:05", "validStartTime").ok());
  // 2024-01-02 08:00:00 Beijing = 2024-01-02 00:00:00 UTC.
  EXPECT_EQ(to_unix(parse_wire_time("2024-01-02 08:00:00", "t").value()), 1704153600);
  for (const char* bad : {"2024-1-02 03:04:05", "2024-01-02T03:04:05", "2024-01-02 03:04",
                          "2024-01-02 03:04:05.1", "2024-02-30 00:00:00", "20240102030405", ""}) {
    EXPECT_EQ(parse_wire_time(bad, "validStartTime").error().code, "validate.time.format") << bad;
  }
}

TEST(WireTimeTest, StartMustPrecedeEnd) {
  EXPECT_TRUE(check_validity_period("2024-01-01 00:00:00", "2025-01-01 00:00:00").ok());
  const auto same = check_validity_period("2024-01-01 00:00:00", "2024-01-01 00:00:00");
  EXPECT_EQ(same.error().code, "validate.time.order");
  EXPECT_EQ(same.error().field, "validEndTime");
  EXPECT_EQ(check_validity_period("2024-01-01", "2025-01-01 00:00:00").error().field,
            "validStartTime");
}

TEST(EnumFieldsTest, AcceptOnlyTableValues) {
  EXPECT_TRUE(check_bak_type("1").ok());
  EXPECT_TRUE(check_bak_type("2").ok());
  EXPECT_EQ(check_bak_type("3").error().code, "validate.bak_type.unknown");
  EXPECT_TRUE(check_seal_carrier("1").ok());
  EXPECT_TRUE(check_seal_carrier("2").ok());
  EXPECT_EQ(check_seal_carrier("ukey").error().code, "validate.seal_carrier.unknown");
  EXPECT_TRUE(check_local_or("Y").ok());
  EXPECT_TRUE(check_local_or("N").ok());
  EXPECT_EQ(check_local_or("y").error().code, "validate.local_or.unknown");
  EXPECT_TRUE(check_seal_type("PNG").ok());
  EXPECT_EQ(check_seal_type("JPG").error().code, "validate.seal_type.unsupported");
  EXPECT_TRUE(check_org_code("ORG1", "ORG1").ok());
  EXPECT_EQ(check_org_code("ORG2", "ORG1").error().code, "validate.org_code.mismatch");
  EXPECT_EQ(check_org_code("", "ORG1").error().code, "validate.org_code.empty");
  EXPECT_TRUE(check_seal_name("某某有限公司合同专用章").ok());
  EXPECT_EQ(check_seal_name("").error().code, "validate.seal_name.empty");
  EXPECT_EQ(check_seal_name(std::string(161, 'a')).error().code, "validate.seal_name.too_long");
}

}  // namespace
}  // namespace gmseal::validate
