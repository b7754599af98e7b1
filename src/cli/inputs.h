// Reading the files a command names: keys, certificates, CRLs, with errors that name the file.
#pragma once

#include <optional>
#include <string>

#include "crypto/certificate.h"
#include "crypto/crl.h"
#include "crypto/sm2_key.h"
#include "util/error.h"

namespace gmseal::cli {

// A private key from PEM or DER, decrypted with `password` when encrypted, or from a PKCS#12
// (.p12/.pfx) key store opened with `password`.
Result<crypto::Sm2PrivateKey> load_private_key(const std::string& path,
                                               const std::string& password);
// The certificate stored beside the key when `path` is a PKCS#12 key store; nullopt for other
// key files.
Result<std::optional<crypto::Certificate>> load_key_store_certificate(const std::string& path,
                                                                      const std::string& password);
// A public key from a public-key file, a certificate or a private key file.
Result<crypto::Sm2PublicKey> load_public_key(const std::string& path);
Result<crypto::Certificate> load_certificate(const std::string& path);
// The public key of a PKCS#10 request whose self-signature verifies.
Result<crypto::Sm2PublicKey> load_request_key(const std::string& path);
// One or more certificates (a PEM bundle or one DER certificate).
Result<std::vector<crypto::Certificate>> load_certificates(const std::string& path);
Result<crypto::Crl> load_crl(const std::string& path);

// `value` if set, else the environment variable `env_name`, else empty.
std::string password_from(const std::string& value, const char* env_name);

}  // namespace gmseal::cli
