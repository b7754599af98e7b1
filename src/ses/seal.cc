#include "ses/seal.h"

#include "ses/cert_cache.h"
#include "ses/internal/parse_util.h"
#include "ses/internal/ses_asn1.h"
#include "util/der.h"

namespace gmseal::ses {

using internal::expect_element;
using internal::malformed;
using internal::next_element;
using internal::outer_sequence;

std::string_view to_string(Format format) {
  switch (format) {
    case Format::kV1:
      return "v1";
    case Format::kV4:
      return "v4";
    case Format::kV5:
      return "v5";
  }
  return "unknown";
}

namespace {

const std::string kCode = "ses.seal.malformed";

der::Reader children(const der::Element& e) {
  return der::Reader(e.content, e.offset + (e.whole.size() - e.content.size()));
}

Result<SealHeader> parse_header(const der::Element& e) {
  if (e.tag != der::kSequence) return malformed(kCode, "eSealInfo.header", "expected a SEQUENCE");
  der::Reader r = children(e);
  SealHeader header;
  GMSEAL_ASSIGN_OR_RETURN(const der::Element id, next_element(r, kCode, "header.ID"));
  GMSEAL_ASSIGN_OR_RETURN(header.id, internal::read_text(id, kCode, "header.ID"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element version, next_element(r, kCode, "header.version"));
  GMSEAL_ASSIGN_OR_RETURN(header.version, internal::read_int(version, kCode, "header.version"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element vid, next_element(r, kCode, "header.Vid"));
  GMSEAL_ASSIGN_OR_RETURN(header.vid, internal::read_text(vid, kCode, "header.Vid"));
  if (!r.at_end()) return malformed(kCode, "header", "unexpected trailing elements");
  return header;
}

Status parse_cert_list(const der::Element& e, SealProperty& property) {
  if (e.tag != der::kSequence) return malformed(kCode, "property.certList", "expected SEQUENCE OF");
  der::Reader r = children(e);
  while (!r.at_end()) {
    const std::string field = "property.certList[" +
                              std::to_string(property.certs.size() + property.cert_digests.size() +
                                             property.cert_ids.size()) +
                              "]";
    GMSEAL_ASSIGN_OR_RETURN(const der::Element item, next_element(r, kCode, field));
    if (property.cert_list_type == CertListType::kCertificates) {
      if (item.tag == der::kOctetString) {
        property.certs.emplace_back(item.content.begin(), item.content.end());
      } else if (item.tag == der::kSequence) {  // a bare Certificate, not wrapped
        property.certs.emplace_back(item.whole.begin(), item.whole.end());
      } else if (item.tag == der::kIa5String) {  // v1 certID (dms360-v1-seal.ofd)
        property.cert_ids.push_back(gmseal::to_string(item.content));
      } else {
        return malformed(kCode, field, "expected an OCTET STRING holding a certificate");
      }
    } else {
      if (item.tag != der::kSequence) return malformed(kCode, field, "expected CertDigestObj");
      der::Reader d = children(item);
      CertDigest digest;
      GMSEAL_ASSIGN_OR_RETURN(const der::Element type, next_element(d, kCode, field + ".type"));
      GMSEAL_ASSIGN_OR_RETURN(digest.type, internal::read_text(type, kCode, field + ".type"));
      GMSEAL_ASSIGN_OR_RETURN(const der::Element value,
                              expect_element(d, der::kOctetString, kCode, field + ".value"));
      digest.value.assign(value.content.begin(), value.content.end());
      if (!d.at_end()) return malformed(kCode, field, "unexpected trailing elements");
      property.cert_digests.push_back(std::move(digest));
    }
  }
  return {};
}

// `v1_layout` is set when the property has no certListType (GM/T 0031-2014).
Result<SealProperty> parse_property(const der::Element& e, bool& v1_layout) {
  if (e.tag != der::kSequence) return malformed(kCode, "property", "expected a SEQUENCE");
  der::Reader r = children(e);
  SealProperty p;
  GMSEAL_ASSIGN_OR_RETURN(const der::Element type, next_element(r, kCode, "property.type"));
  GMSEAL_ASSIGN_OR_RETURN(p.type, internal::read_int(type, kCode, "property.type"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element name, next_element(r, kCode, "property.name"));
  GMSEAL_ASSIGN_OR_RETURN(p.name, internal::read_text(name, kCode, "property.name"));
  GMSEAL_ASSIGN_OR_RETURN(der::Element next, next_element(r, kCode, "property.certList"));
  v1_layout = next.tag != der::kInteger;
  if (!v1_layout) {
    GMSEAL_ASSIGN_OR_RETURN(const std::int64_t list_type,
                            internal::read_int(next, kCode, "property.certListType"));
    if (list_type != 1 && list_type != 2) {
      return make_error("ses.seal.bad_cert_list_type",
                        "property.certListType is " + std::to_string(list_type) +
                            "; expected 1 (certificates) or 2 (certificate digests)",
                        "property.certListType");
    }
    p.cert_list_type = static_cast<CertListType>(list_type);
    GMSEAL_ASSIGN_OR_RETURN(next, next_element(r, kCode, "property.certList"));
  }
  GMSEAL_RETURN_IF_ERROR(parse_cert_list(next, p));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element created,
                          next_element(r, kCode, "property.createDate"));
  GMSEAL_ASSIGN_OR_RETURN(p.create_date,
                          internal::read_time(created, kCode, "property.createDate"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element start, next_element(r, kCode, "property.validStart"));
  GMSEAL_ASSIGN_OR_RETURN(p.valid_start, internal::read_time(start, kCode, "property.validStart"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element end, next_element(r, kCode, "property.validEnd"));
  GMSEAL_ASSIGN_OR_RETURN(p.valid_end, internal::read_time(end, kCode, "property.validEnd"));
  if (!r.at_end()) return malformed(kCode, "property", "unexpected trailing elements");
  return p;
}

Result<SealPicture> parse_picture(const der::Element& e) {
  if (e.tag != der::kSequence) return malformed(kCode, "picture", "expected a SEQUENCE");
  der::Reader r = children(e);
  SealPicture picture;
  GMSEAL_ASSIGN_OR_RETURN(const der::Element type, next_element(r, kCode, "picture.type"));
  GMSEAL_ASSIGN_OR_RETURN(picture.type, internal::read_text(type, kCode, "picture.type"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element data,
                          expect_element(r, der::kOctetString, kCode, "picture.data"));
  picture.data.assign(data.content.begin(), data.content.end());
  GMSEAL_ASSIGN_OR_RETURN(const der::Element width, next_element(r, kCode, "picture.width"));
  GMSEAL_ASSIGN_OR_RETURN(picture.width_mm, internal::read_int(width, kCode, "picture.width"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element height, next_element(r, kCode, "picture.height"));
  GMSEAL_ASSIGN_OR_RETURN(picture.height_mm, internal::read_int(height, kCode, "picture.height"));
  if (!r.at_end()) return malformed(kCode, "picture", "unexpected trailing elements");
  return picture;
}

// extDatas: untagged (38540, every real file), `[0]` EXPLICIT, or wrapped in an OCTET STRING
// (both seen by ofdrw's v1 reader in "non-standard seals").
Result<std::vector<ExtData>> parse_ext_datas(const der::Element& e) {
  if (e.tag == der::kSequence) return internal::read_ext_datas(e, kCode, "extDatas");
  if (e.tag == 0xa0 || e.tag == der::kOctetString) {
    der::Reader r = children(e);
    GMSEAL_ASSIGN_OR_RETURN(const der::Element inner,
                            expect_element(r, der::kSequence, kCode, "extDatas"));
    if (!r.at_end()) return malformed(kCode, "extDatas", "unexpected trailing elements");
    return internal::read_ext_datas(inner, kCode, "extDatas");
  }
  return malformed(kCode, "extDatas", "unexpected element after picture");
}

Result<SealInfo> parse_seal_info(const der::Element& e, bool& v1_layout) {
  der::Reader r = children(e);
  SealInfo info;
  GMSEAL_ASSIGN_OR_RETURN(const der::Element header, next_element(r, kCode, "header"));
  GMSEAL_ASSIGN_OR_RETURN(info.header, parse_header(header));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element es_id, next_element(r, kCode, "esID"));
  GMSEAL_ASSIGN_OR_RETURN(info.es_id, internal::read_text(es_id, kCode, "esID"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element property, next_element(r, kCode, "property"));
  GMSEAL_ASSIGN_OR_RETURN(info.property, parse_property(property, v1_layout));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element picture, next_element(r, kCode, "picture"));
  GMSEAL_ASSIGN_OR_RETURN(info.picture, parse_picture(picture));
  if (!r.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(const der::Element ext, next_element(r, kCode, "extDatas"));
    GMSEAL_ASSIGN_OR_RETURN(info.ext_datas, parse_ext_datas(ext));
  }
  if (!r.at_end()) return malformed(kCode, "eSealInfo", "unexpected trailing elements");
  return info;
}

Result<Bytes> parse_cert(const der::Element& e, const std::string& field) {
  if (e.tag == der::kOctetString) return Bytes(e.content.begin(), e.content.end());
  if (e.tag == der::kSequence) return Bytes(e.whole.begin(), e.whole.end());
  return malformed(kCode, field, "expected an OCTET STRING holding a certificate");
}

Result<std::string> parse_alg(const der::Element& e, const std::string& field) {
  if (e.tag != der::kOid) return malformed(kCode, field, "expected an OBJECT IDENTIFIER");
  auto oid = der::read_oid(e, field);
  if (!oid.ok()) return malformed(kCode, field, oid.error());
  return oid;
}

// timeStamp [0]: EXPLICIT (A0 { BIT STRING }, as ofdrw writes), IMPLICIT (80/A0 primitive) or
// an untagged BIT STRING.
Result<Bytes> parse_timestamp(const der::Element& e, const std::string& code,
                              const std::string& field) {
  if (e.tag == 0xa0) {
    der::Reader r = children(e);
    GMSEAL_ASSIGN_OR_RETURN(const der::Element inner, next_element(r, code, field));
    if (!r.at_end()) return malformed(code, field, "unexpected trailing elements");
    return internal::read_bits_or_octets(inner, code, field);
  }
  if (e.tag == 0x80) {
    if (!e.content.empty() && e.content[0] == 0) {
      return Bytes(e.content.begin() + 1, e.content.end());
    }
    return Bytes(e.content.begin(), e.content.end());
  }
  if (e.tag == der::kBitString || e.tag == der::kOctetString) {
    return internal::read_bits_or_octets(e, code, field);
  }
  return malformed(code, field, "expected [0] BIT STRING");
}

}  // namespace

namespace internal {
// Shared with signature.cc.
Result<Bytes> parse_timestamp_field(const der::Element& e, const std::string& code,
                                    const std::string& field) {
  return parse_timestamp(e, code, field);
}
}  // namespace internal

Result<Seal> Seal::parse(ByteView input) {
  Seal seal;
  seal.der_.assign(input.begin(), input.end());
  const ByteView der = seal.der_;

  std::size_t count = 0;
  GMSEAL_ASSIGN_OR_RETURN(
      const der::Element top,
      outer_sequence(der, kCode, "SESeal", "2 (GM/T 0031-2014), 4 (GB/T 38540) or 5 (v5)", &count));

  der::Reader r = children(top);
  GMSEAL_ASSIGN_OR_RETURN(const der::Element info,
                          expect_element(r, der::kSequence, kCode, "eSealInfo"));
  der::Element cert, alg, value;
  if (count == 2) {
    GMSEAL_ASSIGN_OR_RETURN(const der::Element sign_info,
                            expect_element(r, der::kSequence, kCode, "signInfo"));
    der::Reader s = children(sign_info);
    GMSEAL_ASSIGN_OR_RETURN(cert, next_element(s, kCode, "signInfo.cert"));
    GMSEAL_ASSIGN_OR_RETURN(alg, next_element(s, kCode, "signInfo.signatureAlgorithm"));
    GMSEAL_ASSIGN_OR_RETURN(value, next_element(s, kCode, "signInfo.signData"));
    if (!s.at_end()) return malformed(kCode, "signInfo", "unexpected trailing elements");
    seal.format_ = Format::kV1;
  } else {
    GMSEAL_ASSIGN_OR_RETURN(cert, next_element(r, kCode, "cert"));
    GMSEAL_ASSIGN_OR_RETURN(alg, next_element(r, kCode, "signAlgID"));
    GMSEAL_ASSIGN_OR_RETURN(value, next_element(r, kCode, "signedValue"));
    if (count == 5) {
      GMSEAL_ASSIGN_OR_RETURN(const der::Element ts, next_element(r, kCode, "timeStamp"));
      GMSEAL_ASSIGN_OR_RETURN(seal.timestamp_, parse_timestamp(ts, kCode, "timeStamp"));
    }
    seal.format_ = count == 5 ? Format::kV5 : Format::kV4;
  }

  bool v1_layout = false;
  GMSEAL_ASSIGN_OR_RETURN(seal.info_, parse_seal_info(info, v1_layout));
  if (seal.format_ != Format::kV1 && v1_layout) {
    return malformed(kCode, "property.certListType",
                     "missing in a GB/T 38540 seal (a GM/T 0031-2014 property layout)");
  }
  if (seal.format_ == Format::kV4 && seal.info_.header.version == 5) seal.format_ = Format::kV5;

  const std::string cert_field = seal.format_ == Format::kV1 ? "signInfo.cert" : "cert";
  GMSEAL_ASSIGN_OR_RETURN(seal.maker_cert_der_, parse_cert(cert, cert_field));
  GMSEAL_ASSIGN_OR_RETURN(
      seal.sign_alg_oid_,
      parse_alg(alg, seal.format_ == Format::kV1 ? "signInfo.signatureAlgorithm" : "signAlgID"));
  GMSEAL_ASSIGN_OR_RETURN(
      seal.signed_value_,
      internal::read_bits_or_octets(
          value, kCode, seal.format_ == Format::kV1 ? "signInfo.signData" : "signedValue"));

  seal.info_offset_ = static_cast<std::size_t>(info.whole.data() - der.data());
  seal.info_length_ = info.whole.size();
  seal.cert_tlv_.assign(cert.whole.begin(), cert.whole.end());
  seal.alg_tlv_.assign(alg.whole.begin(), alg.whole.end());
  if (seal.format_ == Format::kV1) seal.v1_signed_ = seal.alternate_signed_bytes();
  return seal;
}

ByteView Seal::seal_info_bytes() const {
  return ByteView(der_).subspan(info_offset_, info_length_);
}

ByteView Seal::signed_bytes() const {
  return format_ == Format::kV1 ? ByteView(v1_signed_) : seal_info_bytes();
}

Bytes Seal::alternate_signed_bytes() const {
  if (format_ == Format::kV1 && !v1_signed_.empty()) {
    const ByteView info = seal_info_bytes();
    return Bytes(info.begin(), info.end());
  }
  Bytes content;
  const ByteView info = seal_info_bytes();
  content.insert(content.end(), info.begin(), info.end());
  content.insert(content.end(), cert_tlv_.begin(), cert_tlv_.end());
  content.insert(content.end(), alg_tlv_.begin(), alg_tlv_.end());
  return der::encode_tlv(der::kSequence, content);
}

Result<crypto::Certificate> Seal::maker_cert() const {
  GMSEAL_ASSIGN_OR_RETURN(CachedCertificate cached, cached_certificate(maker_cert_der_));
  return cached.cert;
}

Result<Bytes> Seal::encode() const {
  if (format_ == Format::kV1) {
    return make_error("ses.seal.v1_read_only",
                      "GM/T 0031-2014 (v1) seals are read, not written; gmseal writes v4 or v5");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes info, internal::encode_seal_info(info_));
  return internal::encode_seal(info, maker_cert_der_, sign_alg_oid_, signed_value_, timestamp_);
}

}  // namespace gmseal::ses
