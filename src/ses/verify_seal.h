// Verifying an electronic seal (GB/T 38540-2020 §6.3; GM/T 0031-2014 §6.1.2 for v1).
//
// Checks, in order (names from verify_report.h):
//   format             the seal parsed (v1/v4/v5 detected by structure); header ID "ES"
//   maker_signature    signedValue verifies with the maker certificate's SM2 key (ID
//                      1234567812345678) over the original bytes: v4/v5 SES_SealInfo, v1
//                      SEQUENCE{sealInfo, cert, alg}. A producer that followed the other
//                      version's convention, or wrote raw 64-byte r||s, passes with "warn".
//   maker_certificate  the maker certificate parses, was inside its validity period when the
//                      seal was made (createDate) and - with a trust store - chains to an anchor
//                      at createDate (CRLs in the store are applied). A keyUsage without
//                      digitalSignature/nonRepudiation only warns: dms360 makes seals with its CA
//                      certificate (keyCertSign), and the seal itself is sound.
//   seal_validity      validStart <= at <= validEnd (at = options.at, or now)
//   seal_timestamp     v5 timeStamp: structure only for now (warn), skipped when absent
//   online_status      only with SealVerifyOptions::status_check: what the platform that issued
//                      the seal says of it now (status/online_status.h asks over HTTP)
// The report is trusted only when a trust store was given and the maker chain reached it.
#pragma once

#include <functional>
#include <optional>

#include "crypto/cert_verify.h"
#include "ses/seal.h"
#include "ses/verify_report.h"
#include "util/time.h"

namespace gmseal::ses {

// An outside authority's word on `seal` - the issuing platform's signed online status - as one
// check (named kCheckOnlineStatus). `at` is the time the seal's validity is judged at (the
// signing time inside a signature), so the check can say whether a change came later. libgmseal
// does no HTTP itself: the caller supplies this (status::OnlineStatusChecker).
using SealStatusCheck = std::function<Check(const Seal& seal, Time at)>;

struct SealVerifyOptions {
  // Anchors, intermediates and CRLs for the maker certificate; absent: no chain check.
  std::optional<crypto::TrustStore> trust;
  // When to check the seal's validity window; now when absent. In a signature this is the
  // signing time.
  std::optional<Time> at;
  bool require_crl = false;
  // Asked last, once per seal verified; no online_status check when empty.
  SealStatusCheck status_check;
};

VerifyReport verify_seal(const Seal& seal, const SealVerifyOptions& options = {});

// Parses `der` and verifies it; a parse error becomes a failed "format" check naming the
// error's field. `parsed` (optional) receives the seal when it parsed.
VerifyReport verify_seal_der(ByteView der, const SealVerifyOptions& options = {},
                             std::optional<Seal>* parsed = nullptr);

}  // namespace gmseal::ses
