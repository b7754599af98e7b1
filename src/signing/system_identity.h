// The seal application system's own identity: an SM2 key at index 1 of its crypto device and a
// certificate for it (DATA/system/system-cert.pem). It signs every seal request package.
//
// First start: the key is generated in the device and its access password sealed into the
// store's settings. With --demo a built-in test CA (DATA/demo-ca) certifies it; otherwise the
// service writes DATA/system/system.csr and refuses to start until the certificate a real CA
// issued for it is at DATA/system/system-cert.pem.
#pragma once

#include <memory>
#include <string>

#include "crypto/certificate.h"
#include "service/secrets/keystore.h"
#include "service/store/database.h"
#include "signing/key_device.h"
#include "signing/signing_config.h"

namespace gmseal::signing {

struct SystemIdentity {
  std::uint32_t key_index = kSystemKeyIndex;
  std::string key_password;
  crypto::Certificate certificate;
};

// Errors: signing.system.no_certificate (the CSR's path in the message),
// signing.system.key_mismatch (the certificate is for another key), keys.*, io.*.
Result<SystemIdentity> load_system_identity(const SigningConfig& config, KeyDevice& device,
                                            service::Database& db, service::KeyStore& keys);

}  // namespace gmseal::signing
