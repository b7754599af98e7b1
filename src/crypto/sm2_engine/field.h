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

namespace fp {

inline Fe mul(const Fe& a, const Fe& b) {
  GMSEAL_SM2_COUNT(field_mul);
  Fe r;
  mont_mul<kFieldModulus>(r.m, a.m, b.m);
  return r;
}

inline Fe sqr(const Fe& a) {
  GMSEAL_SM2_COUNT(field_sqr);
  Fe r;
  mont_mul<kFieldModulus>(r.m, a.m, a.m);
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
