// The SM2 base field GF(p), p = 2^256 - 2^224 - 2^96 + 2^64 - 1, in the Montgomery domain.
// Elements are always fully reduced (< p). Constant time throughout.
#pragma once

#include <cstdint>

#include "crypto/sm2_engine/field_x86_64.h"
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
    Carry b = 0;
    const u64 d0 = sbb(m, m << 32, b);
    const u64 d1 = sbb(0, m >> 32, b);
    const u64 d2 = sbb(0, m << 32, b);
    const u64 d3 = sbb(m, m >> 32, b);
    Carry c = 0;
    t[i + 1] = adc(t[i + 1], d0, c);
    t[i + 2] = adc(t[i + 2], d1, c);
    t[i + 3] = adc(t[i + 3], d2, c);
    t[i + 4] = adc(t[i + 4], d3, c);
    for (int k = i + 5; k < 9; ++k) t[k] = adc(t[k], 0, c);
  }
  // The result (t + M·p) / 2^256 is below 2p: one conditional subtraction.
  reduce_once(r, U256{{t[4], t[5], t[6], t[7]}}, t[8], kFieldModulus.m);
}

// One row of the schoolbook product: t[i..i+4] += a · bi.
inline void mul_row(u64 t[9], int i, const U256& a, u64 bi) {
  const u128 p0 = static_cast<u128>(a.v[0]) * bi;
  const u128 p1 = static_cast<u128>(a.v[1]) * bi;
  const u128 p2 = static_cast<u128>(a.v[2]) * bi;
  const u128 p3 = static_cast<u128>(a.v[3]) * bi;
  Carry c = 0;
  const u64 r0 = static_cast<u64>(p0);
  const u64 r1 = adc(static_cast<u64>(p1), static_cast<u64>(p0 >> 64), c);
  const u64 r2 = adc(static_cast<u64>(p2), static_cast<u64>(p1 >> 64), c);
  const u64 r3 = adc(static_cast<u64>(p3), static_cast<u64>(p2 >> 64), c);
  const u64 r4 = adc(0, static_cast<u64>(p3 >> 64), c);
  c = 0;
  t[i] = adc(t[i], r0, c);
  t[i + 1] = adc(t[i + 1], r1, c);
  t[i + 2] = adc(t[i + 2], r2, c);
  t[i + 3] = adc(t[i + 3], r3, c);
  t[i + 4] = adc(t[i + 4], r4, c);
}

