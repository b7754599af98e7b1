// A minimal DER/BER TLV reader that keeps exact byte spans.
//
// Signatures in SES, X.509 and CRLs are verified over the bytes that were parsed, never over a
// re-encoding, so parsers built on this reader record `whole` spans of what was signed.
// Definite lengths only (indefinite-length BER is rejected with der.indefinite_length); tag
// numbers up to 30 (every structure gmseal reads uses low tag numbers).
//
// Spans alias the input given to DerReader; the caller keeps that buffer alive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::der {

// Universal tags.
inline constexpr std::uint8_t kBoolean = 0x01;
inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kBitString = 0x03;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kNull = 0x05;
inline constexpr std::uint8_t kOid = 0x06;
inline constexpr std::uint8_t kUtf8String = 0x0c;
inline constexpr std::uint8_t kPrintableString = 0x13;
inline constexpr std::uint8_t kIa5String = 0x16;
inline constexpr std::uint8_t kUtcTime = 0x17;
inline constexpr std::uint8_t kGeneralizedTime = 0x18;
inline constexpr std::uint8_t kSequence = 0x30;
inline constexpr std::uint8_t kSet = 0x31;

struct Element {
  std::uint8_t tag = 0;    // the identifier octet (class, constructed bit, number)
  ByteView whole;          // identifier + length + content
  ByteView content;        // content octets only
  std::size_t offset = 0;  // offset of `whole` within the reader's input

  bool constructed() const { return (tag & 0x20) != 0; }
  bool is_context(int number) const { return (tag & 0xc0) == 0x80 && (tag & 0x1f) == number; }
};

class Reader {
 public:
  // `base_offset` is added to reported offsets (for readers over nested content).
  explicit Reader(ByteView input, std::size_t base_offset = 0);

  bool at_end() const { return pos_ >= input_.size(); }
  std::size_t remaining() const { return input_.size() - pos_; }

  // Reads the next element. Errors: der.truncated, der.bad_length, der.indefinite_length,
  // der.high_tag_number.
  Result<Element> next();
  Result<Element> peek() const;
  // Reads the next element and requires its identifier octet to equal `tag`
  // (der.unexpected_tag otherwise; `what` names the field in the message).
  Result<Element> expect(std::uint8_t tag, const std::string& what);

 private:
  ByteView input_;
  std::size_t pos_ = 0;
  std::size_t base_offset_ = 0;
};

// Parses exactly one element covering all of `input` (der.trailing_data if bytes follow).
Result<Element> parse_single(ByteView input);

// Counts the elements in a constructed element's content.
Result<std::size_t> count_children(const Element& element);

// Content decoders (errors name `what`).
Result<std::int64_t> read_integer(const Element& element, const std::string& what);
// BIT STRING content without its unused-bits octet; non-zero unused bits are an error.
Result<ByteView> read_bit_string(const Element& element, const std::string& what);
// Dotted-decimal text of an OBJECT IDENTIFIER.
Result<std::string> read_oid(const Element& element, const std::string& what);

// Encoders for the few places that build DER by hand (the rest uses OpenSSL templates).
Bytes encode_length(std::size_t length);
Bytes encode_tlv(std::uint8_t tag, ByteView content);

}  // namespace gmseal::der
