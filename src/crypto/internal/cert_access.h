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
  // Lower-case hex without leading zeros ("0" for zero), the form Certificate::serial_hex and
  // CRL entries share; empty when the integer cannot be read.
  static std::string serial_hex_of(const ASN1_INTEGER* serial);
  // UTC seconds of an ASN1_TIME (UTCTime or GeneralizedTime); the epoch when unreadable.
  static Time time_of(const ASN1_TIME* time);
};

}  // namespace gmseal::crypto::internal
