#include "crypto/sm2.h"

#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "crypto/internal/key_access.h"
#include "crypto/internal/sm2_engine_keys.h"
#include "crypto/internal/sm2_verify_cache.h"
#include "crypto/sm2_engine/engine.h"

namespace gmseal::crypto {

using internal::BnCtxPtr;
using internal::BnPtr;
using internal::EcdsaSigPtr;
using internal::EcGroupPtr;
using internal::KeyAccess;
using internal::MdCtxPtr;
using internal::openssl_error;
using internal::PkeyCtxPtr;

namespace {

// The curve constants a, b, xG, yG of the SM2 curve, 32 bytes each, read once from OpenSSL.
struct CurveConstants {
  Bytes a, b, gx, gy;
  bool ok = false;
};

const CurveConstants& sm2_curve_constants() {
  static const CurveConstants constants = [] {
    CurveConstants c;
    EcGroupPtr group(EC_GROUP_new_by_curve_name(NID_sm2));
    BnPtr p(BN_new()), a(BN_new()), b(BN_new()), x(BN_new()), y(BN_new());
    BnCtxPtr ctx(BN_CTX_new());
    if (!group || EC_GROUP_get_curve(group.get(), p.get(), a.get(), b.get(), ctx.get()) != 1 ||
        EC_POINT_get_affine_coordinates(group.get(), EC_GROUP_get0_generator(group.get()), x.get(),
                                        y.get(), ctx.get()) != 1) {
      return c;
    }
    auto to32 = [](const BIGNUM* n) {
      Bytes out(32);
      BN_bn2binpad(n, out.data(), 32);
      return out;
    };
    c.a = to32(a.get());
    c.b = to32(b.get());
    c.gx = to32(x.get());
    c.gy = to32(y.get());
    c.ok = true;
    return c;
  }();
  return constants;
}

Status check_id(std::string_view id) {
  // ENTL is a 16-bit count of bits.
  if (id.size() > 8191)
    return make_error("crypto.sm2.bad_id", "SM2 signer ID longer than 8191 bytes");
  return {};
}

Result<Bytes> normalise_signature(ByteView signature, bool accept_raw) {
  if (signature.size() == 64 && signature[0] != 0x30) {
    if (!accept_raw) {
      return make_error("crypto.sm2.malformed_signature",
                        "signature is 64 raw bytes (r||s), not DER SEQUENCE{r,s}");
    }
    return sm2_signature_raw_to_der(signature);
  }
  if (signature.size() == 64 && accept_raw) {
    // 64 bytes starting with 0x30 could be either form; a DER parse decides.
    if (!sm2_signature_der_to_raw(signature).ok()) return sm2_signature_raw_to_der(signature);
  }
  GMSEAL_RETURN_IF_ERROR(sm2_signature_der_to_raw(signature));
  return Bytes(signature.begin(), signature.end());
}

std::atomic<Sm2NonceMode>& nonce_mode_setting() {
  static std::atomic<Sm2NonceMode> mode = [] {
    const char* env = std::getenv("GMSEAL_SM2_NONCE");
    return env != nullptr && std::string_view(env) == "hedged" ? Sm2NonceMode::kHedged
                                                               : Sm2NonceMode::kRandom;
  }();
  return mode;
}

// DER SEQUENCE{r INTEGER, s INTEGER} of a 64-byte r||s, minimal (as OpenSSL's i2d_ECDSA_SIG).
Bytes der_from_raw(const std::uint8_t rs[64]) {
  std::uint8_t der[2 + 2 * 35];
  std::size_t size = 2;
  for (int half = 0; half < 2; ++half) {
    const std::uint8_t* v = rs + 32 * half;
    std::size_t start = 0;
    while (start < 31 && v[start] == 0) ++start;
    const bool pad = (v[start] & 0x80) != 0;
    der[size++] = 0x02;
    der[size++] = static_cast<std::uint8_t>(32 - start + (pad ? 1 : 0));
    if (pad) der[size++] = 0x00;
    std::memcpy(der + size, v + start, 32 - start);
    size += 32 - start;
  }
  der[0] = 0x30;
  der[1] = static_cast<std::uint8_t>(size - 2);
  return Bytes(der, der + size);
}

Result<Sm3Digest> z_of_point(ByteView xy, std::string_view id) {
  GMSEAL_RETURN_IF_ERROR(check_id(id));
  const CurveConstants& c = sm2_curve_constants();
  if (!c.ok) return openssl_error("crypto.sm2.curve", "cannot read the SM2 curve constants");
  const std::size_t bits = id.size() * 8;
  Sm3 h;
  const std::uint8_t entl[2] = {static_cast<std::uint8_t>(bits >> 8),
                                static_cast<std::uint8_t>(bits & 0xff)};
  h.update(entl);
  h.update(ByteView(reinterpret_cast<const std::uint8_t*>(id.data()), id.size()));
  h.update(c.a);
  h.update(c.b);
  h.update(c.gx);
  h.update(c.gy);
  h.update(xy);
  return h.final();
}

Result<Sm3Digest> message_digest_of_point(ByteView xy, ByteView message, std::string_view id) {
  GMSEAL_ASSIGN_OR_RETURN(const Sm3Digest z, z_of_point(xy, id));
  Sm3 h;
  h.update(z);
  h.update(message);
  return h.final();
}

Result<Bytes> engine_sign(const Sm2PrivateKey& key, const std::uint8_t e[32]) {
  const sm2_engine::PrivateKey* engine_key = internal::engine_private_key(key);
  if (engine_key == nullptr) {
    return make_error("crypto.sm2.sign_failed", "SM2 private key is outside [1, n-2]");
  }
  std::uint8_t rs[64];
  const auto mode = nonce_mode_setting().load(std::memory_order_relaxed) == Sm2NonceMode::kHedged
                        ? sm2_engine::NonceMode::kHedged
                        : sm2_engine::NonceMode::kRandom;
  if (sm2_engine::sign_digest(rs, *engine_key, e, mode) != sm2_engine::SignResult::kOk) {
    return make_error("crypto.sm2.sign_failed", "SM2 signing failed: the system RNG failed");
  }
  return der_from_raw(rs);
}

Status engine_verify(const internal::EnginePublic& key, const std::uint8_t e[32], ByteView der) {
  const auto bad = [] {
    return make_error("crypto.sm2.bad_signature", "SM2 signature does not verify");
  };
  GMSEAL_ASSIGN_OR_RETURN(const Bytes raw, sm2_signature_der_to_raw(der));
  // Like OpenSSL, accept only the canonical DER of (r, s): the signature bytes are what was signed.
  const Bytes canonical = der_from_raw(raw.data());
  if (canonical.size() != der.size() ||
      !std::equal(canonical.begin(), canonical.end(), der.begin())) {
    return bad();
  }
  // Keys that verify often get a table of their multiples (three times as fast).
  const auto table = internal::verify_table_for(key.key, key.xy);
  const bool ok = table != nullptr ? sm2_engine::verify_digest(*table, e, raw.data())
                                   : sm2_engine::verify_digest(key.key, e, raw.data());
  if (!ok) return bad();
  return {};
}

}  // namespace

void set_sm2_nonce_mode(Sm2NonceMode mode) { nonce_mode_setting().store(mode); }
Sm2NonceMode sm2_nonce_mode() { return nonce_mode_setting().load(); }

Result<Sm3Digest> sm2_z(const Sm2PublicKey& key, std::string_view id) {
  if (internal::use_own_sm2_engine()) {
    if (const internal::EnginePublic* engine_key = internal::engine_public_key(key)) {
      return z_of_point(ByteView(engine_key->xy, 64), id);
    }
  }
  const Bytes point = key.point();
  return z_of_point(ByteView(point).subspan(1), id);
}

Result<Sm3Digest> sm2_message_digest(const Sm2PublicKey& key, ByteView message,
                                     std::string_view id) {
  GMSEAL_ASSIGN_OR_RETURN(const Sm3Digest z, sm2_z(key, id));
  Sm3 h;
  h.update(z);
  h.update(message);
  return h.final();
}

Result<Bytes> sm2_sign(const Sm2PrivateKey& key, ByteView message, std::string_view id) {
  GMSEAL_RETURN_IF_ERROR(check_id(id));
  if (internal::use_own_sm2_engine()) {
    const sm2_engine::PrivateKey* engine_key = internal::engine_private_key(key);
    if (engine_key == nullptr) {
      return make_error("crypto.sm2.sign_failed", "SM2 private key is outside [1, n-2]");
    }
    GMSEAL_ASSIGN_OR_RETURN(
        const Sm3Digest e,
        message_digest_of_point(ByteView(engine_key->public_xy, 64), message, id));
    return engine_sign(key, e.data());
  }
  EVP_PKEY* pkey = KeyAccess::get0(key);
  MdCtxPtr md(EVP_MD_CTX_new());
  PkeyCtxPtr pctx(EVP_PKEY_CTX_new(pkey, nullptr));
  if (!md || !pctx || EVP_PKEY_CTX_set1_id(pctx.get(), id.data(), id.size()) != 1) {
    return openssl_error("crypto.sm2.sign_failed", "cannot set up SM2 signing");
  }
  // The MD context takes ownership of pctx.
  EVP_MD_CTX_set_pkey_ctx(md.get(), pctx.release());
  std::size_t size = 0;
  if (EVP_DigestSignInit(md.get(), nullptr, EVP_sm3(), nullptr, pkey) != 1 ||
      EVP_DigestSign(md.get(), nullptr, &size, message.data(), message.size()) != 1) {
    EVP_PKEY_CTX_free(EVP_MD_CTX_get_pkey_ctx(md.get()));
    return openssl_error("crypto.sm2.sign_failed", "SM2 signing failed");
  }
  Bytes signature(size);
  const int rc = EVP_DigestSign(md.get(), signature.data(), &size, message.data(), message.size());
  EVP_PKEY_CTX_free(EVP_MD_CTX_get_pkey_ctx(md.get()));
  if (rc != 1) return openssl_error("crypto.sm2.sign_failed", "SM2 signing failed");
  signature.resize(size);
  return signature;
}

Result<Bytes> sm2_sign_digest(const Sm2PrivateKey& key, ByteView digest) {
  if (digest.size() != kSm3DigestSize) {
    return make_error("crypto.sm2.bad_digest",
                      "SM2 digest must be 32 bytes, got " + std::to_string(digest.size()));
  }
  if (internal::use_own_sm2_engine()) return engine_sign(key, digest.data());
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new(KeyAccess::get0(key), nullptr));
  std::size_t size = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), nullptr, &size, digest.data(), digest.size()) != 1) {
    return openssl_error("crypto.sm2.sign_failed", "SM2 digest signing failed");
  }
  Bytes signature(size);
  if (EVP_PKEY_sign(ctx.get(), signature.data(), &size, digest.data(), digest.size()) != 1) {
    return openssl_error("crypto.sm2.sign_failed", "SM2 digest signing failed");
  }
  signature.resize(size);
  return signature;
}

