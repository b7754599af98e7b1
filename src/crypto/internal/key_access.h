// Internal to src/crypto: reach the EVP_PKEY inside the typed key classes.
#pragma once

#include <openssl/evp.h>

#include "crypto/internal/ossl.h"
#include "crypto/sm2_key.h"
#include "util/error.h"

namespace gmseal::crypto::internal {

struct KeyAccess {
  static EVP_PKEY* get0(const Sm2PublicKey& key) { return static_cast<EVP_PKEY*>(key.pkey_.get()); }
  static EVP_PKEY* get0(const Sm2PrivateKey& key) {
    return static_cast<EVP_PKEY*>(key.pkey_.get());
  }
  // Takes ownership of `pkey` (already checked to be an SM2 key).
  static Sm2PublicKey public_from(PkeyPtr pkey);
  static Sm2PrivateKey private_from(PkeyPtr pkey);
};

// Ensures `pkey` is an SM2 key usable for SM2 signatures: EC keys on the SM2 curve are converted
// to OpenSSL's SM2 key type. Errors: crypto.key.not_sm2.
Result<PkeyPtr> as_sm2_key(PkeyPtr pkey, bool is_private);

}  // namespace gmseal::crypto::internal
