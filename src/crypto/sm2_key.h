// SM2 keys (GB/T 32918): typed public and private keys that exist only when valid.
//
// Both classes are immutable and cheap to copy (they share one reference-counted OpenSSL key);
// concurrent use from several threads is safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::crypto {

namespace internal {
struct KeyAccess;
}

inline constexpr std::size_t kSm2CoordinateSize = 32;
// SKF/SDF devices store coordinates right-aligned in 64-byte fields (ECC_MAX_*_BITS_LEN 512).
inline constexpr std::size_t kSm2DeviceCoordinateSize = 64;

class Sm2PublicKey {
 public:
  // SubjectPublicKeyInfo DER / "PUBLIC KEY" PEM. Errors: crypto.key.parse_failed,
  // crypto.key.not_sm2.
  static Result<Sm2PublicKey> from_der(ByteView der);
  static Result<Sm2PublicKey> from_pem(std::string_view pem);
  // Uncompressed point 04||X||Y (65 bytes). Errors: crypto.key.bad_point (not on the curve).
  static Result<Sm2PublicKey> from_point(ByteView point);
  // Coordinates of 32 bytes, or right-aligned in 64-byte device fields (leading 32 bytes zero).
  static Result<Sm2PublicKey> from_xy(ByteView x, ByteView y);

  Bytes to_der() const;
  std::string to_pem() const;
  Bytes point() const;  // 65 bytes, 04||X||Y
  Bytes x() const;      // 32 bytes, big-endian
  Bytes y() const;
  Bytes x_device() const;  // 64 bytes, right-aligned
  Bytes y_device() const;

  bool operator==(const Sm2PublicKey& other) const;

 private:
  friend struct internal::KeyAccess;
  explicit Sm2PublicKey(std::shared_ptr<void> pkey) : pkey_(std::move(pkey)) {}
  std::shared_ptr<void> pkey_;  // EVP_PKEY
};

class Sm2PrivateKey {
 public:
  static Result<Sm2PrivateKey> generate();
  // PEM "PRIVATE KEY", "ENCRYPTED PRIVATE KEY" (needs `password`) or "EC PRIVATE KEY" (SEC1).
  // Errors: crypto.key.parse_failed, crypto.key.bad_password, crypto.key.not_sm2.
  static Result<Sm2PrivateKey> from_pem(std::string_view pem, std::string_view password = {});
  // DER PKCS#8, encrypted PKCS#8 (with `password`) or SEC1 ECPrivateKey.
  static Result<Sm2PrivateKey> from_der(ByteView der, std::string_view password = {});
  // Raw scalar: 32 bytes, or right-aligned in a 64-byte device field. Errors:
  // crypto.key.bad_scalar.
  static Result<Sm2PrivateKey> from_raw(ByteView scalar);

  // PKCS#8; with a non-empty password, PBES2 with SM4-CBC (scrypt-free so that OpenSSL CLI and
  // other tools read it).
  std::string to_pem(std::string_view password = {}) const;
  Bytes to_der(std::string_view password = {}) const;
  std::string to_sec1_pem() const;
  Bytes to_sec1_der() const;
  Bytes raw() const;  // 32 bytes; a secret: wipe copies after use

  Sm2PublicKey public_key() const;

 private:
  friend struct internal::KeyAccess;
  explicit Sm2PrivateKey(std::shared_ptr<void> pkey) : pkey_(std::move(pkey)) {}
  std::shared_ptr<void> pkey_;  // EVP_PKEY
};

// Reads either a private key (PEM/DER, optionally encrypted) and reports whether the text looked
// like a key at all, for CLI input detection.
bool looks_like_pem(ByteView data);

}  // namespace gmseal::crypto