Status sm2_verify(const Sm2PublicKey& key, ByteView message, ByteView signature,
                  const Sm2VerifyOptions& options) {
  GMSEAL_RETURN_IF_ERROR(check_id(options.id));
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der, normalise_signature(signature, options.accept_raw_rs));
  if (internal::use_own_sm2_engine()) {
    const internal::EnginePublic* engine_key = internal::engine_public_key(key);
    if (engine_key == nullptr) {
      return make_error("crypto.sm2.bad_signature", "SM2 public key is not on the curve");
    }
    GMSEAL_ASSIGN_OR_RETURN(const Sm3Digest e, message_digest_of_point(ByteView(engine_key->xy, 64),
                                                                       message, options.id));
    return engine_verify(*engine_key, e.data(), der);
  }
  EVP_PKEY* pkey = KeyAccess::get0(key);
  MdCtxPtr md(EVP_MD_CTX_new());
  PkeyCtxPtr pctx(EVP_PKEY_CTX_new(pkey, nullptr));
  if (!md || !pctx || EVP_PKEY_CTX_set1_id(pctx.get(), options.id.data(), options.id.size()) != 1) {
    return openssl_error("crypto.sm2.verify_failed", "cannot set up SM2 verification");
  }
  EVP_PKEY_CTX* borrowed = pctx.release();
  EVP_MD_CTX_set_pkey_ctx(md.get(), borrowed);
  const int rc =
      EVP_DigestVerifyInit(md.get(), nullptr, EVP_sm3(), nullptr, pkey) == 1
          ? EVP_DigestVerify(md.get(), der.data(), der.size(), message.data(), message.size())
          : -1;
  EVP_PKEY_CTX_free(borrowed);
  internal::clear_openssl_errors();
  if (rc != 1) return make_error("crypto.sm2.bad_signature", "SM2 signature does not verify");
  return {};
}

