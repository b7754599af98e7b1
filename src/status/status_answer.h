// A seal platform's signed online status answer (GET /api/v1/status/{code}, docs/api.md; made by
// src/server/registry/status_answer.cc):
//
//   {"code": "HN43010212345678", "status": "valid", "since": "2026-01-01T00:00:00Z",
//    "signedAt": "2026-05-02T03:04:05Z", "signature": "<base64>", "signerCert": "<base64>"}
//
//   signature   base64 of a DER SEQUENCE{r,s} SM2 signature (ID 1234567812345678) over the RFC
//               8785 canonical JSON of {"code","since","signedAt","status"} - the four strings
//               exactly as received (protocol/canonical_json.h)
//   signerCert  the platform's system certificate: base64 DER (PEM is accepted too)
//   status      valid | frozen | lost | cancelled | revoked | expired (see kStatus* below)
//
// Parsing checks shape only; whether the signature verifies and whether its signer is to be
// trusted are separate steps, so a verifier can say which one failed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/cert_verify.h"
#include "crypto/certificate.h"
#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::status {

inline constexpr std::string_view kStatusValid = "valid";
// Every other status the platform publishes; each means the seal is not to be relied on.
inline constexpr std::string_view kStatusesNotInForce[] = {"frozen", "lost", "cancelled", "revoked",
                                                           "expired"};

struct StatusAnswer {
  std::string code;
  std::string status;       // as received; may be a value this verifier does not know
  Time since;               // when the seal entered `status` (validTo for "expired")
  Time signed_at;           // when the platform signed the answer
  std::string signed_text;  // the canonical JSON the signature covers
  Bytes signature;          // DER SEQUENCE{r,s}
  crypto::Certificate signer_cert;
};

// The answer in a response body. Errors: status.answer.malformed (not JSON, a member missing or
// not a string, a time or base64 that does not read, signerCert not a certificate), with the
// member as field.
Result<StatusAnswer> parse_status_answer(std::string_view body);

// Whether `status` is one the platform publishes (valid or one of kStatusesNotInForce).
bool known_status(std::string_view status);

// The signature verifies over signed_text with signer_cert's key.
// Errors: status.answer.bad_signature.
Status verify_status_signature(const StatusAnswer& answer);

// Who may sign status answers: certificates chaining to `trust`'s anchors (intermediates and
// CRLs of the store apply), or exactly one of `pinned`.
struct StatusSignerTrust {
  std::optional<crypto::TrustStore> trust;
  std::vector<crypto::Certificate> pinned;
};

// How `signer` is trusted ("the pinned status certificate", "chains to <root>"), checked at
// `at`. Errors: status.answer.untrusted_signer, saying why (no anchor given, not the pinned
// certificate, the chain error).
Result<std::string> check_status_signer(const crypto::Certificate& signer,
                                        const StatusSignerTrust& trust, Time at);

}  // namespace gmseal::status
