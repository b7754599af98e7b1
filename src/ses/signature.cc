#include "ses/signature.h"

#include "ses/cert_cache.h"
#include "ses/internal/parse_util.h"
#include "util/der.h"

namespace gmseal::ses {

using internal::expect_element;
using internal::malformed;
using internal::next_element;
using internal::outer_sequence;

namespace {

const std::string kCode = "ses.signature.malformed";

der::Reader children(const der::Element& e) {
  return der::Reader(e.content, e.offset + (e.whole.size() - e.content.size()));
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

// v1 timeInfo is "a time-stamp or UTCTIME" in a BIT STRING; ofdrw writes "yyyy-MM-dd HH:mm:ss"
// text. Recognised forms give a time; anything else stays opaque (std::nullopt).
std::optional<Time> parse_v1_time_text(const Bytes& raw) {
  const std::string text = gmseal::to_string(raw);
  if (auto t = parse_beijing_time(text); t.ok()) return *t;
  if (text.size() >= 14 && text.size() <= 24) {
    if (auto t = parse_generalized_time(text); t.ok()) return *t;
  }
  if (text.size() >= 11 && text.size() <= 17) {
    if (auto t = parse_utc_time(text); t.ok()) return *t;
  }
  // ISO 8601, with milliseconds dropped ("2020-01-25T07:31:56.377Z": dms360-v1-seal.ofd).
  std::string iso = text;
  if (const auto dot = iso.find('.'); dot != std::string::npos && iso.find('T') < dot) {
    const auto end = iso.find_first_not_of("0123456789", dot + 1);
    iso.erase(dot, end == std::string::npos ? std::string::npos : end - dot);
  }
  if (iso.find('T') != std::string::npos) {
    if (auto t = parse_time_argument(iso); t.ok()) return *t;
  }
  return std::nullopt;
}

}  // namespace

Result<Signature> Signature::parse(ByteView input) {
  Signature sig;
  sig.der_.assign(input.begin(), input.end());
  const ByteView der = sig.der_;

  std::size_t count = 0;
  GMSEAL_ASSIGN_OR_RETURN(const der::Element top,
                          outer_sequence(der, kCode, "SES_Signature",
                                         "2 (GM/T 0031-2014), 4 or 5 (GB/T 38540)", &count));
  const bool v1 = count == 2;

  der::Reader r = children(top);
  GMSEAL_ASSIGN_OR_RETURN(const der::Element tbs,
                          expect_element(r, der::kSequence, kCode, "toSign"));
  sig.tbs_offset_ = static_cast<std::size_t>(tbs.whole.data() - der.data());
  sig.tbs_length_ = tbs.whole.size();

  der::Reader t = children(tbs);
  GMSEAL_ASSIGN_OR_RETURN(const der::Element version, next_element(t, kCode, "toSign.version"));
  GMSEAL_ASSIGN_OR_RETURN(sig.tbs_version_, internal::read_int(version, kCode, "toSign.version"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element eseal,
                          expect_element(t, der::kSequence, kCode, "toSign.eseal"));
  auto seal = Seal::parse(eseal.whole);
  if (!seal.ok()) {
    const Error& e = seal.error();
    return make_error(e.code, "toSign.eseal: " + e.message, "eseal." + e.field);
  }
  sig.seal_ = std::move(*seal);

  GMSEAL_ASSIGN_OR_RETURN(const der::Element time_info, next_element(t, kCode, "toSign.timeInfo"));
  sig.time_info_raw_.assign(time_info.content.begin(), time_info.content.end());
  if (time_info.tag == der::kGeneralizedTime || time_info.tag == der::kUtcTime) {
    GMSEAL_ASSIGN_OR_RETURN(sig.signing_time_,
                            internal::read_time(time_info, kCode, "toSign.timeInfo"));
  } else if (v1 && (time_info.tag == der::kBitString || time_info.tag == der::kOctetString)) {
    GMSEAL_ASSIGN_OR_RETURN(sig.time_info_raw_,
                            internal::read_bits_or_octets(time_info, kCode, "toSign.timeInfo"));
    sig.signing_time_ = parse_v1_time_text(sig.time_info_raw_);
  } else {
    return malformed(kCode, "toSign.timeInfo",
                     v1 ? "expected a BIT STRING or a time" : "expected a GeneralizedTime");
  }

  GMSEAL_ASSIGN_OR_RETURN(const der::Element hash, next_element(t, kCode, "toSign.dataHash"));
  GMSEAL_ASSIGN_OR_RETURN(sig.data_hash_,
                          internal::read_bits_or_octets(hash, kCode, "toSign.dataHash"));
  GMSEAL_ASSIGN_OR_RETURN(const der::Element property,
                          next_element(t, kCode, "toSign.propertyInfo"));
  GMSEAL_ASSIGN_OR_RETURN(sig.property_info_,
                          internal::read_text(property, kCode, "toSign.propertyInfo"));

  der::Element cert, alg, value;
  if (v1) {
    GMSEAL_ASSIGN_OR_RETURN(cert, next_element(t, kCode, "toSign.cert"));
    GMSEAL_ASSIGN_OR_RETURN(alg, next_element(t, kCode, "toSign.signatureAlgorithm"));
    if (!t.at_end()) return malformed(kCode, "toSign", "unexpected trailing elements");
    GMSEAL_ASSIGN_OR_RETURN(value, next_element(r, kCode, "signature"));
    sig.format_ = Format::kV1;
  } else {
    // extDatas [0]: EXPLICIT (A0 { SEQUENCE }, as ofdrw writes and oesplugin files carry),
    // IMPLICIT (A0 holding the ExtData SEQUENCEs directly) or untagged.
    if (!t.at_end()) {
      GMSEAL_ASSIGN_OR_RETURN(const der::Element ext, next_element(t, kCode, "toSign.extDatas"));
      if (ext.tag == der::kSequence) {
        GMSEAL_ASSIGN_OR_RETURN(sig.ext_datas_,
                                internal::read_ext_datas(ext, kCode, "toSign.extDatas"));
      } else if (ext.tag == 0xa0) {
        der::Reader x = children(ext);
        GMSEAL_ASSIGN_OR_RETURN(const der::Element first,
                                next_element(x, kCode, "toSign.extDatas"));
        der::Element list = first;
        const bool explicit_tag = x.at_end() && first.tag == der::kSequence &&
                                  (first.content.empty() || first.content[0] == 0x30);
        if (!explicit_tag) {
          list = ext;  // IMPLICIT: the [0] itself is the SEQUENCE OF
          list.tag = der::kSequence;
        }
        GMSEAL_ASSIGN_OR_RETURN(sig.ext_datas_,
                                internal::read_ext_datas(list, kCode, "toSign.extDatas"));
      } else {
        return malformed(kCode, "toSign.extDatas", "expected [0] ExtensionDatas");
      }
    }
    if (!t.at_end()) return malformed(kCode, "toSign", "unexpected trailing elements");
    GMSEAL_ASSIGN_OR_RETURN(cert, next_element(r, kCode, "cert"));
    GMSEAL_ASSIGN_OR_RETURN(alg, next_element(r, kCode, "signatureAlgID"));
    GMSEAL_ASSIGN_OR_RETURN(value, next_element(r, kCode, "signature"));
    if (count == 5) {
      GMSEAL_ASSIGN_OR_RETURN(const der::Element ts, next_element(r, kCode, "timeStamp"));
      GMSEAL_ASSIGN_OR_RETURN(sig.timestamp_,
                              internal::parse_timestamp_field(ts, kCode, "timeStamp"));
    }
    sig.format_ = sig.seal_.format() == Format::kV5 ? Format::kV5 : Format::kV4;
  }
  GMSEAL_ASSIGN_OR_RETURN(sig.signer_cert_der_, parse_cert(cert, v1 ? "toSign.cert" : "cert"));
  GMSEAL_ASSIGN_OR_RETURN(sig.sign_alg_oid_,
                          parse_alg(alg, v1 ? "toSign.signatureAlgorithm" : "signatureAlgID"));
  GMSEAL_ASSIGN_OR_RETURN(sig.signature_value_,
                          internal::read_bits_or_octets(value, kCode, "signature"));
  return sig;
}

Result<crypto::Certificate> Signature::signer_cert() const {
  GMSEAL_ASSIGN_OR_RETURN(CachedCertificate cached, cached_certificate(signer_cert_der_));
  return cached.cert;
}

}  // namespace gmseal::ses
