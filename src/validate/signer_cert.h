// The seal user's signing certificate (appendix 2 `signCert`): base64 DER of an SM2 X.509
// certificate whose subject follows the specification's GM/T 0015 rules (unit: T and 2.5.4.1
// = USCC, G and CN = unit name; personal: T and 2.5.4.1 = ID number, G and CN = name), usable
// for signatures (keyUsage digitalSignature or nonRepudiation when keyUsage is present), not a
// CA certificate, and valid at `at`.
#pragma once

#include <string_view>
#include <vector>

#include "crypto/certificate.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::validate {

// Errors (field signCert): validate.sign_cert.base64, validate.sign_cert.parse.
Result<crypto::Certificate> decode_signer_certificate(std::string_view base64_der);

// Every rule `cert` breaks (field signCert): validate.sign_cert.not_sm2,
// validate.sign_cert.subject (one per GM/T 0015 rule, the rule id in the message),
// validate.sign_cert.key_usage, validate.sign_cert.is_ca, validate.sign_cert.expired,
// validate.sign_cert.not_yet_valid.
std::vector<Error> signer_certificate_violations(const crypto::Certificate& cert, Time at);

}  // namespace gmseal::validate
