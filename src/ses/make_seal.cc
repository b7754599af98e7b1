#include "ses/make_seal.h"

#include <algorithm>
#include <cctype>

#include "crypto/sm2.h"
#include "ses/cert_list.h"
#include "ses/internal/ses_asn1.h"

namespace gmseal::ses {

namespace {
Error bad_spec(const std::string& field, const std::string& why) {
  return make_error("ses.make.bad_spec", field + ": " + why, field);
}
}  // namespace

Result<std::string> canonical_picture_type(std::string_view type) {
  std::string upper(type);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper == "JPEG") upper = "JPG";
  // "ofd" (a whole OFD file holding a vector seal) is lower case in every real file.
  if (upper == "OFD") return std::string("ofd");
  if (upper == "PNG" || upper == "GIF" || upper == "BMP" || upper == "JPG" || upper == "SVG") {
    return upper;
  }
  return bad_spec("picture.type",
                  "'" + std::string(type) + "' is not one of PNG, GIF, BMP, JPG, SVG, ofd");
}

Result<Seal> make_seal(const SealSpec& spec, const crypto::Certificate& maker_cert,
                       crypto::Signer& maker) {
  if (spec.format != Format::kV4 && spec.format != Format::kV5) {
    return bad_spec("format", "gmseal makes v4 or v5 seals");
  }
  if (spec.es_id.empty()) return bad_spec("esID", "must not be empty");
  if (spec.vid.empty()) return bad_spec("header.Vid", "must not be empty");
  if (spec.name.empty()) return bad_spec("property.name", "must not be empty");
  if (spec.signer_certs.empty()) {
    return bad_spec("property.certList", "at least one signer certificate is required");
  }
  if (spec.picture.data.empty()) return bad_spec("picture.data", "must not be empty");
  if (spec.picture.width_mm <= 0 || spec.picture.height_mm <= 0) {
    return bad_spec("picture.width", "width and height must be positive millimetres");
  }
  if (spec.valid_start > spec.valid_end) {
    return bad_spec("property.validStart", "validStart is after validEnd");
  }
  if (spec.timestamper && spec.format != Format::kV5) {
    return bad_spec("timeStamp", "only v5 seals carry a timestamp");
  }
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey maker_key, maker_cert.public_key());
  if (!(maker.public_key() == maker_key)) {
    return make_error("ses.make.key_mismatch",
                      "the maker's signing key does not belong to the maker certificate", "cert");
  }

  SealInfo info;
  info.header.version = spec.format == Format::kV5 ? 5 : 4;
  info.header.vid = spec.vid;
  info.es_id = spec.es_id;
  info.property.type = spec.type;
  info.property.name = spec.name;
  info.property.cert_list_type = spec.cert_list_type;
  for (const crypto::Certificate& cert : spec.signer_certs) {
    if (spec.cert_list_type == CertListType::kCertificates) {
      info.property.certs.push_back(cert.der());
    } else {
      info.property.cert_digests.push_back(CertDigest{
          std::string(kCertDigestTypeSm3), cert_list_digest(kCertDigestTypeSm3, cert.der())});
    }
  }
  info.property.create_date = spec.create_date.value_or(now());
  info.property.valid_start = spec.valid_start;
  info.property.valid_end = spec.valid_end;
  info.picture = spec.picture;
  GMSEAL_ASSIGN_OR_RETURN(info.picture.type, canonical_picture_type(spec.picture.type));
  info.ext_datas = spec.ext_datas;

  GMSEAL_ASSIGN_OR_RETURN(const Bytes info_der, internal::encode_seal_info(info));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes signed_value, maker.sign(info_der));
  std::optional<Bytes> timestamp;
  if (spec.timestamper) {
    GMSEAL_ASSIGN_OR_RETURN(timestamp, spec.timestamper(signed_value));
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der,
                          internal::encode_seal(info_der, maker_cert.der(), crypto::kOidSm2WithSm3,
                                                signed_value, timestamp));
  return Seal::parse(der);
}

}  // namespace gmseal::ses
