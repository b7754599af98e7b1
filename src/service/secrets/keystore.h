// service::KeyStore: a service's secrets at rest.
//
// A random 16-byte key-encryption key (KEK) lives in <data>/master.key (mode 0600). When the
// environment variable GMSEAL_MASTER_PASSPHRASE is set at creation, the file holds the KEK
// sealed with SM4-GCM under scrypt(passphrase) and the same passphrase is needed to start.
// Private keys are stored as encrypted PKCS#8 (PBES2, SM4-CBC) under the KEK; other secrets
// (UKey admin PINs) are SM4-GCM sealed under it.
#pragma once

#include <filesystem>
#include <string>

#include "crypto/sm2_key.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::service {

class KeyStore {
 public:
  // Opens <data_dir>/master.key, creating it when absent. Errors: keystore.*.
  static Result<KeyStore> open(const std::filesystem::path& data_dir);

  // Writes `key` encrypted to <data_dir>/keys/<name>.key.pem; returns the key reference.
  Result<std::string> store_private_key(const std::string& name, const crypto::Sm2PrivateKey& key);
  Result<crypto::Sm2PrivateKey> load_private_key(const std::string& reference) const;

  // A password for another encrypted store (the built-in CA's key), derived from the KEK.
  std::string derived_password(std::string_view purpose) const;

  Result<std::string> seal_secret(std::string_view plaintext, std::string_view context) const;
  Result<std::string> open_secret(std::string_view sealed, std::string_view context) const;

 private:
  KeyStore(std::filesystem::path dir, Bytes kek) : dir_(std::move(dir)), kek_(std::move(kek)) {}
  std::string key_password() const;

  std::filesystem::path dir_;
  Bytes kek_;
};

}  // namespace gmseal::service
