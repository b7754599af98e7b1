// Verifying an electronic signature (GB/T 38540-2020 §7.3; GM/T 0031-2014 §6.2.3 for v1).
//
// Checks, in order (names from verify_report.h):
//   format                    the signature parsed (v1/v4/v5 by structure)
//   signature_value           `signature` verifies over the original TBS_Sign bytes with the
//                             signer certificate (SM2-with-SM3, ID 1234567812345678); raw
//                             64-byte r||s passes with "warn"
//   signer_certificate_match  the signer certificate is in the seal's certList (type 1: same
//                             DER; type 2: SM3 digest) - cert_list.h
//   seal.*                    the embedded seal, verify_seal.h, at the signing time (with
//                             seal.online_status when a status_check is given)
//   signing_time              v1 only: timeInfo is opaque text (warn) when it is not a time
//   signer_certificate        valid at the signing time, key usage, chain + CRLs with a trust
//                             store (a revocation after the signing time does not invalidate)
//   timestamp                 structure only for now (warn); skipped when absent
//   data_hash                 `dataHash` equals the hash the caller's DataHashFn computes over
//                             the original; skipped without a DataHashFn
// trusted = a trust store was given and both the signer and maker chains reached it.
#pragma once

#include <functional>
#include <optional>

#include "crypto/cert_verify.h"
#include "ses/signature.h"
#include "ses/verify_report.h"
#include "ses/verify_seal.h"

namespace gmseal::ses {

// Recomputes the hash of the original that `signature` protects (its propertyInfo names it;
// for OFD: SM3 of the Signature.xml bytes). An error becomes a failed data_hash check.
using DataHashFn = std::function<Result<Bytes>(const Signature& signature)>;

struct SignatureVerifyOptions {
  // Anchors, intermediates and CRLs for the signer and maker certificates.
  std::optional<crypto::TrustStore> trust;
  DataHashFn data_hash;
  bool require_crl = false;
  // Fallback signing time when the signature's timeInfo is not readable (v1 text); now when
  // absent.
  std::optional<Time> at;
  // The embedded seal's online status (verify_seal.h), judged at the signing time; it appears
  // as "seal.online_status".
  SealStatusCheck status_check;
};

VerifyReport verify_signature(const Signature& signature,
                              const SignatureVerifyOptions& options = {});

// Parses `der` and verifies it; a parse error becomes a failed "format" check.
VerifyReport verify_signature_der(ByteView der, const SignatureVerifyOptions& options = {},
                                  std::optional<Signature>* parsed = nullptr);

}  // namespace gmseal::ses
