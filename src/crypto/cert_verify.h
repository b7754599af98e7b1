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

// A path that validated, with what a reader should still know about it.
struct ValidatedChain {
  std::vector<Certificate> path;      // leaf first, anchor last
  std::vector<std::string> warnings;  // e.g. revoked after `at`, a CRL past its nextUpdate
};

// Validates `leaf` at `options.at`. Revocation follows RFC 5280: a CRL issued after `at` still
// speaks for it, and a listed certificate counts as revoked from its revocationDate on, so one
// revoked after `at` was good at `at` (a warning says when it was revoked). Errors (stable codes):
//   crypto.chain.untrusted      no path to an anchor
//   crypto.chain.expired / crypto.chain.not_yet_valid   (any certificate in the path, at `at`)
//   crypto.chain.bad_signature  a signature in the path fails
//   crypto.chain.revoked        a CRL lists a certificate as revoked at or before `at`
//   crypto.chain.crl_invalid    a CRL's signature does not verify with its issuer's key
//   crypto.chain.crl_missing    require_crl and no CRL for an issuer
//   crypto.chain.invalid        any other path failure (the message says which)
Result<ValidatedChain> validate_chain(const Certificate& leaf, const TrustStore& store,
                                      const ChainOptions& options = {});

// validate_chain without the warnings: the path only.
Result<std::vector<Certificate>> verify_chain(const Certificate& leaf, const TrustStore& store,
                                              const ChainOptions& options = {});

// Checks `cert` against `crl` at `at` (CRL signature with the issuer key included). Returns the
// warnings: revoked only after `at`, or a CRL whose nextUpdate has passed (stale, judged
// against now, not `at`: a newer CRL may list more).
Result<std::vector<std::string>> check_revocation(const Certificate& cert,
                                                  const Certificate& issuer, const Crl& crl,
                                                  Time at, std::string_view id = kDefaultSm2Id);

}  // namespace gmseal::crypto
