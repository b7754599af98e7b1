// The key a signing command signs with, from `--key FILE [--pass P]` or `--token URI` (exactly
// one), and the certificate that goes with it. Every command that signs (documents, seals, SM2
// signatures, provincial messages) opens its key here, so a UKey (skf:), a crypto device (sdf:)
// or a key file serve each of them alike (docs/keys.md).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "util/error.h"

namespace gmseal::cli {

struct SigningKeySource {
  std::string key_path;            // PEM/DER private key or a PKCS#12 key store
  std::string password;            // for key_path; GMSEAL_KEY_PASS when empty
  std::string token_uri;           // skf:... | sdf:... | soft:... (keys/token_uri.h)
  std::string key_flag = "--key";  // the command's name for its key option, for messages
};

struct SigningKey {
  std::shared_ptr<crypto::Signer> signer;
  // The certificate kept beside the key: a PKCS#12 store's, an SKF container's.
  std::optional<crypto::Certificate> stored_certificate;
};

// Errors: cli.usage (neither or both of the key and --token), the key file's and the token's own.
Result<SigningKey> open_signing_key(const SigningKeySource& source);

// `cert_path` when given, else the stored certificate. cli.usage naming `cert_flag` when there is
// neither.
Result<crypto::Certificate> signing_certificate(const SigningKey& key, const std::string& cert_path,
                                                const std::string& cert_flag = "--cert");

}  // namespace gmseal::cli
