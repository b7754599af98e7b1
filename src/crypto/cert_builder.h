// Issuing certificates with SM2-with-SM3, for the test CA and the province emulator.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crypto/certificate.h"
#include "crypto/gmt0015.h"
#include "crypto/signer.h"
#include "util/time.h"

namespace gmseal::crypto {

// What a certificate is for; decides subject layout, key usage and extensions.
//   root     self-signed CA: basicConstraints cA (critical), keyCertSign + cRLSign
//   unit     GM/T 0015 unit signer: digitalSignature + nonRepudiation
//   personal GM/T 0015 personal signer: digitalSignature + nonRepudiation
//   maker    seal maker (制章者): digitalSignature + nonRepudiation
//   system   platform system certificate (envelopes): digitalSignature + nonRepudiation
//   tsa      time-stamping authority: digitalSignature + nonRepudiation, EKU timeStamping
//            (critical)
enum class CertProfile { kRoot, kUnit, kPersonal, kMaker, kSystem, kTsa };

Result<CertProfile> parse_cert_profile(std::string_view text);
std::string_view to_string(CertProfile profile);

struct CertTemplate {
  CertProfile profile = CertProfile::kUnit;
  std::string name;     // unit / person / system name (CN)
  std::string id_code;  // USCC or ID number (required for unit/personal; optional USCC else)
  Time not_before{};
  Time not_after{};
  std::string serial_hex;  // random 128-bit when empty
};

// Issues a certificate for `subject_key` signed by `issuer_signer`. `issuer` is the issuer's
// certificate, or nullptr for a self-signed root (profile kRoot, subject_key must be the
// signer's key). Errors: crypto.cert.bad_subject, crypto.cert.bad_validity,
// crypto.cert.issuer_not_ca, crypto.cert.sign_failed.
Result<Certificate> issue_certificate(const CertTemplate& spec, const Sm2PublicKey& subject_key,
                                      const Certificate* issuer, Signer& issuer_signer,
                                      std::string_view id = kDefaultSm2Id);

}  // namespace gmseal::crypto
