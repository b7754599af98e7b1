#include "util/der.h"

namespace gmseal::der {

Reader::Reader(ByteView input, std::size_t base_offset)
    : input_(input), base_offset_(base_offset) {}

Result<Element> Reader::peek() const {
  const std::size_t start = pos_;
  const std::size_t size = input_.size();
  const std::string where = " at offset " + std::to_string(base_offset_ + start);
  if (start >= size) return make_error("der.truncated", "expected an element" + where);
  const std::uint8_t tag = input_[start];
  if ((tag & 0x1f) == 0x1f) {
    return make_error("der.high_tag_number", "multi-byte tag numbers are not supported" + where);
  }
  if (start + 1 >= size) return make_error("der.truncated", "element has no length" + where);
  std::size_t cursor = start + 1;
  const std::uint8_t first = input_[cursor++];
  std::size_t length = 0;
  if (first < 0x80) {
    length = first;
  } else if (first == 0x80) {
    return make_error("der.indefinite_length", "indefinite-length encoding" + where);
  } else {
    const std::size_t count = first & 0x7f;
    if (count > 4) return make_error("der.bad_length", "length field too long" + where);
    if (cursor + count > size) return make_error("der.truncated", "length truncated" + where);
    for (std::size_t i = 0; i < count; ++i) length = length << 8 | input_[cursor++];
  }
  if (length > size - cursor) {
    return make_error("der.truncated", "element length " + std::to_string(length) +
                                           " exceeds the " + std::to_string(size - cursor) +
                                           " bytes available" + where);
  }
  Element element;
  element.tag = tag;
  element.whole = input_.subspan(start, cursor - start + length);
  element.content = input_.subspan(cursor, length);
  element.offset = base_offset_ + start;
  return element;
}

Result<Element> Reader::next() {
  GMSEAL_ASSIGN_OR_RETURN(Element element, peek());
  pos_ += element.whole.size();
  return element;
}

namespace {
std::string tag_hex(std::uint8_t tag) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[tag >> 4] + kDigits[tag & 0xf];
}
}  // namespace

Result<Element> Reader::expect(std::uint8_t tag, const std::string& what) {
  if (at_end()) {
    return make_error(
        "der.truncated",
        what + " is missing (structure ends at offset " + std::to_string(base_offset_ + pos_) + ")",
        what);
  }
  GMSEAL_ASSIGN_OR_RETURN(Element element, peek());
  if (element.tag != tag) {
    return make_error("der.unexpected_tag",
                      what + ": expected tag " + tag_hex(tag) + " but found " +
                          tag_hex(element.tag) + " at offset " + std::to_string(element.offset),
                      what);
  }
  pos_ += element.whole.size();
  return element;
}

Result<Element> parse_single(ByteView input) {
  Reader reader(input);
  GMSEAL_ASSIGN_OR_RETURN(Element element, reader.next());
  if (!reader.at_end()) {
    return make_error("der.trailing_data",
                      std::to_string(reader.remaining()) + " bytes follow the top-level element");
  }
  return element;
}

Result<std::size_t> count_children(const Element& element) {
  Reader reader(element.content, element.offset + element.whole.size() - element.content.size());
  std::size_t count = 0;
  while (!reader.at_end()) {
    GMSEAL_RETURN_IF_ERROR(reader.next());
    ++count;
  }
  return count;
}

Result<std::int64_t> read_integer(const Element& element, const std::string& what) {
  const ByteView c = element.content;
  if (c.empty() || c.size() > 8) {
    return make_error("der.bad_integer",
                      what + ": INTEGER of " + std::to_string(c.size()) + " bytes is out of range",
                      what);
  }
  std::int64_t value = (c[0] & 0x80) ? -1 : 0;
  for (const std::uint8_t b : c)
    value = static_cast<std::int64_t>(static_cast<std::uint64_t>(value) << 8 | b);
  return value;
}

Result<ByteView> read_bit_string(const Element& element, const std::string& what) {
  if (element.content.empty()) {
    return make_error("der.bad_bit_string", what + ": BIT STRING has no unused-bits octet", what);
  }
  if (element.content[0] != 0) {
    return make_error("der.bad_bit_string",
                      what + ": BIT STRING has " + std::to_string(element.content[0]) +
                          " unused bits; a whole number of bytes is required",
                      what);
  }
  return element.content.subspan(1);
}

Result<std::string> read_oid(const Element& element, const std::string& what) {
  const ByteView c = element.content;
  if (c.empty() || (c.back() & 0x80) != 0) {
    return make_error("der.bad_oid", what + ": malformed OBJECT IDENTIFIER", what);
  }
  std::string text;
  std::uint64_t value = 0;
  bool first = true;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (value > (UINT64_MAX >> 7)) return make_error("der.bad_oid", what + ": arc too large", what);
    value = value << 7 | (c[i] & 0x7f);
    if ((c[i] & 0x80) != 0) continue;
    if (first) {
      const std::uint64_t top = value < 40 ? 0 : value < 80 ? 1 : 2;
      text = std::to_string(top) + "." + std::to_string(value - top * 40);
      first = false;
    } else {
      text += "." + std::to_string(value);
    }
    value = 0;
  }
  return text;
}

Bytes encode_length(std::size_t length) {
  if (length < 0x80) return {static_cast<std::uint8_t>(length)};
  Bytes digits;
  while (length > 0) {
    digits.insert(digits.begin(), static_cast<std::uint8_t>(length & 0xff));
    length >>= 8;
  }
  digits.insert(digits.begin(), static_cast<std::uint8_t>(0x80 | digits.size()));
  return digits;
}

Bytes encode_tlv(std::uint8_t tag, ByteView content) {
  Bytes out{tag};
  const Bytes length = encode_length(content.size());
  out.insert(out.end(), length.begin(), length.end());
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

}  // namespace gmseal::der
