#include "crypto/sm2_key.h"

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>

#include "crypto/internal/key_access.h"

namespace gmseal::crypto {

using internal::BioPtr;
using internal::BnCtxPtr;
using internal::BnPtr;
using internal::EcGroupPtr;
using internal::EcPointPtr;
using internal::KeyAccess;
using internal::openssl_error;
using internal::PkeyCtxPtr;
using internal::PkeyPtr;

namespace internal {

namespace {
std::shared_ptr<void> share(PkeyPtr pkey) {
  return std::shared_ptr<void>(pkey.release(),
                               [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
}

using ParamBldPtr = OsslPtr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using ParamPtr = OsslPtr<OSSL_PARAM, OSSL_PARAM_free>;

// Builds an SM2 EVP_PKEY from an encoded point and, for private keys, the scalar.
Result<PkeyPtr> sm2_from_parts(ByteView point, const BIGNUM* scalar) {
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1 ||
      (scalar != nullptr &&
       OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar) != 1)) {
    return openssl_error("crypto.key.build_failed", "cannot assemble SM2 key parameters");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, scalar != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1) {
    return openssl_error("crypto.key.bad_point", "SM2 key parameters are invalid");
  }
  PkeyPtr pkey(raw);
  // fromdata does not check the point; a point off the curve must never become a key. The quick
  // check (not infinity, on the curve) suffices: the SM2 curve has cofactor 1, so every such
  // point has order n, and the full check's n*Q multiplication cost ~300 us a key with
  // OpenSSL 3.0 (measured in bench/ses_bench.cc), as much as a signature verification.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check_quick(check.get()) != 1) {
    return openssl_error("crypto.key.bad_point", "SM2 public point is not on the curve");
  }
  return pkey;
}

Bytes encoded_point(EVP_PKEY* pkey) {
  Bytes point(65);
  std::size_t size = 0;
  if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(),
                                      &size) != 1) {
    clear_openssl_errors();
    return {};
  }
  point.resize(size);
  return point;
}
}  // namespace

Sm2PublicKey KeyAccess::public_from(PkeyPtr pkey) { return Sm2PublicKey(share(std::move(pkey))); }
Sm2PrivateKey KeyAccess::private_from(PkeyPtr pkey) {
  return Sm2PrivateKey(share(std::move(pkey)));
}

Result<PkeyPtr> as_sm2_key(PkeyPtr pkey, bool is_private) {
  if (EVP_PKEY_is_a(pkey.get(), "SM2")) return pkey;
  char group[64] = {};
  if (!EVP_PKEY_is_a(pkey.get(), "EC") ||
      EVP_PKEY_get_utf8_string_param(pkey.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                     nullptr) != 1 ||
      std::strcmp(group, "SM2") != 0) {
    clear_openssl_errors();
    return make_error("crypto.key.not_sm2",
                      std::string("key is not an SM2 key (type ") +
                          EVP_PKEY_get0_type_name(pkey.get()) +
                          (group[0] ? std::string(", curve ") + group : std::string()) + ")");
  }
  // An EC key on the SM2 curve: rebuild it under OpenSSL's SM2 key type so that SM2 signing
  // (with Z and the user ID) is used instead of ECDSA.
  const Bytes point = encoded_point(pkey.get());
  BIGNUM* scalar = nullptr;
  if (is_private && EVP_PKEY_get_bn_param(pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY, &scalar) != 1) {
    return openssl_error("crypto.key.parse_failed", "cannot read the private scalar");
  }
  BnPtr owned(scalar);
  return sm2_from_parts(point, owned.get());
}

}  // namespace internal

