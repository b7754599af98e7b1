#include "crypto/sm2_engine/engine.h"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstring>

#include "crypto/sm2_engine/ct.h"
#include "crypto/sm2_engine/scalar.h"
#include "crypto/sm2_engine/scalar_mult.h"

namespace gmseal::crypto::sm2_engine {

namespace {

void secure_zero(void* p, std::size_t size) {
  volatile std::uint8_t* bytes = static_cast<volatile std::uint8_t*>(p);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = 0;
}

template <class T>
void secure_zero(T& value) {
  secure_zero(&value, sizeof value);
}

// Declassifies a mask and returns it as a bool: for decisions whose outcome becomes public.
bool declassify(u64 mask) {
  GMSEAL_CT_DECLASSIFY(&mask, sizeof mask);
  return mask != 0;
}

// HMAC-DRBG (SP 800-90A) with SM3, just enough for the hedged nonce: instantiate with
// d || e || fresh, then generate 32-byte candidates.
class HmacSm3Drbg {
 public:
  HmacSm3Drbg(const std::uint8_t* seed, std::size_t seed_size) {
    std::memset(key_, 0x00, sizeof key_);
    std::memset(value_, 0x01, sizeof value_);
    update(seed, seed_size);
  }
  ~HmacSm3Drbg() {
    secure_zero(key_);
    secure_zero(value_);
  }

  bool generate(std::uint8_t out[32]) {
    if (!hmac(value_, value_, sizeof value_)) return false;
    std::memcpy(out, value_, 32);
    return update(nullptr, 0);
  }

 private:
  bool hmac(std::uint8_t out[32], const std::uint8_t* data, std::size_t size) {
    unsigned int length = 0;
    return HMAC(EVP_sm3(), key_, sizeof key_, data, size, out, &length) != nullptr && length == 32;
  }

  bool update(const std::uint8_t* seed, std::size_t seed_size) {
    for (std::uint8_t round = 0; round < (seed_size ? 2 : 1); ++round) {
      std::uint8_t buffer[32 + 1 + 96];
      std::memcpy(buffer, value_, 32);
      buffer[32] = round;
      if (seed_size != 0) std::memcpy(buffer + 33, seed, seed_size);  // seed may be null then
      const bool ok = hmac(key_, buffer, 33 + seed_size) && hmac(value_, value_, sizeof value_);
      secure_zero(buffer);
      if (!ok) return false;
    }
    return true;
  }

