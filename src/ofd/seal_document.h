// Sealing and signing OFD documents: add_signature (ofd/add_signature.h) with the SignedValue.dat
// contents made by the SES engine or the CMS module.
//
//   Type="Seal": SES_Signature v4 (ses/sign.h) with dataHash = SM3(Signature.xml as stored) and
//                propertyInfo = the Signature.xml path (ses-formats.md §1.2); Seal.esl = the seal.
//   Type="Sign": detached GB/T 35275 SignedData (crypto/cms_signed_data.h) whose messageDigest is
//                SM3(Signature.xml), as gomain writes it.
// The key is used through crypto::Signer (soft keys now; UKeys and HSMs plug in the same way).
#pragma once

#include <optional>

#include "crypto/cert_verify.h"
#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "ofd/add_signature.h"
#include "ofd/package.h"
#include "ofd/stamp_placement.h"
#include "ses/make_seal.h"
#include "ses/seal.h"

namespace gmseal::ofd {

// The seal's display size from its picture (mm); 40 x 40 when the seal gives none.
SealSize seal_size(const ses::Seal& seal);

// `spec.type`, `seal_esl` are set here; the rest (stamps, time, mode) comes from the caller.
// Errors: those of ses::sign (seal or certificate not valid at the signing time, signer not in
// the seal's certList, key mismatch) and of add_signature.
// `timestamper`, when set, timestamps the signature value (SES_Signature timeStamp; for
// sign_document the SignerInfo's unsigned attribute timeStampToken).
Result<SignedPackage> seal_document(const Package& package, const ses::Seal& seal,
                                    const crypto::Certificate& signer_cert, crypto::Signer& signer,
                                    NewSignature spec,
                                    const std::optional<crypto::TrustStore>& trust = std::nullopt,
                                    ses::TimestampFn timestamper = {});

// A Type="Sign" digital signature (no seal, no stamp). Errors: crypto.cms.*, add_signature's.
Result<SignedPackage> sign_document(const Package& package, const crypto::Certificate& signer_cert,
                                    crypto::Signer& signer, NewSignature spec,
                                    ses::TimestampFn timestamper = {});

}  // namespace gmseal::ofd
