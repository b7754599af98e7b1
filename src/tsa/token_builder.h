// Builds an RFC 3161 timestamp token: a ContentInfo holding SignedData (SM3 digest, SM2
// signature with ID 1234567812345678, via crypto::build_cms_signed_data) whose eContent is the
// DER TSTInfo. Signed attributes: contentType id-ct-TSTInfo, messageDigest,
// signingCertificateV2 (RFC 5035, SM3 certHash + issuerSerial) and CMSAlgorithmProtection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/cms_signed_data.h"
#include "crypto/signer.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::tsa {

inline constexpr std::string_view kOidAttrSigningCertificate = "1.2.840.113549.1.9.16.2.12";
inline constexpr std::string_view kOidAttrSigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
inline constexpr std::string_view kOidEkuTimeStamping = "1.3.6.1.5.5.7.3.8";
inline constexpr std::string_view kOidExtExtendedKeyUsage = "2.5.29.37";

struct TokenSignOptions {
  // PKCS#7 OIDs by default: OpenSSL (`openssl ts -reply -text`) reads only those; the GB/T 35275
  // signedData OID is accepted on input everywhere.
  crypto::CmsOidStyle oid_style = crypto::CmsOidStyle::kPkcs7;
  std::optional<std::string> signature_algorithm;  // another SM2 signature OID
  bool include_certificate = false;                // the request's certReq
  std::vector<crypto::Certificate> chain;          // intermediates, sent with the certificate
};

// The signingCertificateV2 attribute (DER Attribute) for `tsa_cert`.
Result<Bytes> signing_certificate_v2_attribute(const crypto::Certificate& tsa_cert);

// Errors: those of crypto::build_cms_signed_data.
Result<Bytes> build_token(ByteView tst_info_der, const crypto::Certificate& tsa_cert,
                          crypto::Signer& signer, const TokenSignOptions& options = {});

}  // namespace gmseal::tsa