inline void mul(U256& r, const U256& a, const U256& b) {
  u64 t[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  mul_row(t, 0, a, b.v[0]);
  mul_row(t, 1, a, b.v[1]);
  mul_row(t, 2, a, b.v[2]);
  mul_row(t, 3, a, b.v[3]);
  reduce(r, t);
}

inline void sqr(U256& r, const U256& a) {
  // Cross products a_i·a_j (i < j) once, doubled, then the squares a_i^2 on the diagonal.
  u64 t[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  {
    const u128 p01 = static_cast<u128>(a.v[0]) * a.v[1];
    const u128 p02 = static_cast<u128>(a.v[0]) * a.v[2];
    const u128 p03 = static_cast<u128>(a.v[0]) * a.v[3];
    Carry c = 0;
    t[1] = static_cast<u64>(p01);
    t[2] = adc(static_cast<u64>(p02), static_cast<u64>(p01 >> 64), c);
    t[3] = adc(static_cast<u64>(p03), static_cast<u64>(p02 >> 64), c);
    t[4] = adc(0, static_cast<u64>(p03 >> 64), c);
  }
  {
    const u128 p12 = static_cast<u128>(a.v[1]) * a.v[2];
    const u128 p13 = static_cast<u128>(a.v[1]) * a.v[3];
    Carry c = 0;
    const u64 r3 = static_cast<u64>(p12);
    const u64 r4 = adc(static_cast<u64>(p13), static_cast<u64>(p12 >> 64), c);
    const u64 r5 = adc(0, static_cast<u64>(p13 >> 64), c);
    c = 0;
    t[3] = adc(t[3], r3, c);
    t[4] = adc(t[4], r4, c);
    t[5] = adc(0, r5, c);
  }
  {
    const u128 p23 = static_cast<u128>(a.v[2]) * a.v[3];
    Carry c = 0;
    t[5] = adc(t[5], static_cast<u64>(p23), c);
    t[6] = adc(0, static_cast<u64>(p23 >> 64), c);
  }
  t[7] = t[6] >> 63;
  t[6] = (t[6] << 1) | (t[5] >> 63);
  t[5] = (t[5] << 1) | (t[4] >> 63);
  t[4] = (t[4] << 1) | (t[3] >> 63);
  t[3] = (t[3] << 1) | (t[2] >> 63);
  t[2] = (t[2] << 1) | (t[1] >> 63);
  t[1] = t[1] << 1;
  const u128 s0 = static_cast<u128>(a.v[0]) * a.v[0];
  const u128 s1 = static_cast<u128>(a.v[1]) * a.v[1];
  const u128 s2 = static_cast<u128>(a.v[2]) * a.v[2];
  const u128 s3 = static_cast<u128>(a.v[3]) * a.v[3];
  Carry c = 0;
  t[0] = static_cast<u64>(s0);
  t[1] = adc(t[1], static_cast<u64>(s0 >> 64), c);
  t[2] = adc(t[2], static_cast<u64>(s1), c);
  t[3] = adc(t[3], static_cast<u64>(s1 >> 64), c);
  t[4] = adc(t[4], static_cast<u64>(s2), c);
  t[5] = adc(t[5], static_cast<u64>(s2 >> 64), c);
  t[6] = adc(t[6], static_cast<u64>(s3), c);
  t[7] = adc(t[7], static_cast<u64>(s3 >> 64), c);
  reduce(r, t);
}

}  // namespace fp_detail

namespace fp {

// Multiplication and squaring are inlined into the point formulas even where GCC's heuristics
// would call them (each holds a CPU-feature branch and two assembly blocks): a call spills the
// caller's values around every field operation of a doubling.
#if defined(__GNUC__)
#define GMSEAL_SM2_FIELD_INLINE inline __attribute__((always_inline))
#else
#define GMSEAL_SM2_FIELD_INLINE inline
#endif

GMSEAL_SM2_FIELD_INLINE Fe mul(const Fe& a, const Fe& b) {
  GMSEAL_SM2_COUNT(field_mul);
  Fe r;
#if defined(GMSEAL_SM2_FIELD_ASM)
  if (fp_asm::has_bmi2_adx) {
    fp_asm::mul_adx(r.m.v, a.m.v, b.m.v);
  } else {
    fp_asm::mul(r.m.v, a.m.v, b.m.v);
  }
#else
  fp_detail::mul(r.m, a.m, b.m);
#endif
  return r;
}

GMSEAL_SM2_FIELD_INLINE Fe sqr(const Fe& a) {
  GMSEAL_SM2_COUNT(field_sqr);
  Fe r;
#if defined(GMSEAL_SM2_FIELD_ASM)
  if (fp_asm::has_bmi2_adx) {
    fp_asm::sqr_adx(r.m.v, a.m.v);
  } else {
    fp_asm::sqr(r.m.v, a.m.v);
  }
#else
  fp_detail::sqr(r.m, a.m);
#endif
  return r;
}

// a^(2^k), k squarings.
inline Fe sqr_n(Fe a, int k) {
  for (int i = 0; i < k; ++i) a = sqr(a);
  return a;
}

inline Fe add(const Fe& a, const Fe& b) {
  Fe r;
#if defined(GMSEAL_SM2_FIELD_ASM)
  fp_asm::add(r.m.v, a.m.v, b.m.v);
#else
  mod_add<kFieldModulus>(r.m, a.m, b.m);
#endif
  return r;
}

inline Fe sub(const Fe& a, const Fe& b) {
  Fe r;
#if defined(GMSEAL_SM2_FIELD_ASM)
  fp_asm::sub(r.m.v, a.m.v, b.m.v);
#else
  mod_sub<kFieldModulus>(r.m, a.m, b.m);
#endif
  return r;
}

inline Fe dbl(const Fe& a) { return add(a, a); }

// a / 2 mod p: a + p when a is odd (even then), shifted right by one bit with the carry on top.
inline Fe half(const Fe& a) {
  const u64 odd = 0 - (a.m.v[0] & 1);
  Carry carry = 0;
  u64 t[4];
  for (int i = 0; i < 4; ++i) t[i] = adc(a.m.v[i], kFieldModulus.m.v[i] & odd, carry);
  Fe r;
  for (int i = 0; i < 3; ++i) r.m.v[i] = (t[i] >> 1) | (t[i + 1] << 63);
  r.m.v[3] = (t[3] >> 1) | (static_cast<u64>(carry) << 63);
  return r;
}

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
