#include "crypto/pkcs12.h"

#include <openssl/pkcs12.h>
#include <openssl/provider.h>

#include <string>

#include "crypto/internal/cert_access.h"
#include "crypto/internal/key_access.h"
#include "crypto/internal/ossl.h"

namespace gmseal::crypto {

namespace {

using Pkcs12Ptr = internal::OsslPtr<PKCS12, PKCS12_free>;

// Keeps the providers loaded for the process and unloads them at exit (before OpenSSL's own
// cleanup, which was registered earlier), so leak checkers see nothing left behind.
class LegacyProviders {
 public:
  LegacyProviders() {
    // Loading any provider explicitly stops the implicit "default" load, so load both. A
    // missing legacy module only matters for files that need it (the parse error says so).
    default_ = OSSL_PROVIDER_load(nullptr, "default");
    legacy_ = OSSL_PROVIDER_load(nullptr, "legacy");
    internal::clear_openssl_errors();
  }
  ~LegacyProviders() {
    if (legacy_ != nullptr) OSSL_PROVIDER_unload(legacy_);
    if (default_ != nullptr) OSSL_PROVIDER_unload(default_);
  }
  LegacyProviders(const LegacyProviders&) = delete;
  LegacyProviders& operator=(const LegacyProviders&) = delete;

 private:
  OSSL_PROVIDER* default_ = nullptr;
  OSSL_PROVIDER* legacy_ = nullptr;
};

void load_legacy_provider() { static const LegacyProviders providers; }

}  // namespace

bool looks_like_pkcs12(ByteView data) {
  // 30 len(1-4 bytes) 02 01 03 (version 3).
  if (data.size() < 8 || data[0] != 0x30) return false;
  std::size_t at = 2;
  if (data[1] & 0x80) at += data[1] & 0x7f;
  return at + 3 <= data.size() && data[at] == 0x02 && data[at + 1] == 0x01 && data[at + 2] == 0x03;
}

Result<Pkcs12Contents> parse_pkcs12(ByteView der, std::string_view password) {
  load_legacy_provider();
  const unsigned char* cursor = der.data();
  Pkcs12Ptr p12(d2i_PKCS12(nullptr, &cursor, static_cast<long>(der.size())));
  if (!p12) return internal::openssl_error("crypto.pkcs12.parse_failed", "not a PKCS#12 file");
  const std::string pass(password);
  if (PKCS12_mac_present(p12.get()) &&
      PKCS12_verify_mac(p12.get(), pass.c_str(), static_cast<int>(pass.size())) != 1) {
    internal::clear_openssl_errors();
    return make_error("crypto.pkcs12.bad_password",
                      "the PKCS#12 password is wrong (integrity MAC does not verify)");
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  if (PKCS12_parse(p12.get(), pass.c_str(), &key, &cert, &ca) != 1) {
    return internal::openssl_error(
        "crypto.pkcs12.parse_failed",
        "cannot decrypt the PKCS#12 contents (legacy RC2/3DES needs OpenSSL's legacy provider)");
  }
  internal::PkeyPtr owned_key(key);
  internal::OsslPtr<X509, X509_free> owned_cert(cert);
  const auto free_stack = [](STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); };
  std::unique_ptr<STACK_OF(X509), decltype(free_stack)> owned_ca(ca, free_stack);
  if (!owned_key) {
    return make_error("crypto.pkcs12.parse_failed", "the PKCS#12 file holds no private key");
  }
  GMSEAL_ASSIGN_OR_RETURN(internal::PkeyPtr sm2, internal::as_sm2_key(std::move(owned_key), true));
  Pkcs12Contents out{internal::KeyAccess::private_from(std::move(sm2)), std::nullopt, {}};
  const auto to_certificate = [](X509* x509) -> Result<Certificate> {
    unsigned char* buffer = nullptr;
    const int length = i2d_X509(x509, &buffer);
    if (length <= 0)
      return internal::openssl_error("crypto.pkcs12.parse_failed", "bad certificate");
    Bytes bytes(buffer, buffer + length);
    OPENSSL_free(buffer);
    return Certificate::from_der(bytes);
  };
  if (owned_cert) {
    GMSEAL_ASSIGN_OR_RETURN(out.certificate, to_certificate(owned_cert.get()));
  }
  for (int i = 0; owned_ca && i < sk_X509_num(owned_ca.get()); ++i) {
    GMSEAL_ASSIGN_OR_RETURN(Certificate c, to_certificate(sk_X509_value(owned_ca.get(), i)));
    out.ca_certificates.push_back(std::move(c));
  }
  return out;
}

}  // namespace gmseal::crypto
