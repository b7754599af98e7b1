// The SM2 base field GF(p), p = 2^256 - 2^224 - 2^96 + 2^64 - 1, in the Montgomery domain.
// Elements are always fully reduced (< p). Constant time throughout.
#pragma once

#include <cstdint>

#include "crypto/sm2_engine/montgomery.h"

namespace gmseal::crypto::sm2_engine {

inline constexpr Modulus kFieldModulus = make_modulus(U256{
    {0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFF00000000ull, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFEFFFFFFFFull}});

// A field element in Montgomery form (x·R mod p).
struct Fe {
  U256 m;
};

namespace fp_detail {

// Montgomery reduction of a 512-bit t (t[8] is a spare carry limb, zero on entry) using the form
// of p: -p^-1 = 1 mod 2^64, so each round's multiplier is m = t[i], and adding m·p needs no
// multiplication: m·p = m·2^256 - m·2^224 - m·2^96 + m·2^64 - m cancels t[i] and adds, one limb
// up, D = m + m·2^192 - m·2^32 - m·2^160 (0 <= D < 2^256).
inline void reduce(U256& r, u64 t[9]) {
  for (int i = 0; i < 4; ++i) {
    const u64 m = t[i];
    U256 d;
    sub_borrow(d, U256{{m, 0, 0, m}}, U256{{m << 32, m >> 32, m << 32, m >> 32}});
    u128 c = 0;
    for (int k = 0; k < 4; ++k) {
      c += static_cast<u128>(t[i + 1 + k]) + d.v[k];
      t[i + 1 + k] = static_cast<u64>(c);
      c >>= 64;
    }
    for (int k = i + 5; k < 9; ++k) {
      c += t[k];
      t[k] = static_cast<u64>(c);
      c >>= 64;
    }
  }
  // The result (t + M·p) / 2^256 is below 2p: one conditional subtraction.
  reduce_once(r, U256{{t[4], t[5], t[6], t[7]}}, t[8], kFieldModulus.m);
}

inline void mul(U256& r, const U256& a, const U256& b) {
  u64 t[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    u128 c = 0;
    for (int j = 0; j < 4; ++j) {
      c += static_cast<u128>(a.v[j]) * b.v[i] + t[i + j];
      t[i + j] = static_cast<u64>(c);
      c >>= 64;
    }
    t[i + 4] = static_cast<u64>(c);
  }
  reduce(r, t);
}

inline void sqr(U256& r, const U256& a) {
  // Cross products once, doubled, then the squares on the diagonal.
  u64 t[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    u128 c = 0;
    for (int j = i + 1; j < 4; ++j) {
      c += static_cast<u128>(a.v[i]) * a.v[j] + t[i + j];
      t[i + j] = static_cast<u64>(c);
      c >>= 64;
    }
    t[i + 4] = static_cast<u64>(c);
  }
  u64 top = 0;
  for (int k = 0; k < 8; ++k) {
    const u64 next = t[k] >> 63;
    t[k] = (t[k] << 1) | top;
    top = next;
  }
  u128 c = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 square = static_cast<u128>(a.v[i]) * a.v[i];
    c += static_cast<u128>(t[2 * i]) + static_cast<u64>(square);
    t[2 * i] = static_cast<u64>(c);
    c >>= 64;
    c += static_cast<u128>(t[2 * i + 1]) + static_cast<u64>(square >> 64);
    t[2 * i + 1] = static_cast<u64>(c);
    c >>= 64;
  }
  reduce(r, t);
}

}  // namespace fp_detail

namespace fp {

inline Fe mul(const Fe& a, const Fe& b) {
  GMSEAL_SM2_COUNT(field_mul);
  Fe r;
  fp_detail::mul(r.m, a.m, b.m);
  return r;
}

inline Fe sqr(const Fe& a) {
  GMSEAL_SM2_COUNT(field_sqr);
  Fe r;
  fp_detail::sqr(r.m, a.m);
  return r;
}

// a^(2^k), k squarings.
inline Fe sqr_n(Fe a, int k) {
  for (int i = 0; i < k; ++i) a = sqr(a);
  return a;
}

inline Fe add(const Fe& a, const Fe& b) {
  Fe r;
  mod_add<kFieldModulus>(r.m, a.m, b.m);
  return r;
}

inline Fe sub(const Fe& a, const Fe& b) {
  Fe r;
  mod_sub<kFieldModulus>(r.m, a.m, b.m);
  return r;
}

inline Fe dbl(const Fe& a) { return add(a, a); }

inline Fe neg(const Fe& a) { return sub(Fe{{{0, 0, 0, 0}}}, a); }

inline Fe zero() { return Fe{{{0, 0, 0, 0}}}; }
inline Fe one() { return Fe{kFieldModulus.one}; }

inline u64 mask_is_zero(const Fe& a) { return mask_u256_is_zero(a.m); }
inline u64 mask_eq(const Fe& a, const Fe& b) { return mask_u256_eq(a.m, b.m); }
inline Fe select(u64 mask, const Fe& if_set, const Fe& if_clear) {
  return Fe{sm2_engine::select(mask, if_set.m, if_clear.m)};
}

// a^-1 (0 maps to 0) by a fixed addition chain for p - 2: 256 squarings, 15 multiplications.
Fe inv(const Fe& a);

// Big-endian bytes. from_bytes refuses values >= p (returns false; public inputs only branch on
// the answer).
bool from_bytes(Fe& r, const std::uint8_t in[32]);
void to_bytes(std::uint8_t out[32], const Fe& a);

// Curve constant b (a = -3) in Montgomery form.
const Fe& curve_b();

}  // namespace fp
}  // namespace gmseal::crypto::sm2_engine