Status sm2_verify_digest(const Sm2PublicKey& key, ByteView digest, ByteView signature,
                         const Sm2VerifyOptions& options) {
  if (digest.size() != kSm3DigestSize) {
    return make_error("crypto.sm2.bad_digest", "SM2 digest must be 32 bytes");
  }
  GMSEAL_ASSIGN_OR_RETURN(const Bytes der, normalise_signature(signature, options.accept_raw_rs));
  if (internal::use_own_sm2_engine()) {
    const internal::EnginePublic* engine_key = internal::engine_public_key(key);
    if (engine_key == nullptr) {
      return make_error("crypto.sm2.bad_signature", "SM2 public key is not on the curve");
    }
    return engine_verify(*engine_key, digest.data(), der);
  }
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new(KeyAccess::get0(key), nullptr));
  const int rc =
      (ctx && EVP_PKEY_verify_init(ctx.get()) == 1)
          ? EVP_PKEY_verify(ctx.get(), der.data(), der.size(), digest.data(), digest.size())
          : -1;
  internal::clear_openssl_errors();
  if (rc != 1) return make_error("crypto.sm2.bad_signature", "SM2 signature does not verify");
  return {};
}

Result<Bytes> sm2_signature_der_to_raw(ByteView der) {
  const unsigned char* p = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig || p != der.data() + der.size()) {
    internal::clear_openssl_errors();
    return make_error("crypto.sm2.malformed_signature",
                      "signature is not a DER SEQUENCE{r INTEGER, s INTEGER}");
  }
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  if (BN_num_bytes(r) > 32 || BN_num_bytes(s) > 32 || BN_is_negative(r) || BN_is_negative(s)) {
    return make_error("crypto.sm2.malformed_signature", "signature r or s is out of range");
  }
  Bytes raw(64);
  BN_bn2binpad(r, raw.data(), 32);
  BN_bn2binpad(s, raw.data() + 32, 32);
  return raw;
}

Result<Bytes> sm2_signature_raw_to_der(ByteView raw) {
  if (raw.size() != 64) {
    return make_error("crypto.sm2.malformed_signature", "raw SM2 signature must be 64 bytes");
  }
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(raw.data(), 32, nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + 32, 32, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return openssl_error("crypto.sm2.malformed_signature", "cannot convert r||s to DER");
  }
  unsigned char* out = nullptr;
  const int size = i2d_ECDSA_SIG(sig.get(), &out);
  if (size <= 0) return openssl_error("crypto.sm2.malformed_signature", "cannot encode DER r,s");
  Bytes der(out, out + size);
  OPENSSL_free(out);
  return der;
}

}  // namespace gmseal::crypto
