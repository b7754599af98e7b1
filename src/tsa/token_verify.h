// Full check of an RFC 3161 timestamp token (or of a whole TimeStampResp), step by step, so
// that a failure names its step:
//
//   status           (responses only) PKIStatus granted or grantedWithMods, a token present
//   token            a ContentInfo with SignedData (PKCS#7 or GB/T 35275 OID) whose eContent is
//                    a TSTInfo
//   message_digest   messageDigest = SM3 of the TSTInfo octets
//   signature        SM2 (ID 1234567812345678) over the signed attributes as encoded; any of
//                    the SM2 signature OIDs .501, .301.1, .301; CMSAlgorithmProtection agrees
//   ess_certificate  signingCertificateV2 (any hash) or signingCertificate (SHA-1) names the
//                    certificate that verified
//   tsa_certificate  critical EKU timeStamping, valid at genTime; with trust anchors its chain
//                    (and CRLs) at genTime
//   imprint          messageImprint = H(stamped data), H as the TSTInfo names it
//   nonce            the TSTInfo's nonce is the request's (when the caller knows it)
//
// The crypto itself is crypto::verify_cms_signed_data: the token is CMS like any other.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/cert_verify.h"
#include "crypto/certificate.h"
#include "tsa/tst_info.h"
#include "util/bytes.h"

namespace gmseal::tsa {

struct TokenCheckInput {
  std::optional<ByteView> stamped_data;   // the imprint must be the hash of these bytes, or
  std::optional<Bytes> expected_imprint;  // equal this hash value (computed by the caller)
  std::optional<Bytes> nonce;             // the request's nonce (INTEGER content), when known
  std::optional<crypto::TrustStore> trust;
  std::vector<crypto::Certificate> extra_certificates;  // the TSA's, when the token lacks it
  bool require_crl = false;
};

struct TokenStep {
  std::string name;
  bool passed = false;
  std::string detail;
};

struct TokenCheck {
  bool valid = false;
  std::string failed_step;  // empty when valid
  std::string detail;       // why, when not valid
  std::vector<TokenStep> steps;
  std::optional<TstInfo> tst;  // once the TSTInfo parsed
  std::optional<crypto::Certificate> tsa_certificate;
  bool chain_trusted = false;         // a trust store was given and the chain validated
  std::vector<std::string> warnings;  // e.g. the TSA certificate revoked after genTime
};

TokenCheck verify_token(ByteView token, const TokenCheckInput& input);

// The TSTInfo of a token, without any check (for display, after verify_token judged it).
// Errors: crypto.cms.*, tsa.token.bad_tst_info.
Result<TstInfo> read_token_tst_info(ByteView token);
TokenCheck verify_response(ByteView response, const TokenCheckInput& input);

}  // namespace gmseal::tsa
