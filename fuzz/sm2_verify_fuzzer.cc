// gmseal's SM2 engine against OpenSSL on verification: both must give the same verdict for any
// public key, digest and signature bytes. Input: one mode byte (bit 0: 0 = the GM/T 0003.5
// example key, 1 = X||Y taken from the input), [64 bytes X||Y], 32 bytes e, then the signature
// (DER, or anything). crypto::sm2_verify_digest runs on the engine (the default; the example key
// soon gets a table in the verification cache); the reference is EVP_PKEY_verify on the same key.
// The engine's verdict on r||s must also be the same with and without the key's table
// (sm2_engine::PublicKeyTable). A disagreement aborts.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "crypto/sm2.h"
#include "crypto/sm2_engine/engine.h"

namespace {

const std::uint8_t kExampleXy[64] = {
    0x09, 0xF9, 0xDF, 0x31, 0x1E, 0x54, 0x21, 0xA1, 0x50, 0xDD, 0x7D, 0x16, 0x1E, 0x4B, 0xC5, 0xC6,
    0x72, 0x17, 0x9F, 0xAD, 0x18, 0x33, 0xFC, 0x07, 0x6B, 0xB0, 0x8F, 0xF3, 0x56, 0xF3, 0x50, 0x20,
    0xCC, 0xEA, 0x49, 0x0C, 0xE2, 0x67, 0x75, 0xA5, 0x2D, 0xC6, 0xEA, 0x71, 0x8C, 0xC1, 0xAA, 0x60,
    0x0A, 0xED, 0x05, 0xFB, 0xF3, 0x5E, 0x08, 0x4A, 0x66, 0x32, 0xF6, 0x07, 0x2D, 0xA9, 0xAD, 0x13};

// An OpenSSL SM2 key of its own from the point 04||X||Y, independent of gmseal's key classes.
EVP_PKEY* openssl_key(const std::uint8_t xy[64]) {
  std::uint8_t point[65];
  point[0] = 0x04;
  std::memcpy(point + 1, xy, 64);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>("SM2"), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point),
      OSSL_PARAM_construct_end()};
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr);
  EVP_PKEY* pkey = nullptr;
  if (ctx == nullptr || EVP_PKEY_fromdata_init(ctx) != 1 ||
      EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    pkey = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  return pkey;
}

bool openssl_verify(const std::uint8_t xy[64], gmseal::ByteView e, gmseal::ByteView sig) {
  EVP_PKEY* pkey = openssl_key(xy);
  if (pkey == nullptr) std::abort();  // gmseal accepted the key, so OpenSSL must build it
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(pkey, nullptr);
  const bool ok = ctx != nullptr && EVP_PKEY_verify_init(ctx) == 1 &&
                  EVP_PKEY_verify(ctx, sig.data(), sig.size(), e.data(), e.size()) == 1;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(pkey);
  return ok;
}

// The example key's table, built once (inputs with their own key build one each).
const gmseal::crypto::sm2_engine::PublicKeyTable& example_table() {
  static const auto table = [] {
    gmseal::crypto::sm2_engine::PublicKey key{};
    if (!gmseal::crypto::sm2_engine::parse_public_key(key, kExampleXy)) std::abort();
    return gmseal::crypto::sm2_engine::make_public_key_table(key);
  }();
  return *table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 + 32) return 0;
  const bool own_key = (data[0] & 1) != 0;
  std::size_t offset = 1;
  const std::uint8_t* xy = kExampleXy;
  if (own_key) {
    if (size < 1 + 64 + 32) return 0;
    xy = data + 1;
    offset += 64;
  }
  const gmseal::ByteView e(data + offset, 32);
  const gmseal::ByteView sig(data + offset + 32, size - offset - 32);

  // Key parsing stays on OpenSSL; the engine's own curve check must agree with it.
  auto key = gmseal::crypto::Sm2PublicKey::from_xy(gmseal::ByteView(xy, 32),
                                                   gmseal::ByteView(xy + 32, 32));
  gmseal::crypto::sm2_engine::PublicKey engine_key{};
  const bool engine_accepts = gmseal::crypto::sm2_engine::parse_public_key(engine_key, xy);
  if (engine_accepts != key.ok()) {
    std::fprintf(stderr, "public key verdicts differ: engine %d, OpenSSL %d\n", engine_accepts,
                 key.ok());
    std::abort();
  }
  if (!key.ok()) return 0;

  const bool ours = gmseal::crypto::sm2_verify_digest(*key, e, sig).ok();
  const bool theirs = openssl_verify(xy, e, sig);
  if (ours != theirs) {
    std::fprintf(stderr, "verification verdicts differ: gmseal %d, OpenSSL %d\n", ours, theirs);
    std::abort();
  }

  // The engine with and without the key's table (the cached-key path) on r||s: the signature
  // bytes themselves when there are 64 of them (any r and s, out of range included), else the
  // r||s of a DER signature.
  std::uint8_t rs[64];
  if (sig.size() == 64) {
    std::memcpy(rs, sig.data(), 64);
  } else if (auto raw = gmseal::crypto::sm2_signature_der_to_raw(sig); raw.ok()) {
    std::memcpy(rs, raw->data(), 64);
  } else {
    return 0;
  }
  const auto table =
      own_key ? gmseal::crypto::sm2_engine::make_public_key_table(engine_key) : nullptr;
  const gmseal::crypto::sm2_engine::PublicKeyTable& tabled = own_key ? *table : example_table();
  const bool plain = gmseal::crypto::sm2_engine::verify_digest(engine_key, e.data(), rs);
  const bool with_table = gmseal::crypto::sm2_engine::verify_digest(tabled, e.data(), rs);
  if (plain != with_table) {
    std::fprintf(stderr, "engine verdicts differ: plain %d, with the key's table %d\n", plain,
                 with_table);
    std::abort();
  }
  return 0;
}
