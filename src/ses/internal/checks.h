// Check steps shared by seal and signature verification.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/cert_verify.h"
#include "crypto/certificate.h"
#include "ses/cert_cache.h"
#include "ses/verify_report.h"
#include "util/bytes.h"
#include "util/time.h"

namespace gmseal::ses::internal {

// The detail of a strict pass (DER SM2 signature, the standard ID).
inline constexpr std::string_view kSm2VerifiesText = "SM2 signature verifies (ID 1234567812345678)";

// An SM2-with-SM3 signature check over `message`; adds `check` as pass, warn (raw r||s, or
// only `alternate` verifies) or fail. Returns whether it verified.
bool check_sm2_signature(VerifyReport& report, std::string_view check, std::string_view alg_oid,
                         const std::optional<CachedCertificate>& cert, ByteView message,
                         ByteView signature, const std::string& field,
                         const Bytes* alternate = nullptr, const std::string& alternate_name = {});

// A signer/maker certificate check: validity at `at`, key usage, and chain to `trust` when
// given. Adds `check`; returns whether the chain reached an anchor. A keyUsage without
// digitalSignature/nonRepudiation fails, or only warns when `key_usage_warns`. A non-empty
// `warning` (a leniency the caller applied, e.g. judging at another time) makes a pass a warn and
// joins the detail.
bool check_certificate(VerifyReport& report, std::string_view check,
                       const std::optional<crypto::Certificate>& cert, Time at,
                       const std::string& at_what, const std::optional<crypto::TrustStore>& trust,
                       bool require_crl, const std::string& field, bool key_usage_warns = false,
                       const std::string& warning = {});

// An RFC 3161 token over `stamped` (a signature value), checked in full (tsa/token_verify.h;
// the TSA chain against `trust` at genTime when given). Adds `check`: skip without a token,
// pass, or fail naming the failing step. Returns genTime when the token verified: the trusted
// time of whatever `stamped` signed.
std::optional<Time> check_timestamp_token(VerifyReport& report, std::string_view check,
                                          const std::optional<Bytes>& token, ByteView stamped,
                                          const std::optional<crypto::TrustStore>& trust,
                                          bool require_crl, const std::string& field);

std::string describe(const crypto::Certificate& cert);

}  // namespace gmseal::ses::internal
