#include "util/der.h"

#include <gtest/gtest.h>

namespace gmseal::der {
namespace {

TEST(DerReaderTest, ReadsNestedElementsWithSpans) {
  // SEQUENCE { INTEGER 5, OCTET STRING "ab" }
  const Bytes input{0x30, 0x07, 0x02, 0x01, 0x05, 0x04, 0x02, 'a', 'b'};
  auto top = parse_single(input);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->tag, kSequence);
  EXPECT_EQ(top->whole.size(), 9u);
  EXPECT_EQ(*count_children(*top), 2u);
  Reader reader(top->content, 2);
  auto integer = reader.expect(kInteger, "n");
  ASSERT_TRUE(integer.ok());
  EXPECT_EQ(*read_integer(*integer, "n"), 5);
  auto octets = reader.expect(kOctetString, "s");
  ASSERT_TRUE(octets.ok());
  EXPECT_EQ(octets->offset, 5u);
  EXPECT_TRUE(reader.at_end());
}

TEST(DerReaderTest, LongFormLength) {
  Bytes input{0x04, 0x81, 0x80};
  input.resize(3 + 0x80, 0x11);
  auto element = parse_single(input);
  ASSERT_TRUE(element.ok());
  EXPECT_EQ(element->content.size(), 0x80u);
  EXPECT_EQ(encode_tlv(kOctetString, element->content), input);
}

TEST(DerReaderTest, RejectsMalformedInput) {
  EXPECT_EQ(parse_single(Bytes{0x30}).error().code, "der.truncated");
  EXPECT_EQ(parse_single(Bytes{0x30, 0x05, 0x01}).error().code, "der.truncated");
  EXPECT_EQ(parse_single(Bytes{0x30, 0x80, 0x00, 0x00}).error().code, "der.indefinite_length");
  EXPECT_EQ(parse_single(Bytes{0x1f, 0x81, 0x00}).error().code, "der.high_tag_number");
  EXPECT_EQ(parse_single(Bytes{0x05, 0x00, 0x00}).error().code, "der.trailing_data");
  EXPECT_EQ(parse_single(Bytes{0x04, 0x85, 1, 0, 0, 0, 0}).error().code, "der.bad_length");
  const Bytes integer{0x02, 0x01, 0x00};
  Reader reader(integer);
  EXPECT_EQ(reader.expect(kSequence, "x").error().code, "der.unexpected_tag");
}

TEST(DerReaderTest, DecodesOid) {
  // 1.2.156.10197.1.501
  const Bytes input{0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75};
  auto element = parse_single(input);
  ASSERT_TRUE(element.ok());
  EXPECT_EQ(*read_oid(*element, "alg"), "1.2.156.10197.1.501");
}

TEST(DerReaderTest, BitStringNeedsZeroUnusedBits) {
  const Bytes good_input{0x03, 0x02, 0x00, 0xaa};
  const Bytes bad_input{0x03, 0x02, 0x04, 0xa0};
  auto ok = parse_single(good_input);
  EXPECT_EQ(read_bit_string(*ok, "b")->size(), 1u);
  auto bad = parse_single(bad_input);
  EXPECT_EQ(read_bit_string(*bad, "b").error().code, "der.bad_bit_string");
}

}  // namespace
}  // namespace gmseal::der
