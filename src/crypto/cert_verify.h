// Certificate path validation against a trust store, with SM2 signer IDs and CRLs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "crypto/crl.h"
#include "util/time.h"

namespace gmseal::crypto {

struct TrustStore {
  std::vector<Certificate> anchors;        // trusted roots
  std::vector<Certificate> intermediates;  // untrusted helpers for path building
  std::vector<Crl> crls;                   // checked when their issuer is in the path
};

struct ChainOptions {
  std::optional<Time> at;  // validation time; now when absent
  std::string id = std::string(kDefaultSm2Id);
  bool require_crl = false;  // every non-root certificate needs a CRL from its issuer
};

// The validated path, leaf first, anchor last. Errors (stable codes):
//   crypto.chain.untrusted      no path to an anchor
//   crypto.chain.expired / crypto.chain.not_yet_valid   (any certificate in the path, at `at`)
//   crypto.chain.bad_signature  a signature in the path fails
//   crypto.chain.revoked        a CRL lists a certificate as revoked at or before `at`
//   crypto.chain.crl_invalid    a CRL's signature fails or it is outside its validity at `at`
//   crypto.chain.crl_missing    require_crl and no CRL for an issuer
//   crypto.chain.invalid        any other path failure (the message says which)
Result<std::vector<Certificate>> verify_chain(const Certificate& leaf, const TrustStore& store,
                                              const ChainOptions& options = {});

// Checks `cert` against `crl` at `at` (CRL signature with the issuer key included).
Status check_revocation(const Certificate& cert, const Certificate& issuer, const Crl& crl, Time at,
                        std::string_view id = kDefaultSm2Id);

}  // namespace gmseal::crypto
