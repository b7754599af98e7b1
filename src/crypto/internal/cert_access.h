// Internal to src/crypto: the X509 inside a Certificate.
#pragma once

#include <openssl/x509.h>

#include "crypto/certificate.h"

namespace gmseal::crypto::internal {

struct CertAccess {
  // Borrowed; valid while the Certificate lives.
  static X509* get0(const Certificate& cert);
  // The attributes of an X509_NAME in encoded order (also used for request subjects).
  static DistinguishedName name_of(const X509_NAME* name);
};

}  // namespace gmseal::crypto::internal
