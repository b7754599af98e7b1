#include "crypto/kdf.h"

#include <openssl/kdf.h>

#include "crypto/internal/ossl.h"

namespace gmseal::crypto {

Result<Bytes> pbkdf2_sm3(std::string_view password, ByteView salt, unsigned iterations,
                         std::size_t length) {
  Bytes out(length);
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                        static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sm3(),
                        static_cast<int>(length), out.data()) != 1) {
    return internal::openssl_error("crypto.kdf.failed", "PBKDF2-HMAC-SM3 failed");
  }
  return out;
}

Result<Bytes> scrypt(std::string_view password, ByteView salt, std::size_t length,
                     const ScryptParams& params) {
  Bytes out(length);
  // 64 MiB upper bound: n=2^15, r=8 needs 32 MiB.
  if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), params.n, params.r,
                     params.p, 64ull << 20, out.data(), out.size()) != 1) {
    return internal::openssl_error("crypto.kdf.failed", "scrypt failed");
  }
  return out;
}

}  // namespace gmseal::crypto