namespace {

using internal::as_sm2_key;

bool text_contains(ByteView data, std::string_view needle) {
  const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  return text.find(needle) != std::string_view::npos;
}

// Decodes a private key from PEM or DER in any of the supported structures.
Result<PkeyPtr> decode_private(ByteView data, std::string_view password) {
  EVP_PKEY* raw = nullptr;
  using DecoderCtxPtr = internal::OsslPtr<OSSL_DECODER_CTX, OSSL_DECODER_CTX_free>;
  DecoderCtxPtr ctx(OSSL_DECODER_CTX_new_for_pkey(&raw, nullptr, nullptr, nullptr, EVP_PKEY_KEYPAIR,
                                                  nullptr, nullptr));
  if (!ctx) return openssl_error("crypto.key.parse_failed", "cannot create a key decoder");
  if (!password.empty()) {
    OSSL_DECODER_CTX_set_passphrase(
        ctx.get(), reinterpret_cast<const unsigned char*>(password.data()), password.size());
  }
  const unsigned char* cursor = data.data();
  std::size_t left = data.size();
  const bool encrypted = text_contains(data, "ENCRYPTED") || [&] {
    const unsigned char* p = data.data();
    X509_SIG* sig = d2i_X509_SIG(nullptr, &p, static_cast<long>(data.size()));
    X509_SIG_free(sig);
    return sig != nullptr;
  }();
  internal::clear_openssl_errors();
  if (OSSL_DECODER_from_data(ctx.get(), &cursor, &left) != 1 || raw == nullptr) {
    if (encrypted && password.empty()) {
      internal::clear_openssl_errors();
      return make_error("crypto.key.password_required",
                        "the private key is encrypted; a password is required");
    }
    if (encrypted) {
      internal::clear_openssl_errors();
      return make_error("crypto.key.bad_password",
                        "cannot decrypt the private key: wrong password or corrupted data");
    }
    return openssl_error("crypto.key.parse_failed",
                         "not a private key in PEM or DER (PKCS#8, encrypted PKCS#8 or SEC1)");
  }
  return PkeyPtr(raw);
}

Bytes pad_left(ByteView value, std::size_t size) {
  Bytes out(size, 0);
  std::memcpy(out.data() + size - value.size(), value.data(), value.size());
  return out;
}

Result<Bytes> strip_device_padding(ByteView value, const char* what) {
  if (value.size() == kSm2CoordinateSize) return Bytes(value.begin(), value.end());
  if (value.size() == kSm2DeviceCoordinateSize) {
    for (std::size_t i = 0; i < kSm2DeviceCoordinateSize - kSm2CoordinateSize; ++i) {
      if (value[i] != 0) {
        return make_error("crypto.key.bad_point",
                          std::string(what) +
                              ": 64-byte field is not right-aligned (high bytes "
                              "must be zero)");
      }
    }
    return Bytes(value.end() - kSm2CoordinateSize, value.end());
  }
  return make_error("crypto.key.bad_point", std::string(what) + " must be 32 or 64 bytes, got " +
                                                std::to_string(value.size()));
}

Bytes encode_with(EVP_PKEY* pkey, int selection, const char* format, const char* structure,
                  std::string_view password) {
  using EncoderCtxPtr = internal::OsslPtr<OSSL_ENCODER_CTX, OSSL_ENCODER_CTX_free>;
  EncoderCtxPtr ctx(OSSL_ENCODER_CTX_new_for_pkey(pkey, selection, format, structure, nullptr));
  unsigned char* out = nullptr;
  std::size_t size = 0;
  if (!ctx) std::abort();
  if (!password.empty()) {
    OSSL_ENCODER_CTX_set_cipher(ctx.get(), "SM4-CBC", nullptr);
    OSSL_ENCODER_CTX_set_passphrase(
        ctx.get(), reinterpret_cast<const unsigned char*>(password.data()), password.size());
  }
  // Encoding a valid SM2 key to a supported structure cannot fail short of memory exhaustion.
  if (OSSL_ENCODER_to_data(ctx.get(), &out, &size) != 1) std::abort();
  Bytes result(out, out + size);
  OPENSSL_clear_free(out, size);
  return result;
}

}  // namespace

// --- Sm2PublicKey ---

