// Signing with an electronic seal (GB/T 38540-2020 §7.2): given the hash of the original and
// its propertyInfo, build TBS_Sign (version = the seal's, 4 or 5; signing time; the seal's exact
// bytes; dataHash; propertyInfo; optional extDatas [0] EXPLICIT), sign its DER through
// crypto::Signer (SM2-with-SM3, ID 1234567812345678) and assemble SES_Signature, with an optional
// timestamp over the signature value ([0] EXPLICIT).
//
// Refuses (before signing) when: the seal is v1 (gmseal writes 38540 signatures only); the
// signer certificate is not in the seal's certList; the seal does not verify at the signing
// time (maker signature, maker certificate, validity window); the signer certificate is not
// valid at the signing time (or, with a trust store, does not chain to it); the signer's key
// does not belong to the signer certificate.
#pragma once

#include <span>
#include <vector>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crypto/cert_verify.h"
#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "ses/make_seal.h"
#include "ses/seal.h"
#include "ses/signature.h"

namespace gmseal::ses {

struct SignRequest {
  Bytes data_hash;  // hash of the original (SM3, 32 bytes, for SM2 signatures)
  std::string
      property_info;  // IA5; for OFD the Signature.xml path, e.g. /Doc_0/Signs/Sign_0/Signature.xml
  std::optional<Time> signing_time;  // now when absent (a clock hook for tests)
  std::vector<ExtData> ext_datas;
  TimestampFn timestamper;  // token over the signature value; none when empty
  // Chains for the signer and maker certificates (with CRLs); none checked when absent.
  std::optional<crypto::TrustStore> trust;
};

// Errors: ses.sign.bad_request (field), ses.sign.unsupported_seal (v1), ses.sign.key_mismatch,
// ses.sign.cert_not_in_seal, ses.sign.outside_seal_window, ses.sign.seal_invalid,
// ses.sign.signer_cert_invalid (messages name the failing checks), ses.encode.*, signer errors.
Result<Signature> sign(const Seal& seal, const crypto::Certificate& signer_cert,
                       crypto::Signer& signer, const SignRequest& request);

// One original of several signed at once: its hash and propertyInfo.
struct OriginalHash {
  Bytes data_hash;
  std::string property_info;
};

// Signs several originals at one signing time: the refusals above are checked once for all
// (the seal's maker signature is not verified again for each). `common` gives the signing time,
// extDatas, timestamper and trust of every signature; its data_hash and property_info are not
// used. Errors: those of sign(); the first error stops the run and no signature is returned.
Result<std::vector<Signature>> sign_many(const Seal& seal, const crypto::Certificate& signer_cert,
                                         crypto::Signer& signer, const SignRequest& common,
                                         std::span<const OriginalHash> originals);

}  // namespace gmseal::ses
