#include <gtest/gtest.h>

#include "validate/id_number.h"
#include "validate/uscc.h"

namespace gmseal::validate {
namespace {

// Published example codes whose check characters are known (GB 32100 / GB 11643 examples).
TEST(UsccTest, AcceptsValidCodes) { EXPECT_TRUE(check_uscc("91350100M000100Y43").ok()); }

TEST(UsccTest, RejectsWithReasons) {
  EXPECT_EQ(check_uscc("91350100M000100Y4").error().code, "validate.uscc.length");
  EXPECT_EQ(check_uscc("91350100M000100Y4I").error().code, "validate.uscc.character");
  EXPECT_EQ(check_uscc("91350100M000100Y44").error().code, "validate.uscc.check_character");
  EXPECT_EQ(check_uscc("91350100M000100Y44", "unit.uscc").error().field, "unit.uscc");
}

TEST(IdNumberTest, AcceptsValidNumbers) {
  EXPECT_TRUE(check_id_number("11010519491231002X").ok());
  EXPECT_TRUE(check_id_number("440524188001010014").ok());
}

TEST(IdNumberTest, RejectsWithReasons) {
  EXPECT_EQ(check_id_number("1101051949123100").error().code, "validate.id_number.length");
  EXPECT_EQ(check_id_number("11010519491231002x").error().code, "validate.id_number.character");
  EXPECT_EQ(check_id_number("110105194912310021").error().code,
            "validate.id_number.check_character");
  EXPECT_EQ(check_id_number("110105194902300021").error().code, "validate.id_number.birth_date");
  EXPECT_EQ(check_id_number("110105299901010021").error().code, "validate.id_number.birth_date");
}

}  // namespace
}  // namespace gmseal::validate
