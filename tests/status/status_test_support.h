// Status answers made in tests: a platform-like signer (a root and a system certificate issued
// from it) and answers signed the way docs/api.md describes, written out by hand here rather
// than through the library's canonical-JSON code, so the two are checked against each other.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "crypto/certificate.h"
#include "crypto/sm2_key.h"
#include "ses/seal.h"
#include "util/time.h"

namespace gmseal::status::testing {

struct StatusSigner {
  crypto::Sm2PrivateKey key;
  crypto::Certificate cert;  // system profile, issued by `root`
  crypto::Certificate root;
};

// A fresh root named "<name> root" and a system certificate "<name>" from it, valid for a year
// from an hour ago unless `valid_until` says when it expires (it then starts two days earlier).
StatusSigner make_status_signer(const std::string& name,
                                std::optional<Time> valid_until = std::nullopt);

// {"code","status","since","signedAt","signature","signerCert"} signed by `signer`.
nlohmann::json signed_answer(const StatusSigner& signer, const std::string& code,
                             const std::string& status, Time since, Time signed_at);

// A v4 seal whose esID is `code` (maker and signer certificates from a throwaway root).
ses::Seal make_seal_with_code(const std::string& code);

}  // namespace gmseal::status::testing
