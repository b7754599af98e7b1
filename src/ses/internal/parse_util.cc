#include "ses/internal/parse_util.h"

namespace gmseal::ses::internal {

Error malformed(const std::string& code, const std::string& field, const Error& cause) {
  return make_error(code, field + ": " + cause.message, field);
}

Error malformed(const std::string& code, const std::string& field, const std::string& why) {
  return make_error(code, field + ": " + why, field);
}

Result<der::Element> outer_sequence(ByteView der, const std::string& code, const std::string& field,
                                    const std::string& versions, std::size_t* count) {
  auto top = der::parse_single(der);
  if (!top.ok()) return malformed(code, field, top.error());
  if (top->tag != der::kSequence) return malformed(code, field, "expected a SEQUENCE");
  auto n = der::count_children(*top);
  if (!n.ok()) return malformed(code, field, n.error());
  if (*n != 2 && *n != 4 && *n != 5) {
    return malformed(code, field, "has " + std::to_string(*n) + " elements; expected " + versions);
  }
  *count = *n;
  return top;
}

Result<der::Element> next_element(der::Reader& reader, const std::string& code,
                                  const std::string& field) {
  if (reader.at_end()) return malformed(code, field, "missing (the structure ends early)");
  auto e = reader.next();
  if (!e.ok()) return malformed(code, field, e.error());
  return e;
}

Result<der::Element> expect_element(der::Reader& reader, std::uint8_t tag, const std::string& code,
                                    const std::string& field) {
  auto e = reader.expect(tag, field);
  if (!e.ok()) return malformed(code, field, e.error());
  return e;
}

Result<std::string> read_text(const der::Element& e, const std::string& code,
                              const std::string& field) {
  switch (e.tag) {
    case der::kIa5String:
    case der::kUtf8String:
    case der::kPrintableString:
    case 0x1a:  // VisibleString
    case 0x14:  // T61String
    case 0x1e:  // BMPString (kept as raw bytes)
      return gmseal::to_string(e.content);
    default:
      return malformed(code, field,
                       "expected a character string, found tag " + std::to_string(e.tag));
  }
}

Result<std::int64_t> read_int(const der::Element& e, const std::string& code,
                              const std::string& field) {
  if (e.tag != der::kInteger) return malformed(code, field, "expected an INTEGER");
  auto value = der::read_integer(e, field);
  if (!value.ok()) return malformed(code, field, value.error());
  return value;
}

Result<Time> read_time(const der::Element& e, const std::string& code, const std::string& field) {
  const std::string text = gmseal::to_string(e.content);
  Result<Time> t = make_error(code, "", field);
  if (e.tag == der::kGeneralizedTime) {
    t = parse_generalized_time(text);
  } else if (e.tag == der::kUtcTime) {
    t = parse_utc_time(text);
  } else {
    return malformed(code, field, "expected GeneralizedTime or UTCTime");
  }
  if (!t.ok()) return malformed(code, field, t.error());
  return t;
}

Result<Bytes> read_bits_or_octets(const der::Element& e, const std::string& code,
                                  const std::string& field) {
  if (e.tag == der::kOctetString) return Bytes(e.content.begin(), e.content.end());
  if (e.tag != der::kBitString) return malformed(code, field, "expected a BIT STRING");
  auto bits = der::read_bit_string(e, field);
  if (!bits.ok()) return malformed(code, field, bits.error());
  return Bytes(bits->begin(), bits->end());
}

Result<std::vector<ExtData>> read_ext_datas(const der::Element& e, const std::string& code,
                                            const std::string& field) {
  if (e.tag != der::kSequence) return malformed(code, field, "expected SEQUENCE OF ExtData");
  std::vector<ExtData> out;
  der::Reader list(e.content, e.offset + (e.whole.size() - e.content.size()));
  while (!list.at_end()) {
    const std::string item = field + "[" + std::to_string(out.size()) + "]";
    GMSEAL_ASSIGN_OR_RETURN(const der::Element ext,
                            expect_element(list, der::kSequence, code, item));
    der::Reader r(ext.content, ext.offset + (ext.whole.size() - ext.content.size()));
    ExtData data;
    GMSEAL_ASSIGN_OR_RETURN(const der::Element oid,
                            expect_element(r, der::kOid, code, item + ".extnID"));
    auto oid_text = der::read_oid(oid, item + ".extnID");
    if (!oid_text.ok()) return malformed(code, item + ".extnID", oid_text.error());
    data.oid = *oid_text;
    GMSEAL_ASSIGN_OR_RETURN(der::Element next, next_element(r, code, item + ".extnValue"));
    if (next.tag == der::kBoolean) {  // DEFAULT FALSE: present in every real file, optional here
      if (next.content.size() != 1) return malformed(code, item + ".critical", "bad BOOLEAN");
      data.critical = next.content[0] != 0;
      GMSEAL_ASSIGN_OR_RETURN(next, next_element(r, code, item + ".extnValue"));
    }
    if (next.tag != der::kOctetString) {
      return malformed(code, item + ".extnValue", "expected an OCTET STRING");
    }
    data.value.assign(next.content.begin(), next.content.end());
    if (!r.at_end()) return malformed(code, item, "unexpected trailing elements");
    out.push_back(std::move(data));
  }
  return out;
}

}  // namespace gmseal::ses::internal
