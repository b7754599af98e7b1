// GB/T 38540 SES_Signature as a PDF signature container (电子签章 in PDF).
//
// No standard maps SES_Signature into PDF (research-pdf-signing.md §1), so gmseal's mapping is:
//   /Filter /Adobe.PPKLite, /SubFilter kSesSubFilter (configurable with --sub-filter);
//   /Contents = DER SES_Signature v4 (TBS_Sign version = the seal's) with
//     dataHash     = SM3(bytes[0:a] || bytes[b:b+c])  for /ByteRange [0 a b c]
//     propertyInfo = "ByteRange=[0 a b c]"  (IA5; the protected range, as GB/T 38540 asks)
//   the appearance is the seal's own picture at the seal's size (width/height in mm).
// Verifiers detect SES from the DER (not from the SubFilter) and check dataHash against the
// recomputed digest and propertyInfo against the dictionary's /ByteRange.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/cert_verify.h"
#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "pdf/sign.h"
#include "ses/make_seal.h"
#include "ses/seal.h"
#include "ses/signature.h"
#include "ses/verify_report.h"
#include "ses/verify_seal.h"

namespace gmseal::pdf {

inline constexpr std::string_view kSesSubFilter = "GBT38540.SES_Signature";

// "ByteRange=[0 a b c]".
std::string ses_property_info(const std::array<std::uint64_t, 4>& byte_range);

// A container builder that signs with `seal` (its certList must hold `signer_cert`).
// `timestamper`, when set, puts an RFC 3161 token over the signature value into timeStamp.
ContainerBuilder ses_container_builder(ses::Seal seal, crypto::Certificate signer_cert,
                                       std::shared_ptr<crypto::Signer> signer,
                                       std::optional<crypto::TrustStore> trust = std::nullopt,
                                       ses::TimestampFn timestamper = {});

// Verifies an SES_Signature found in /Contents: every GB/T 38540 §7.3 check, dataHash =
// `digest`, and propertyInfo naming this /ByteRange (a mismatch fails "property_info"); the
// seal's online status too when `status_check` is set ("seal.online_status"). `parsed` receives
// the SES_Signature when it parsed.
ses::VerifyReport verify_ses_container(ByteView der, const crypto::Sm3Digest& digest,
                                       const std::vector<std::int64_t>& byte_range,
                                       const std::optional<crypto::TrustStore>& trust,
                                       std::optional<ses::Signature>* parsed,
                                       const ses::SealStatusCheck& status_check = {});

}  // namespace gmseal::pdf
