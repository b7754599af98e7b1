#include "crypto/cms_signed_data.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

#include "crypto/sm2.h"
#include "util/der.h"
#include "util/der_writer.h"

namespace gmseal::crypto {

namespace {

constexpr std::string_view kOidSm2Plain = "1.2.156.10197.1.301";
constexpr std::string_view kOidSha256 = "2.16.840.1.101.3.4.2.1";

Error malformed(const std::string& what) {
  return make_error("crypto.cms.malformed", "CMS SignedData: " + what);
}

// Prefixes DER-reader errors with the CMS field being read.
template <typename T>
Result<T> in_field(Result<T> result, const std::string& field) {
  if (result.ok()) return result;
  return make_error("crypto.cms.malformed",
                    "CMS SignedData: " + field + ": " + result.error().message, field);
}

void append(Bytes& out, ByteView part) { out.insert(out.end(), part.begin(), part.end()); }

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (const ByteView p : parts) append(out, p);
  return out;
}

using der::encode_oid;

Bytes algorithm_id(std::string_view oid) {
  return der::encode_tlv(der::kSequence, encode_oid(oid));
}

std::string hex_no_leading_zeros(ByteView bytes) {
  std::string hex = hex_encode(bytes);
  const auto first = hex.find_first_not_of('0');
  return first == std::string::npos ? "0" : hex.substr(first);
}

bool is_signed_data_oid(std::string_view oid) {
  return oid == kOidGbtSignedData || oid == kOidPkcs7SignedData;
}

bool is_sm2_signature_oid(std::string_view oid) {
  return oid == kOidSm2Sign || oid == kOidSm2WithSm3 || oid == kOidSm2Plain;
}

// UTCTime for 1950..2049 (RFC 5652 §11.3), GeneralizedTime otherwise.
Bytes encode_time(Time t) {
  const std::string generalized = format_generalized_time(t);
  const int year = std::stoi(generalized.substr(0, 4));
  if (year >= 1950 && year < 2050) {
    return der::encode_tlv(der::kUtcTime, to_bytes(generalized.substr(2)));
  }
  return der::encode_tlv(der::kGeneralizedTime, to_bytes(generalized));
}

Result<Time> decode_time(const der::Element& e) {
  const std::string text = to_string(e.content);
  if (e.tag == der::kUtcTime) return parse_utc_time(text);
  if (e.tag == der::kGeneralizedTime) return parse_generalized_time(text);
  return malformed("signingTime is neither UTCTime nor GeneralizedTime");
}

Bytes attribute(std::string_view oid, ByteView value) {
  return der::encode_tlv(der::kSequence,
                         concat({encode_oid(oid), der::encode_tlv(der::kSet, value)}));
}

Result<CmsSignerInfo> parse_signer_info(const der::Element& element) {
  CmsSignerInfo info;
  const std::size_t base = element.offset + element.whole.size() - element.content.size();
  der::Reader reader(element.content, base);
  GMSEAL_ASSIGN_OR_RETURN(der::Element version,
                          in_field(reader.expect(der::kInteger, "SignerInfo.version"), "version"));
  GMSEAL_ASSIGN_OR_RETURN(std::int64_t v, der::read_integer(version, "SignerInfo.version"));
  info.version = static_cast<int>(v);
  GMSEAL_ASSIGN_OR_RETURN(der::Element sid, in_field(reader.next(), "SignerInfo.sid"));
  if (sid.tag == der::kSequence) {
    der::Reader sid_reader(sid.content, sid.offset + 2);
    GMSEAL_ASSIGN_OR_RETURN(der::Element issuer,
                            in_field(sid_reader.expect(der::kSequence, "issuer"), "sid.issuer"));
    GMSEAL_ASSIGN_OR_RETURN(der::Element serial,
                            in_field(sid_reader.expect(der::kInteger, "serial"), "sid.serial"));
    info.issuer_name = issuer.whole;
    info.serial_hex = hex_no_leading_zeros(serial.content);
  } else if (sid.tag == 0x80) {
    info.subject_key_id.assign(sid.content.begin(), sid.content.end());
  } else {
    return malformed("SignerInfo.sid is neither issuerAndSerialNumber nor subjectKeyIdentifier");
  }
  GMSEAL_ASSIGN_OR_RETURN(
      der::Element digest_alg,
      in_field(reader.expect(der::kSequence, "digestAlgorithm"), "SignerInfo.digestAlgorithm"));
  {
    der::Reader r(digest_alg.content, digest_alg.offset);
    GMSEAL_ASSIGN_OR_RETURN(der::Element oid,
                            in_field(r.expect(der::kOid, "algorithm"), "digestAlgorithm"));
    GMSEAL_ASSIGN_OR_RETURN(info.digest_algorithm, der::read_oid(oid, "digestAlgorithm"));
  }
  GMSEAL_ASSIGN_OR_RETURN(der::Element next, in_field(reader.next(), "SignerInfo"));
  if (next.tag == 0xa0) {
    info.signed_attributes = next.whole;
    der::Reader attrs(next.content, next.offset);
    while (!attrs.at_end()) {
      GMSEAL_ASSIGN_OR_RETURN(der::Element attr,
                              in_field(attrs.expect(der::kSequence, "Attribute"), "signedAttrs"));
      der::Reader ar(attr.content, attr.offset);
      GMSEAL_ASSIGN_OR_RETURN(der::Element type,
                              in_field(ar.expect(der::kOid, "attrType"), "signedAttrs"));
      GMSEAL_ASSIGN_OR_RETURN(std::string oid, der::read_oid(type, "attrType"));
      GMSEAL_ASSIGN_OR_RETURN(der::Element values,
                              in_field(ar.expect(der::kSet, "attrValues"), "signedAttrs"));
      der::Reader vr(values.content, values.offset);
      if (vr.at_end()) continue;
      GMSEAL_ASSIGN_OR_RETURN(der::Element value, in_field(vr.next(), "signedAttrs"));
      if (oid == kOidAttrMessageDigest) {
        if (value.tag != der::kOctetString)
          return malformed("messageDigest is not an OCTET STRING");
        info.message_digest = Bytes(value.content.begin(), value.content.end());
      } else if (oid == kOidAttrContentType) {
        GMSEAL_ASSIGN_OR_RETURN(info.content_type, in_field(der::read_oid(value, "contentType"),
                                                            "signedAttrs.contentType"));
      } else if (oid == kOidAttrSigningTime) {
        GMSEAL_ASSIGN_OR_RETURN(info.signing_time, decode_time(value));
      }
    }
    GMSEAL_ASSIGN_OR_RETURN(next, in_field(reader.next(), "SignerInfo.signatureAlgorithm"));
  }
  if (next.tag != der::kSequence) return malformed("SignerInfo.signatureAlgorithm is missing");
  {
    der::Reader r(next.content, next.offset);
    GMSEAL_ASSIGN_OR_RETURN(der::Element oid,
                            in_field(r.expect(der::kOid, "algorithm"), "signatureAlgorithm"));
    GMSEAL_ASSIGN_OR_RETURN(info.signature_algorithm, der::read_oid(oid, "signatureAlgorithm"));
  }
  GMSEAL_ASSIGN_OR_RETURN(
      der::Element signature,
      in_field(reader.expect(der::kOctetString, "signature"), "SignerInfo.signature"));
  info.signature = signature.content;
  if (!reader.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(der::Element unsigned_attrs,
                            in_field(reader.next(), "SignerInfo.unsignedAttrs"));
    if (unsigned_attrs.tag == 0xa1) {
      der::Reader attrs(unsigned_attrs.content, unsigned_attrs.offset);
      while (!attrs.at_end()) {
        GMSEAL_ASSIGN_OR_RETURN(
            der::Element attr,
            in_field(attrs.expect(der::kSequence, "Attribute"), "unsignedAttrs"));
        der::Reader ar(attr.content, attr.offset);
        GMSEAL_ASSIGN_OR_RETURN(der::Element type,
                                in_field(ar.expect(der::kOid, "attrType"), "unsignedAttrs"));
        GMSEAL_ASSIGN_OR_RETURN(std::string oid, der::read_oid(type, "attrType"));
        GMSEAL_ASSIGN_OR_RETURN(der::Element values,
                                in_field(ar.expect(der::kSet, "attrValues"), "unsignedAttrs"));
        if (oid == kOidAttrTimeStampToken) {
          der::Reader vr(values.content, values.offset);
          if (!vr.at_end()) {
            GMSEAL_ASSIGN_OR_RETURN(der::Element token, in_field(vr.next(), "timeStampToken"));
            info.timestamp_token = token.whole;
          }
        }
      }
    }
  }
  return info;
}

// TSTInfo ::= SEQUENCE { version, policy, messageImprint SEQUENCE { hashAlgorithm, hashedMessage
// OCTET STRING }, serialNumber, genTime GeneralizedTime, ... } (RFC 3161 §2.4.2).
CmsTimestampInfo check_timestamp(ByteView token, ByteView signature_value,
                                 const CmsVerifyInput& input) {
  CmsTimestampInfo info;
  info.token.assign(token.begin(), token.end());
  info.stamped.assign(signature_value.begin(), signature_value.end());
  auto parsed = parse_cms_signed_data(token);
  if (!parsed.ok()) {
    info.detail = "timestamp token: " + parsed.error().message;
    return info;
  }
  if (!parsed->encap_content) {
    info.detail = "timestamp token carries no TSTInfo";
    return info;
  }
  auto read_tst = [&]() -> Status {
    GMSEAL_ASSIGN_OR_RETURN(der::Element tst, der::parse_single(*parsed->encap_content));
    der::Reader r(tst.content);
    GMSEAL_RETURN_IF_ERROR(r.expect(der::kInteger, "TSTInfo.version"));
    GMSEAL_RETURN_IF_ERROR(r.expect(der::kOid, "TSTInfo.policy"));
    GMSEAL_ASSIGN_OR_RETURN(der::Element imprint, r.expect(der::kSequence, "messageImprint"));
    GMSEAL_RETURN_IF_ERROR(r.expect(der::kInteger, "TSTInfo.serialNumber"));
    GMSEAL_ASSIGN_OR_RETURN(der::Element gen_time, r.expect(der::kGeneralizedTime, "genTime"));
    GMSEAL_ASSIGN_OR_RETURN(info.gen_time, parse_generalized_time(to_string(gen_time.content)));
    der::Reader ir(imprint.content);
    GMSEAL_ASSIGN_OR_RETURN(der::Element alg, ir.expect(der::kSequence, "hashAlgorithm"));
    GMSEAL_ASSIGN_OR_RETURN(der::Element hashed, ir.expect(der::kOctetString, "hashedMessage"));
    der::Reader ar(alg.content);
    GMSEAL_ASSIGN_OR_RETURN(der::Element alg_oid, ar.expect(der::kOid, "hashAlgorithm"));
    GMSEAL_ASSIGN_OR_RETURN(const std::string hash_oid, der::read_oid(alg_oid, "hashAlgorithm"));
    // SM2 TSAs in the field imprint with SM3 or SHA-256 (the iText sample uses SHA-256).
    Bytes expected;
    if (hash_oid == kOidSm3) {
      const Sm3Digest d = sm3(signature_value);
      expected.assign(d.begin(), d.end());
    } else if (hash_oid == kOidSha256) {
      expected.resize(SHA256_DIGEST_LENGTH);
      SHA256(signature_value.data(), signature_value.size(), expected.data());
    } else {
      return make_error("crypto.cms.unsupported_algorithm",
                        "timestamp imprint algorithm " + hash_oid + " is not SM3 or SHA-256");
    }
    info.imprint_matches =
        std::equal(hashed.content.begin(), hashed.content.end(), expected.begin(), expected.end());
    return {};
  };
  if (auto s = read_tst(); !s.ok()) {
    info.detail = "timestamp TSTInfo: " + s.error().message;
    return info;
  }
  CmsVerifyInput token_input;
  token_input.content = *parsed->encap_content;
  token_input.id = input.id;
  auto verified = verify_cms_signed_data(token, token_input);
  info.signature_valid = verified.ok();
  if (!verified.ok()) info.detail = "timestamp token signature: " + verified.error().message;
  if (!info.imprint_matches) info.detail = "timestamp imprint is not the hash of the signature";
  return info;
}

}  // namespace

