#include "util/der_writer.h"

#include <vector>

namespace gmseal::der {

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (const ByteView part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

Bytes encode_integer(std::int64_t value) {
  Bytes content;
  for (int shift = 56; shift >= 0; shift -= 8) {
    content.push_back(
        static_cast<std::uint8_t>((static_cast<std::uint64_t>(value) >> shift) & 0xff));
  }
  // Minimal: drop a leading octet that only repeats the sign of the next one.
  while (content.size() > 1 && ((content[0] == 0x00 && (content[1] & 0x80) == 0) ||
                                (content[0] == 0xff && (content[1] & 0x80) != 0))) {
    content.erase(content.begin());
  }
  return encode_tlv(kInteger, content);
}

Bytes encode_oid(std::string_view dotted) {
  std::vector<std::uint64_t> arcs;
  std::uint64_t value = 0;
  bool digits = false;
  for (const char c : dotted) {
    if (c == '.') {
      if (!digits) return encode_tlv(kOid, {});
      arcs.push_back(value);
      value = 0;
      digits = false;
    } else if (c >= '0' && c <= '9') {
      value = value * 10 + static_cast<std::uint64_t>(c - '0');
      digits = true;
    } else {
      return encode_tlv(kOid, {});
    }
  }
  if (!digits) return encode_tlv(kOid, {});
  arcs.push_back(value);
  if (arcs.size() < 2) return encode_tlv(kOid, {});
  Bytes content;
  const auto base128 = [&content](std::uint64_t arc) {
    Bytes groups{static_cast<std::uint8_t>(arc & 0x7f)};
    for (arc >>= 7; arc != 0; arc >>= 7) {
      groups.insert(groups.begin(), static_cast<std::uint8_t>(0x80 | (arc & 0x7f)));
    }
    content.insert(content.end(), groups.begin(), groups.end());
  };
  base128(arcs[0] * 40 + arcs[1]);
  for (std::size_t i = 2; i < arcs.size(); ++i) base128(arcs[i]);
  return encode_tlv(kOid, content);
}

Bytes encode_text(std::uint8_t tag, std::string_view text) {
  return encode_tlv(tag, to_bytes(text));
}

Bytes encode_bit_string(ByteView bits) {
  Bytes content{0x00};
  content.insert(content.end(), bits.begin(), bits.end());
  return encode_tlv(kBitString, content);
}

Bytes encode_generalized_time(Time t) {
  return encode_text(kGeneralizedTime, format_generalized_time(t));
}

}  // namespace gmseal::der