Result<Sm2PublicKey> Sm2PublicKey::from_der(ByteView der) {
  const unsigned char* p = der.data();
  PkeyPtr pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (!pkey) return openssl_error("crypto.key.parse_failed", "not a DER SubjectPublicKeyInfo");
  if (p != der.data() + der.size()) {
    return make_error("crypto.key.parse_failed", "bytes follow the SubjectPublicKeyInfo");
  }
  GMSEAL_ASSIGN_OR_RETURN(PkeyPtr sm2, as_sm2_key(std::move(pkey), false));
  return KeyAccess::public_from(std::move(sm2));
}

Result<Sm2PublicKey> Sm2PublicKey::from_pem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey) return openssl_error("crypto.key.parse_failed", "not a PEM public key");
  GMSEAL_ASSIGN_OR_RETURN(PkeyPtr sm2, as_sm2_key(std::move(pkey), false));
  return KeyAccess::public_from(std::move(sm2));
}

Result<Sm2PublicKey> Sm2PublicKey::from_point(ByteView point) {
  if (point.size() != 65 || point[0] != 0x04) {
    return make_error("crypto.key.bad_point",
                      "SM2 point must be 65 bytes in uncompressed form (04||X||Y)");
  }
  GMSEAL_ASSIGN_OR_RETURN(PkeyPtr pkey, internal::sm2_from_parts(point, nullptr));
  return KeyAccess::public_from(std::move(pkey));
}

Result<Sm2PublicKey> Sm2PublicKey::from_xy(ByteView x, ByteView y) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes x32, strip_device_padding(x, "X coordinate"));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes y32, strip_device_padding(y, "Y coordinate"));
  Bytes point{0x04};
  point.insert(point.end(), x32.begin(), x32.end());
  point.insert(point.end(), y32.begin(), y32.end());
  return from_point(point);
}

Bytes Sm2PublicKey::to_der() const {
  unsigned char* out = nullptr;
  const int size = i2d_PUBKEY(KeyAccess::get0(*this), &out);
  if (size <= 0) std::abort();
  Bytes der(out, out + size);
  OPENSSL_free(out);
  return der;
}

std::string Sm2PublicKey::to_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PUBKEY(bio.get(), KeyAccess::get0(*this)) != 1) std::abort();
  return to_string(internal::bio_contents(bio.get()));
}

Bytes Sm2PublicKey::point() const { return internal::encoded_point(KeyAccess::get0(*this)); }
Bytes Sm2PublicKey::x() const {
  const Bytes p = point();
  return Bytes(p.begin() + 1, p.begin() + 33);
}
Bytes Sm2PublicKey::y() const {
  const Bytes p = point();
  return Bytes(p.begin() + 33, p.end());
}
Bytes Sm2PublicKey::x_device() const { return pad_left(x(), kSm2DeviceCoordinateSize); }
Bytes Sm2PublicKey::y_device() const { return pad_left(y(), kSm2DeviceCoordinateSize); }

bool Sm2PublicKey::operator==(const Sm2PublicKey& other) const { return point() == other.point(); }

// --- Sm2PrivateKey ---

Result<Sm2PrivateKey> Sm2PrivateKey::generate() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_generate(ctx.get(), &raw) != 1) {
    return openssl_error("crypto.key.generate_failed", "SM2 key generation failed");
  }
  return KeyAccess::private_from(PkeyPtr(raw));
}

Result<Sm2PrivateKey> Sm2PrivateKey::from_pem(std::string_view pem, std::string_view password) {
  if (pem.find("-----BEGIN") == std::string_view::npos) {
    return make_error("crypto.key.parse_failed", "no PEM block found (expected -----BEGIN ...)");
  }
  return from_der(ByteView(reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()),
                  password);
}

Result<Sm2PrivateKey> Sm2PrivateKey::from_der(ByteView der, std::string_view password) {
  GMSEAL_ASSIGN_OR_RETURN(PkeyPtr pkey, decode_private(der, password));
  GMSEAL_ASSIGN_OR_RETURN(PkeyPtr sm2, as_sm2_key(std::move(pkey), true));
  return KeyAccess::private_from(std::move(sm2));
}

