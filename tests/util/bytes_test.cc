#include "util/bytes.h"

#include <gtest/gtest.h>

namespace gmseal {
namespace {

TEST(HexTest, RoundTrip) {
  const Bytes data{0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(hex_encode(data), "0001abff");
  EXPECT_EQ(*hex_decode("00:01:AB ff"), data);
}

TEST(HexTest, RejectsBadInput) {
  EXPECT_EQ(hex_decode("0g").error().code, "util.hex.bad_character");
  EXPECT_EQ(hex_decode("abc").error().code, "util.hex.odd_length");
}

TEST(Base64Test, Rfc4648Vectors) {
  // RFC 4648 §10.
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(to_bytes(plain)), encoded);
    EXPECT_EQ(to_string(*base64_decode(encoded)), plain);
  }
}

TEST(Base64Test, RejectsBadInput) {
  EXPECT_EQ(base64_decode("Zm9v*").error().code, "util.base64.bad_character");
  EXPECT_EQ(base64_decode("Z").error().code, "util.base64.truncated");
  EXPECT_EQ(base64_decode("Zg==Zg").error().code, "util.base64.bad_character");
}

TEST(ConstantTimeEqualTest, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal(to_bytes("abc"), to_bytes("abc")));
  EXPECT_FALSE(constant_time_equal(to_bytes("abc"), to_bytes("abd")));
  EXPECT_FALSE(constant_time_equal(to_bytes("abc"), to_bytes("ab")));
}

}  // namespace
}  // namespace gmseal