// The issuer Name TLV and serial INTEGER TLV of a certificate, read from its tbsCertificate.
Result<CertIssuerSerial> issuer_and_serial_of(const Certificate& cert) {
  GMSEAL_ASSIGN_OR_RETURN(der::Element tbs, der::parse_single(cert.tbs_bytes()));
  der::Reader reader(tbs.content);
  GMSEAL_ASSIGN_OR_RETURN(der::Element first, reader.next());
  if (first.is_context(0)) {
    GMSEAL_ASSIGN_OR_RETURN(first, reader.next());
  }
  if (first.tag != der::kInteger) return malformed("certificate has no serial number");
  GMSEAL_RETURN_IF_ERROR(reader.expect(der::kSequence, "tbsCertificate.signature"));
  GMSEAL_ASSIGN_OR_RETURN(der::Element issuer, reader.expect(der::kSequence, "issuer"));
  return CertIssuerSerial{issuer.whole, first.whole, first.content};
}

Result<Bytes> build_cms_signed_data(const Sm3Digest& content_sm3, const Certificate& signer_cert,
                                    Signer& signer, const CmsSignOptions& options) {
  // Compared as the raw point: parsing the certificate's key and re-encoding both keys cost more
  // than the signature itself (OpenSSL 3 decoder lookups).
  if (signer_cert.public_key_bits() != signer.public_key().point()) {
    return make_error("crypto.cms.key_mismatch",
                      "the signer certificate does not hold the signing key's public key");
  }
  const bool gbt = options.oid_style == CmsOidStyle::kGbt35275;
  const std::string_view data_oid = gbt ? kOidGbtData : kOidPkcs7Data;
  const std::string_view signed_data_oid = gbt ? kOidGbtSignedData : kOidPkcs7SignedData;
  const std::string_view signature_oid = options.signature_algorithm
                                             ? *options.signature_algorithm
                                             : (gbt ? kOidSm2Sign : kOidSm2WithSm3);

  // SET OF Attribute must be in ascending order of the attributes' encodings (X.690 §11.6).
  const std::string_view content_oid = options.content_type ? *options.content_type : data_oid;
  std::vector<Bytes> attrs = {
      attribute(kOidAttrContentType, encode_oid(content_oid)),
      attribute(kOidAttrMessageDigest, der::encode_tlv(der::kOctetString, content_sm3)),
  };
  if (options.include_signing_time) {
    attrs.push_back(
        attribute(kOidAttrSigningTime, encode_time(options.signing_time.value_or(now()))));
  }
  if (options.algorithm_protection) {
    // CMSAlgorithmProtection ::= SEQUENCE { digestAlgorithm, signatureAlgorithm [1] IMPLICIT }
    const Bytes signature_alg = algorithm_id(signature_oid);
    const Bytes protection = der::encode_tlv(
        der::kSequence,
        concat({algorithm_id(kOidSm3), der::encode_tlv(0xa1, ByteView(signature_alg).subspan(2))}));
    attrs.push_back(attribute(kOidAttrAlgorithmProtection, protection));
  }
  for (const Bytes& extra : options.extra_signed_attributes) attrs.push_back(extra);
  std::sort(attrs.begin(), attrs.end(), [](const Bytes& a, const Bytes& b) {
    const std::size_t n = std::min(a.size(), b.size());
    const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    return c != 0 ? c < 0 : a.size() < b.size();
  });
  Bytes attrs_content;
  for (const Bytes& a : attrs) append(attrs_content, a);
  const Bytes attrs_as_set = der::encode_tlv(der::kSet, attrs_content);
  auto signature = signer.sign(attrs_as_set, options.id);
  if (!signature.ok()) {
    return make_error("crypto.cms.sign_failed",
                      "signing the CMS signed attributes failed: " + signature.error().message);
  }

  GMSEAL_ASSIGN_OR_RETURN(CertIssuerSerial sid, issuer_and_serial_of(signer_cert));
  const Bytes version1 = der::encode_tlv(der::kInteger, Bytes{1});
  Bytes unsigned_attrs;
  if (options.timestamper) {
    auto token = options.timestamper(*signature);
    if (!token.ok()) {
      return make_error("crypto.cms.timestamp_failed",
                        "timestamping the signature failed: " + token.error().message);
    }
    unsigned_attrs = der::encode_tlv(0xa1, attribute(kOidAttrTimeStampToken, *token));
  }
  const Bytes signer_info = der::encode_tlv(
      der::kSequence,
      concat({version1, der::encode_tlv(der::kSequence, concat({sid.issuer, sid.serial_whole})),
              algorithm_id(kOidSm3), der::encode_tlv(0xa0, attrs_content),
              algorithm_id(signature_oid), der::encode_tlv(der::kOctetString, *signature),
              unsigned_attrs}));
  Bytes certs;
  if (options.include_certificates) {
    certs = signer_cert.der();
    for (const Certificate& c : options.extra_certificates) append(certs, c.der());
  }
  Bytes encap = encode_oid(content_oid);
  if (options.attached_content) {
    append(encap,
           der::encode_tlv(0xa0, der::encode_tlv(der::kOctetString, *options.attached_content)));
  }
  // RFC 5652 §5.1: version 3 when the encapsulated content is not id-data.
  const bool other_content = content_oid != data_oid;
  const Bytes signed_data = der::encode_tlv(
      der::kSequence, concat({other_content ? der::encode_tlv(der::kInteger, Bytes{3}) : version1,
                              der::encode_tlv(der::kSet, algorithm_id(kOidSm3)),
                              der::encode_tlv(der::kSequence, encap),
                              certs.empty() ? Bytes{} : der::encode_tlv(0xa0, certs),
                              der::encode_tlv(der::kSet, signer_info)}));
  return der::encode_tlv(der::kSequence,
                         concat({encode_oid(signed_data_oid), der::encode_tlv(0xa0, signed_data)}));
}