Result<Sm2PrivateKey> Sm2PrivateKey::from_raw(ByteView scalar_bytes) {
  GMSEAL_ASSIGN_OR_RETURN(const Bytes d, strip_device_padding(scalar_bytes, "private scalar"));
  EcGroupPtr group(EC_GROUP_new_by_curve_name(NID_sm2));
  BnPtr scalar(BN_bin2bn(d.data(), static_cast<int>(d.size()), nullptr));
  BnPtr order(BN_new());
  BnCtxPtr bn_ctx(BN_CTX_new());
  if (!group || !scalar || !order || !bn_ctx ||
      EC_GROUP_get_order(group.get(), order.get(), bn_ctx.get()) != 1) {
    return openssl_error("crypto.key.build_failed", "cannot load the SM2 curve");
  }
  // GB/T 32918.1: d must lie in [1, n-2].
  BnPtr limit(BN_dup(order.get()));
  BN_sub_word(limit.get(), 1);
  if (BN_is_zero(scalar.get()) || BN_cmp(scalar.get(), limit.get()) >= 0) {
    return make_error("crypto.key.bad_scalar", "SM2 private scalar must lie in [1, n-2]");
  }
  EcPointPtr pub(EC_POINT_new(group.get()));
  Bytes point(65);
  if (!pub ||
      EC_POINT_mul(group.get(), pub.get(), scalar.get(), nullptr, nullptr, bn_ctx.get()) != 1 ||
      EC_POINT_point2oct(group.get(), pub.get(), POINT_CONVERSION_UNCOMPRESSED, point.data(),
                         point.size(), bn_ctx.get()) != point.size()) {
    return openssl_error("crypto.key.build_failed", "cannot derive the SM2 public point");
  }
  GMSEAL_ASSIGN_OR_RETURN(PkeyPtr pkey, internal::sm2_from_parts(point, scalar.get()));
  return KeyAccess::private_from(std::move(pkey));
}

std::string Sm2PrivateKey::to_pem(std::string_view password) const {
  return to_string(encode_with(KeyAccess::get0(*this), EVP_PKEY_KEYPAIR, "PEM",
                               password.empty() ? "PrivateKeyInfo" : "EncryptedPrivateKeyInfo",
                               password));
}

Bytes Sm2PrivateKey::to_der(std::string_view password) const {
  return encode_with(KeyAccess::get0(*this), EVP_PKEY_KEYPAIR, "DER",
                     password.empty() ? "PrivateKeyInfo" : "EncryptedPrivateKeyInfo", password);
}

std::string Sm2PrivateKey::to_sec1_pem() const {
  return to_string(
      encode_with(KeyAccess::get0(*this), EVP_PKEY_KEYPAIR, "PEM", "type-specific", {}));
}

Bytes Sm2PrivateKey::to_sec1_der() const {
  return encode_with(KeyAccess::get0(*this), EVP_PKEY_KEYPAIR, "DER", "type-specific", {});
}

Bytes Sm2PrivateKey::raw() const {
  BIGNUM* scalar = nullptr;
  if (EVP_PKEY_get_bn_param(KeyAccess::get0(*this), OSSL_PKEY_PARAM_PRIV_KEY, &scalar) != 1) {
    std::abort();
  }
  Bytes out(kSm2CoordinateSize);
  BN_bn2binpad(scalar, out.data(), static_cast<int>(out.size()));
  BN_clear_free(scalar);
  return out;
}

Sm2PublicKey Sm2PrivateKey::public_key() const {
  auto key = Sm2PublicKey::from_point(internal::encoded_point(KeyAccess::get0(*this)));
  if (!key.ok()) std::abort();  // a valid private key always has a valid public point
  return *key;
}

bool looks_like_pem(ByteView data) { return text_contains(data, "-----BEGIN "); }

}  // namespace gmseal::crypto
