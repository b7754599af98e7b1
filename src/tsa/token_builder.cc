#include "tsa/token_builder.h"

#include "crypto/sm2.h"
#include "crypto/sm3.h"
#include "util/der.h"
#include "util/der_writer.h"

namespace gmseal::tsa {

namespace {

void append(Bytes& out, ByteView part) { out.insert(out.end(), part.begin(), part.end()); }

}  // namespace

Result<Bytes> signing_certificate_v2_attribute(const crypto::Certificate& tsa_cert) {
  GMSEAL_ASSIGN_OR_RETURN(crypto::CertIssuerSerial is, crypto::issuer_and_serial_of(tsa_cert));
  const crypto::Sm3Digest cert_hash = crypto::sm3(tsa_cert.der());
  // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm (SM3), certHash OCTET STRING,
  //                            issuerSerial SEQUENCE { GeneralNames { [4] Name }, serial } }
  Bytes issuer_serial = der::encode_tlv(der::kSequence, der::encode_tlv(0xa4, is.issuer));
  append(issuer_serial, is.serial_whole);
  Bytes cert_id = der::encode_tlv(der::kSequence, der::encode_oid(crypto::kOidSm3));
  append(cert_id, der::encode_tlv(der::kOctetString, cert_hash));
  append(cert_id, der::encode_tlv(der::kSequence, issuer_serial));
  const Bytes value = der::encode_tlv(
      der::kSequence, der::encode_tlv(der::kSequence, der::encode_tlv(der::kSequence, cert_id)));
  Bytes attribute = der::encode_oid(kOidAttrSigningCertificateV2);
  append(attribute, der::encode_tlv(der::kSet, value));
  return der::encode_tlv(der::kSequence, attribute);
}

Result<Bytes> build_token(ByteView tst_info_der, const crypto::Certificate& tsa_cert,
                          crypto::Signer& signer, const TokenSignOptions& options) {
  crypto::CmsSignOptions cms;
  cms.oid_style = options.oid_style;
  cms.content_type = std::string(crypto::kOidTstInfo);
  cms.attached_content = Bytes(tst_info_der.begin(), tst_info_der.end());
  cms.include_signing_time = false;  // genTime is the time; a second clock value would only confuse
  cms.include_certificates = options.include_certificate;
  cms.extra_certificates = options.chain;
  cms.signature_algorithm = options.signature_algorithm;
  cms.algorithm_protection = true;
  GMSEAL_ASSIGN_OR_RETURN(Bytes ess, signing_certificate_v2_attribute(tsa_cert));
  cms.extra_signed_attributes.push_back(std::move(ess));
  return crypto::build_cms_signed_data(crypto::sm3(tst_info_der), tsa_cert, signer, cms);
}

}  // namespace gmseal::tsa