Result<CmsSignedData> parse_cms_signed_data(ByteView der) {
  CmsSignedData out;
  der::Reader top(der);
  GMSEAL_ASSIGN_OR_RETURN(der::Element content_info,
                          in_field(top.expect(der::kSequence, "ContentInfo"), "ContentInfo"));
  out.encoded_size = content_info.whole.size();
  for (std::size_t i = out.encoded_size; i < der.size(); ++i) {
    if (der[i] != 0) {
      return malformed(std::to_string(der.size() - out.encoded_size) +
                       " non-zero bytes follow the ContentInfo");
    }
  }
  der::Reader ci(content_info.content, 2);
  GMSEAL_ASSIGN_OR_RETURN(der::Element type,
                          in_field(ci.expect(der::kOid, "contentType"), "ContentInfo.contentType"));
  GMSEAL_ASSIGN_OR_RETURN(out.content_info_type, der::read_oid(type, "contentType"));
  if (!is_signed_data_oid(out.content_info_type)) {
    return make_error("crypto.cms.not_signed_data",
                      "ContentInfo type " + out.content_info_type + " is not signedData");
  }
  out.oid_style =
      out.content_info_type == kOidGbtSignedData ? CmsOidStyle::kGbt35275 : CmsOidStyle::kPkcs7;
  GMSEAL_ASSIGN_OR_RETURN(der::Element explicit0,
                          in_field(ci.expect(0xa0, "content"), "ContentInfo.content"));
  der::Reader inner(explicit0.content, explicit0.offset);
  GMSEAL_ASSIGN_OR_RETURN(der::Element signed_data,
                          in_field(inner.expect(der::kSequence, "SignedData"), "SignedData"));
  der::Reader sd(signed_data.content, signed_data.offset);
  GMSEAL_RETURN_IF_ERROR(in_field(sd.expect(der::kInteger, "version"), "SignedData.version"));
  GMSEAL_RETURN_IF_ERROR(
      in_field(sd.expect(der::kSet, "digestAlgorithms"), "SignedData.digestAlgorithms"));
  GMSEAL_ASSIGN_OR_RETURN(
      der::Element encap,
      in_field(sd.expect(der::kSequence, "encapContentInfo"), "SignedData.encapContentInfo"));
  {
    der::Reader er(encap.content, encap.offset);
    GMSEAL_ASSIGN_OR_RETURN(der::Element oid,
                            in_field(er.expect(der::kOid, "eContentType"), "eContentType"));
    GMSEAL_ASSIGN_OR_RETURN(out.encap_content_type, der::read_oid(oid, "eContentType"));
    if (!er.at_end()) {
      GMSEAL_ASSIGN_OR_RETURN(der::Element e0, in_field(er.expect(0xa0, "eContent"), "eContent"));
      der::Reader e0r(e0.content, e0.offset);
      GMSEAL_ASSIGN_OR_RETURN(der::Element octets, in_field(e0r.next(), "eContent"));
      if (octets.tag != der::kOctetString) {
        return make_error("crypto.cms.unsupported",
                          "eContent is not a primitive OCTET STRING (constructed BER is not read)");
      }
      out.encap_content = octets.content;
    }
  }
  GMSEAL_ASSIGN_OR_RETURN(der::Element next, in_field(sd.next(), "SignedData.signerInfos"));
  if (next.tag == 0xa0) {
    der::Reader cr(next.content, next.offset);
    while (!cr.at_end()) {
      GMSEAL_ASSIGN_OR_RETURN(der::Element cert, in_field(cr.next(), "certificates"));
      if (cert.tag != der::kSequence) continue;  // other certificate choices are skipped
      auto parsed = Certificate::from_der(cert.whole);
      if (!parsed.ok()) {
        return make_error("crypto.cms.malformed", "CMS certificate at offset " +
                                                      std::to_string(cert.offset) +
                                                      " does not parse: " + parsed.error().message);
      }
      out.certificates.push_back(std::move(*parsed));
    }
    GMSEAL_ASSIGN_OR_RETURN(next, in_field(sd.next(), "SignedData.signerInfos"));
  }
  if (next.tag == 0xa1) {  // crls are not used by gmseal's verifier
    GMSEAL_ASSIGN_OR_RETURN(next, in_field(sd.next(), "SignedData.signerInfos"));
  }
  if (next.tag != der::kSet) return malformed("signerInfos SET is missing");
  der::Reader sr(next.content, next.offset);
  while (!sr.at_end()) {
    GMSEAL_ASSIGN_OR_RETURN(der::Element si,
                            in_field(sr.expect(der::kSequence, "SignerInfo"), "SignerInfo"));
    GMSEAL_ASSIGN_OR_RETURN(CmsSignerInfo info, parse_signer_info(si));
    out.signers.push_back(std::move(info));
  }
  if (out.signers.empty()) return malformed("signerInfos is empty");
  return out;
}

