#include "cli/inputs.h"

#include <cstdlib>

#include "crypto/csr.h"
#include "crypto/pkcs12.h"
#include "util/file_io.h"

namespace gmseal::cli {

namespace {
Error in_file(const std::string& path, const Error& error) {
  return make_error(error.code, "'" + path + "': " + error.message, error.field);
}
}  // namespace

Result<crypto::Sm2PrivateKey> load_private_key(const std::string& path,
                                               const std::string& password) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  if (crypto::looks_like_pkcs12(data)) {
    auto store = crypto::parse_pkcs12(data, password);
    if (!store.ok()) return in_file(path, store.error());
    return std::move(store->key);
  }
  auto key = crypto::Sm2PrivateKey::from_der(data, password);
  if (!key.ok()) return in_file(path, key.error());
  return key;
}

Result<std::optional<crypto::Certificate>> load_key_store_certificate(const std::string& path,
                                                                      const std::string& password) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  if (!crypto::looks_like_pkcs12(data)) return std::optional<crypto::Certificate>();
  auto store = crypto::parse_pkcs12(data, password);
  if (!store.ok()) return in_file(path, store.error());
  return store->certificate;
}

Result<crypto::Sm2PublicKey> load_public_key(const std::string& path) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  const std::string text = to_string(data);
  if (text.find("-----BEGIN PUBLIC KEY-----") != std::string::npos) {
    auto key = crypto::Sm2PublicKey::from_pem(text);
    if (!key.ok()) return in_file(path, key.error());
    return key;
  }
  if (text.find("CERTIFICATE-----") != std::string::npos) {
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert, load_certificate(path));
    auto key = cert.public_key();
    if (!key.ok()) return in_file(path, key.error());
    return key;
  }
  if (text.find("PRIVATE KEY-----") != std::string::npos) {
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PrivateKey key, load_private_key(path, ""));
    return key.public_key();
  }
  if (auto key = crypto::Sm2PublicKey::from_der(data); key.ok()) return key;
  if (auto cert = crypto::Certificate::from_der(data); cert.ok()) {
    auto key = cert->public_key();
    if (!key.ok()) return in_file(path, key.error());
    return key;
  }
  return make_error("crypto.key.parse_failed",
                    "'" + path + "' holds no public key, certificate or private key");
}

Result<crypto::Certificate> load_certificate(const std::string& path) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  auto cert = crypto::Certificate::parse_any(data);
  if (!cert.ok()) return in_file(path, cert.error());
  return cert;
}

Result<crypto::Sm2PublicKey> load_request_key(const std::string& path) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  auto request = crypto::CertificateRequest::parse(data);
  if (!request.ok()) return in_file(path, request.error());
  return request->public_key();
}

Result<std::vector<crypto::Certificate>> load_certificates(const std::string& path) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  if (crypto::looks_like_pem(data)) {
    auto certs = crypto::Certificate::from_pem_bundle(to_string(data));
    if (!certs.ok()) return in_file(path, certs.error());
    return certs;
  }
  GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate cert, load_certificate(path));
  return std::vector<crypto::Certificate>{std::move(cert)};
}

Result<crypto::Crl> load_crl(const std::string& path) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes data, read_file(path));
  auto crl = crypto::Crl::parse_any(data);
  if (!crl.ok()) return in_file(path, crl.error());
  return crl;
}

std::string password_from(const std::string& value, const char* env_name) {
  if (!value.empty()) return value;
  const char* env = std::getenv(env_name);
  return env != nullptr ? env : "";
}

}  // namespace gmseal::cli
