// The seal application package (电子印章申请数据包): what a seal application system
// (电子印章应用系统, `gmseal signing serve`) exports so that a second-level platform can make a
// seal for a key that lives in that system's crypto device (application flow step d).
//
// The provincial specification names the package but gives no format; gmseal's (full text in
// docs/seal-request-package.md):
//
//   SealRequestPackage ::= SEQUENCE {
//     requestInfo         SealRequestInfo,
//     signatureAlgorithm  OBJECT IDENTIFIER,   -- 1.2.156.10197.1.501 (SM2 with SM3)
//     signature           BIT STRING }         -- DER SEQUENCE{r,s} over the exact requestInfo
//                                              -- TLV, ID 1234567812345678, key of systemCert
//   SealRequestInfo ::= SEQUENCE {
//     version       INTEGER (1),
//     systemCert    Certificate,               -- the application system's X.509 certificate
//     unit          SEQUENCE { uscc PrintableString, name UTF8String },
//     seal          SEQUENCE { name UTF8String, category UTF8String },
//     certRequest   CertificationRequest,      -- PKCS#10, signed by the new seal key
//     createdAt     GeneralizedTime,
//     nonce         OCTET STRING (SIZE (16..64)) }
//
// parse() checks the structure and the CSR's proof of possession; verify() the system's
// signature. Copies are cheap and safe to read from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "crypto/certificate.h"
#include "crypto/csr.h"
#include "crypto/signer.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::protocol {

inline constexpr std::int64_t kSealRequestVersion = 1;
inline constexpr std::size_t kSealRequestMinNonce = 16;
inline constexpr std::size_t kSealRequestMaxNonce = 64;
// Packages are small (two certificates' worth); anything larger is refused before parsing.
inline constexpr std::size_t kSealRequestMaxSize = 64 * 1024;

struct SealRequestInfo {
  Bytes system_cert;  // DER
  std::string unit_uscc, unit_name;
  std::string seal_name, seal_category;
  Bytes cert_request;  // PKCS#10 DER
  Time created_at{};
  Bytes nonce;

  // DER of SealRequestInfo.
  Bytes encode() const;
};

class SealRequestPackage {
 public:
  // Encodes `info`, signs it with `system_signer` (whose key must be systemCert's). Errors:
  // protocol.request_package.key_mismatch, crypto.*, and parse()'s.
  static Result<SealRequestPackage> build(const SealRequestInfo& info,
                                          crypto::Signer& system_signer);

  // Parses DER. Errors: protocol.request_package.malformed (the field, why, the byte offset),
  // protocol.request_package.bad_certificate (systemCert), protocol.request_package.bad_csr
  // (certRequest unparsable or its proof of possession fails), protocol.request_package.
  // bad_nonce. Never throws; does not check the system's signature.
  static Result<SealRequestPackage> parse(ByteView der);

  const SealRequestInfo& info() const { return state_->info; }
  const Bytes& der() const { return state_->der; }
  ByteView signed_bytes() const;  // the exact requestInfo TLV
  const std::string& signature_algorithm() const { return state_->algorithm; }
  const crypto::Certificate& system_certificate() const { return *state_->system_cert; }
  const crypto::CertificateRequest& certificate_request() const { return *state_->csr; }
  // Lower-case hex SM3 of the whole package: its identity for replay checks.
  const std::string& fingerprint() const { return state_->fingerprint; }

  // Checks the algorithm and the signature over requestInfo with systemCert's key, and that
  // createdAt lies within systemCert's validity. Errors: protocol.request_package.bad_algorithm,
  // protocol.request_package.bad_signature, protocol.request_package.certificate_expired.
  Status verify() const;

 private:
  struct State {
    Bytes der;
    std::size_t signed_offset = 0, signed_size = 0;
    SealRequestInfo info;
    std::string algorithm;
    Bytes signature;
    std::optional<crypto::Certificate> system_cert;
    std::optional<crypto::CertificateRequest> csr;
    std::string fingerprint;
  };
  explicit SealRequestPackage(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

}  // namespace gmseal::protocol
