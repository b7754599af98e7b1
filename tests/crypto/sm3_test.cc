#include "crypto/sm3.h"

#include <gtest/gtest.h>

namespace gmseal::crypto {
namespace {

// GB/T 32905-2016 appendix A.
TEST(Sm3Test, StandardExampleAbc) {
  EXPECT_EQ(hex_encode(sm3(to_bytes("abc"))),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(Sm3Test, StandardExample64Bytes) {
  std::string input;
  for (int i = 0; i < 16; ++i) input += "abcd";
  EXPECT_EQ(hex_encode(sm3(to_bytes(input))),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST(Sm3Test, StreamingMatchesOneShotAndResets) {
  const Bytes data = to_bytes("The quick brown fox jumps over the lazy dog, 1234567890");
  Sm3 h;
  for (std::size_t i = 0; i < data.size(); i += 7) {
    h.update(ByteView(data).subspan(i, std::min<std::size_t>(7, data.size() - i)));
  }
  EXPECT_EQ(h.final(), sm3(data));
  h.update(to_bytes("abc"));
  EXPECT_EQ(hex_encode(h.final()).substr(0, 8), "66c7f0f4");
}

}  // namespace
}  // namespace gmseal::crypto
