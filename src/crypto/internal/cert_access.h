// Internal to src/crypto: the X509 inside a Certificate.
#pragma once

#include <openssl/x509.h>

#include "crypto/certificate.h"

namespace gmseal::crypto::internal {

struct CertAccess {
  // Borrowed; valid while the Certificate lives.
  static X509* get0(const Certificate& cert);
};

}  // namespace gmseal::crypto::internal