  std::uint8_t key_[32];
  std::uint8_t value_[32];
};

}  // namespace

void wipe(PrivateKey& key) { secure_zero(key); }

bool make_private_key(PrivateKey& key, const std::uint8_t d_bytes[32]) {
  const U256 d = u256_from_be(d_bytes);
  // d in [1, n - 2]  <=>  d in [1, n - 1] and d + 1 in [1, n - 1].
  U256 d_plus_one;
  add_carry(d_plus_one, d, U256{{1, 0, 0, 0}});
  if (!declassify(sc::mask_in_range(d) & sc::mask_in_range(d_plus_one))) return false;
  key.d_mont = sc::to_mont(d);
  key.inv_one_plus_d_mont = sc::inv_mont(sc::to_mont(d_plus_one));
  const Affine pub = ec::to_affine(base_mult_ct(d));
  ec::affine_to_bytes(key.public_xy, pub);
  GMSEAL_CT_DECLASSIFY(key.public_xy, sizeof key.public_xy);
  secure_zero(d_plus_one);
  return true;
}

bool generate_private_key(PrivateKey& key, std::uint8_t d_out[32]) {
  for (int attempt = 0; attempt < 64; ++attempt) {
    if (RAND_priv_bytes(d_out, 32) != 1) return false;
    GMSEAL_CT_CLASSIFY(d_out, 32);  // the constant-time check follows the fresh key as a secret
    if (make_private_key(key, d_out)) return true;
  }
  return false;
}

SignResult sign_digest_with_k(std::uint8_t rs[64], const PrivateKey& key,
                              const std::uint8_t e_bytes[32], const std::uint8_t k_bytes[32]) {
  const U256 k = u256_from_be(k_bytes);
  if (!declassify(sc::mask_in_range(k))) return SignResult::kRetry;
  const Affine kg = ec::to_affine(base_mult_ct(k));
  std::uint8_t x1_bytes[32];
  fp::to_bytes(x1_bytes, kg.x);
  // r = (e + x1) mod n; x1 < p < 2n and e < 2^256 < 2n, so one reduction each.
  const U256 r = sc::add(sc::reduce(u256_from_be(e_bytes)), sc::reduce(u256_from_be(x1_bytes)));
  const U256 r_plus_k = sc::add(r, k);
  // r is published; the r + k = n verdict only ever discards this k.
  const bool bad_r = declassify(mask_u256_is_zero(r) | mask_u256_is_zero(r_plus_k));
  // s = (1 + d)^-1 · (k - r·d) mod n; mul(plain, mont) is a plain product.
  const U256 rd = sc::mul(r, key.d_mont);
  const U256 s = sc::mul(sc::sub(k, rd), key.inv_one_plus_d_mont);
  const bool bad_s = declassify(mask_u256_is_zero(s));
  secure_zero(x1_bytes);
  if (bad_r || bad_s) return SignResult::kRetry;
  u256_to_be(r, rs);
  u256_to_be(s, rs + 32);
  GMSEAL_CT_DECLASSIFY(rs, 64);
  return SignResult::kOk;
}

SignResult sign_digest(std::uint8_t rs[64], const PrivateKey& key, const std::uint8_t e[32],
                       NonceMode mode) {
  std::uint8_t k[32];
  SignResult result = SignResult::kRngFailed;
  if (mode == NonceMode::kHedged) {
    std::uint8_t seed[96];
    u256_to_be(sc::mul(key.d_mont, U256{{1, 0, 0, 0}}), seed);  // d out of Montgomery form
    std::memcpy(seed + 32, e, 32);
    if (RAND_priv_bytes(seed + 64, 32) == 1) {
      GMSEAL_CT_CLASSIFY(seed + 64, 32);
      HmacSm3Drbg drbg(seed, sizeof seed);
      for (int attempt = 0; attempt < 64; ++attempt) {
        if (!drbg.generate(k)) break;
        result = sign_digest_with_k(rs, key, e, k);
        if (result == SignResult::kOk) break;
      }
    }
    secure_zero(seed);
  } else {
    for (int attempt = 0; attempt < 64; ++attempt) {
      if (RAND_priv_bytes(k, sizeof k) != 1) {
        result = SignResult::kRngFailed;
        break;
      }
      GMSEAL_CT_CLASSIFY(k, sizeof k);
      result = sign_digest_with_k(rs, key, e, k);
      if (result == SignResult::kOk) break;
    }
  }
  secure_zero(k);
  return result == SignResult::kOk ? result : SignResult::kRngFailed;
}

bool parse_public_key(PublicKey& key, const std::uint8_t xy[64]) {
  return ec::affine_from_bytes(key.point, xy);
}

namespace {

// r and s from r||s, both in [1, n - 1], and t = r + s mod n, not zero; false otherwise.
bool parse_signature_public(const std::uint8_t rs[64], U256& r, U256& s, U256& t) {
  r = u256_from_be(rs);
  s = u256_from_be(rs + 32);
  if (!sc::mask_in_range(r) || !sc::mask_in_range(s)) return false;
  t = sc::add(r, s);
  return !mask_u256_is_zero(t);
}

// Whether (e + x1) mod n == r for the point sum = s·G + t·P = (x1, y1).
bool x_matches_public(const Jacobian& sum, const U256& r, const std::uint8_t e_bytes[32]) {
  if (ec::jacobian_is_infinity(sum)) return false;
  // R = (e + x1) mod n  <=>  x1 ≡ r - e (mod n). x1 < p and p < 2n, so x1 is r - e or r - e + n;
  // compare in projective form (X == x1·Z^2) instead of inverting Z.
  const U256 e = sc::reduce(u256_from_be(e_bytes));
  U256 candidate = sc::sub(r, e);
  const Fe z2 = fp::sqr(sum.z);
  for (int i = 0; i < 2; ++i) {
    if (u256_compare_public(candidate, kFieldModulus.m) >= 0) break;
    Fe x;
    to_mont<kFieldModulus>(x.m, candidate);
    if (fp::mask_eq(fp::mul(x, z2), sum.x)) return true;
    if (add_carry(candidate, candidate, sc::order())) break;
  }
  return false;
}

}  // namespace

bool verify_digest(const PublicKey& key, const std::uint8_t e[32], const std::uint8_t rs[64]) {
  U256 r, s, t;
  if (!parse_signature_public(rs, r, s, t)) return false;
  return x_matches_public(double_mult_public(s, key.point, t), r, e);
}

std::unique_ptr<const PublicKeyTable> make_public_key_table(const PublicKey& key) {
  auto table = std::make_unique_for_overwrite<PublicKeyTable>();
  table->key = key;
  build_key_table(table->multiples, key.point);
  return table;
}

bool verify_digest(const PublicKeyTable& table, const std::uint8_t e[32],
                   const std::uint8_t rs[64]) {
  U256 r, s, t;
  if (!parse_signature_public(rs, r, s, t)) return false;
  return x_matches_public(double_mult_public(s, table.multiples, t), r, e);
}

bool base_point_mult(std::uint8_t xy[64], const std::uint8_t k_bytes[32]) {
  const U256 k = u256_from_be(k_bytes);
  if (!declassify(sc::mask_in_range(k))) return false;
  ec::affine_to_bytes(xy, ec::to_affine(base_mult_ct(k)));
  return true;
}

}  // namespace gmseal::crypto::sm2_engine
