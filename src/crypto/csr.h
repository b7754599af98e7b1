// PKCS#10 certificate requests (RFC 2986) with SM2-with-SM3, signed through a crypto::Signer so
// that a key inside a UKey or HSM can ask for its certificate.
//
//   CertificationRequest ::= SEQUENCE {
//     certificationRequestInfo  CertificationRequestInfo,   -- what is signed
//     signatureAlgorithm        AlgorithmIdentifier,        -- 1.2.156.10197.1.501
//     signature                 BIT STRING }                -- DER SEQUENCE{r,s}, ID
//     1234567812345678
//   CertificationRequestInfo ::= SEQUENCE { version INTEGER (0), subject Name,
//     subjectPKInfo SubjectPublicKeyInfo, attributes [0] IMPLICIT SET OF Attribute }
//
// parse() checks the self-signature over the exact certificationRequestInfo bytes it read.
// Immutable; safe to share between threads.
#pragma once

#include <string>
#include <string_view>

#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::crypto {

class CertificateRequest {
 public:
  // A request for `subject` (attributes in order; values UTF-8) signed by `signer`.
  // Errors: crypto.csr.bad_subject, crypto.csr.sign_failed, errors of the signer.
  static Result<CertificateRequest> create(const DistinguishedName& subject, Signer& signer,
                                           std::string_view id = kDefaultSm2Id);
  // DER, PEM ("CERTIFICATE REQUEST") or base64 DER. Errors: crypto.csr.parse_failed,
  // crypto.csr.bad_algorithm, crypto.csr.bad_signature (the self-signature does not verify),
  // crypto.key.not_sm2.
  static Result<CertificateRequest> parse(ByteView data, std::string_view id = kDefaultSm2Id);

  const Bytes& der() const { return der_; }
  std::string pem() const;
  const Sm2PublicKey& public_key() const { return public_key_; }
  const DistinguishedName& subject() const { return subject_; }

 private:
  CertificateRequest(Bytes der, Sm2PublicKey key, DistinguishedName subject)
      : der_(std::move(der)), public_key_(std::move(key)), subject_(std::move(subject)) {}
  Bytes der_;
  Sm2PublicKey public_key_;
  DistinguishedName subject_;
};

}  // namespace gmseal::crypto
