// The named checks of a CMS SignedData signature (GB/T 35275 or PKCS#7 OIDs) over a document
// part, shared by OFD Type="Sign" signatures and PDF CMS signatures so that both report the
// same steps with the same names (verify_report.h):
//   signed_data         the SignedData parsed (the caller adds it: OFD falls back to bare SM2)
//   data_hash           what was signed is the document part (messageDigest, or the attached
//                       eContent being the part or its SM3)
//   signature_value     the signer's SM2 signature verifies (raw r||s: warn)
//   signer_certificate  validity at the signing time; chain and CRLs with a trust store
//   timestamp           an RFC 3161 token carried as unsigned attribute: its imprint and
//                       signature (skip when absent)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/cert_verify.h"
#include "crypto/cms_signed_data.h"
#include "ses/verify_report.h"

namespace gmseal::ses {

inline constexpr std::string_view kCheckSignedData = "signed_data";

// signed_data passes for `parsed`, naming its OID family.
void pass_signed_data(const crypto::CmsSignedData& parsed, VerifyReport& report);

// What the signature should cover.
struct CmsSignedPart {
  std::optional<ByteView> bytes;  // the part itself (OFD: Signature.xml), or
  crypto::Sm3Digest sm3{};        // always: its SM3 digest
  std::string name;               // in details: "this Signature.xml"
  std::string changed;            // "Signature.xml changed after signing"
};

// data_hash and signature_value of the SignedData `der` (already parsed as `parsed`) over
// `part`, with `extra_certificates` for signers that carry no certificate. Returns the
// verification when the signature verified.
std::optional<crypto::CmsVerification> check_cms_signature(
    ByteView der, const crypto::CmsSignedData& parsed, const CmsSignedPart& part,
    const std::vector<crypto::Certificate>& extra_certificates, VerifyReport& report);

// signer_certificate: `cert` valid at `at` (now when absent); with `trust` its chain and CRLs
// at that time (trusted when it chains).
void check_signer_certificate(const crypto::Certificate& cert, std::optional<Time> at,
                              const std::optional<crypto::TrustStore>& trust, bool require_crl,
                              VerifyReport& report);

// timestamp: skip without a token; otherwise the full RFC 3161 check (tsa/token_verify.h: its
// imprint covers the signature value, its SM2 signature and ESS certificate hash hold, the TSA
// certificate has the critical EKU and is valid at genTime, and chains to `trust` when given);
// a failure names the failing step. Returns genTime when the token verified: the trusted
// signing time.
std::optional<Time> check_cms_timestamp(const std::optional<crypto::CmsTimestampInfo>& timestamp,
                                        VerifyReport& report,
                                        const std::optional<crypto::TrustStore>& trust = {});

}  // namespace gmseal::ses