Result<CmsVerification> verify_cms_signed_data(ByteView der, const CmsVerifyInput& input) {
  GMSEAL_ASSIGN_OR_RETURN(CmsSignedData parsed, parse_cms_signed_data(der));
  const CmsSignerInfo& signer = parsed.signers.front();
  if (signer.digest_algorithm != kOidSm3) {
    return make_error("crypto.cms.unsupported_algorithm",
                      "digest algorithm " + signer.digest_algorithm + " is not SM3");
  }
  if (!is_sm2_signature_oid(signer.signature_algorithm)) {
    return make_error("crypto.cms.unsupported_algorithm",
                      "signature algorithm " + signer.signature_algorithm + " is not SM2");
  }

  // Which content: the caller's, else the attached eContent.
  std::optional<ByteView> content = input.content;
  if (!content && !input.content_sm3 && parsed.encap_content) content = parsed.encap_content;
  std::optional<Sm3Digest> content_sm3 = input.content_sm3;
  if (!content_sm3 && content) content_sm3 = sm3(*content);

  std::vector<Certificate> candidates = parsed.certificates;
  candidates.insert(candidates.end(), input.extra_certificates.begin(),
                    input.extra_certificates.end());
  const Certificate* signer_cert = nullptr;
  for (const Certificate& c : candidates) {
    if (!signer.subject_key_id.empty()) {
      if (c.subject_key_id() == signer.subject_key_id) signer_cert = &c;
    } else {
      auto is = issuer_and_serial_of(c);
      if (is.ok() && hex_no_leading_zeros(is->serial_content) == signer.serial_hex &&
          std::equal(is->issuer.begin(), is->issuer.end(), signer.issuer_name.begin(),
                     signer.issuer_name.end())) {
        signer_cert = &c;
      }
    }
    if (signer_cert != nullptr) break;
  }
  if (signer_cert == nullptr) {
    return make_error("crypto.cms.signer_not_found",
                      "the signer certificate (serial " + signer.serial_hex +
                          ") is neither carried in the SignedData nor supplied");
  }
  GMSEAL_ASSIGN_OR_RETURN(Sm2PublicKey key, signer_cert->public_key());

  Sm2VerifyOptions verify_options;
  verify_options.id = input.id;
  verify_options.accept_raw_rs = input.accept_raw_rs;
  if (!signer.signed_attributes.empty()) {
    if (!content_sm3) {
      return make_error("crypto.cms.no_content", "no content to check messageDigest against");
    }
    if (!signer.message_digest) {
      return make_error("crypto.cms.malformed", "signed attributes lack messageDigest");
    }
    if (!std::equal(signer.message_digest->begin(), signer.message_digest->end(),
                    content_sm3->begin(), content_sm3->end())) {
      return make_error("crypto.cms.digest_mismatch",
                        "messageDigest " + hex_encode(*signer.message_digest) +
                            " differs from the content's SM3 " + hex_encode(*content_sm3));
    }
    // RFC 5652 §5.4: the signature covers the attributes with an explicit SET OF tag.
    Bytes as_set(signer.signed_attributes.begin(), signer.signed_attributes.end());
    as_set[0] = der::kSet;
    if (auto s = sm2_verify(key, as_set, signer.signature, verify_options); !s.ok()) {
      return make_error(
          "crypto.cms.bad_signature",
          "the SM2 signature over the signed attributes does not verify: " + s.error().message);
    }
  } else {
    if (!content) {
      return make_error("crypto.cms.no_content",
                        "SignedData without signed attributes needs the content bytes");
    }
    if (auto s = sm2_verify(key, *content, signer.signature, verify_options); !s.ok()) {
      return make_error("crypto.cms.bad_signature",
                        "the SM2 signature over the content does not verify: " + s.error().message);
    }
  }

  CmsVerification result{*signer_cert,     parsed.certificates, signer.signature_algorithm,
                         parsed.oid_style, signer.signing_time, std::nullopt};
  result.raw_signature = signer.signature.size() == 64 &&
                         !(signer.signature[0] == der::kSequence && signer.signature[1] == 62);
  if (signer.timestamp_token) {
    result.timestamp = check_timestamp(*signer.timestamp_token, signer.signature, input);
  }
  return result;
}

}  // namespace gmseal::crypto
