// Montgomery arithmetic (R = 2^256) modulo a 256-bit odd modulus, shared by the field mod p and
// the scalars mod n. Every function runs in constant time: the only data-dependent choices are
// masked selections.
#pragma once

#include "crypto/sm2_engine/op_count.h"
#include "crypto/sm2_engine/u256.h"

namespace gmseal::crypto::sm2_engine {

struct Modulus {
  U256 m;
  u64 n0;  // -m^-1 mod 2^64
  U256 r2;  // R^2 mod m (to enter the Montgomery domain)
  U256 one;  // R mod m (1 in the Montgomery domain)
};

namespace montgomery_detail {

constexpr u64 neg_inverse_64(u64 m0) {
  // Newton iteration for m0^-1 mod 2^64; each step doubles the number of correct bits.
  u64 x = 1;
  for (int i = 0; i < 7; ++i) x *= 2 - m0 * x;
  return 0 - x;
}

constexpr U256 double_mod(const U256& a, const U256& m) {
  U256 r{};
  u64 carry = 0;
  for (int i = 0; i < 4; ++i) {
    r.v[i] = (a.v[i] << 1) | carry;
    carry = a.v[i] >> 63;
  }
  U256 d{};
  u64 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 t = static_cast<u128>(r.v[i]) - m.v[i] - borrow;
    d.v[i] = static_cast<u64>(t);
    borrow = static_cast<u64>(t >> 64) & 1;
  }
  // Keep r when r < m (borrow and no carry).
  return (borrow && !carry) ? r : d;
}

constexpr U256 pow2_mod(int k, const U256& m) {
  U256 r{{1, 0, 0, 0}};
  for (int i = 0; i < k; ++i) r = double_mod(r, m);
  return r;
}

}  // namespace montgomery_detail

constexpr Modulus make_modulus(const U256& m) {
  return Modulus{m, montgomery_detail::neg_inverse_64(m.v[0]), montgomery_detail::pow2_mod(512, m),
                 montgomery_detail::pow2_mod(256, m)};
}

// r = t - m if t >= m (t given with a fifth limb `top`), else t. Needs t < 2m.
inline void reduce_once(U256& r, const U256& t, u64 top, const U256& m) {
  U256 d;
  const u64 borrow = sub_borrow(d, t, m);
  // Keep t when the 5-limb subtraction went negative: borrow set and top clear.
  const u64 keep_t = mask_from_bit(borrow & (top ^ 1));
  r = select(keep_t, t, d);
}

// r = a * b * R^-1 mod m (CIOS). Inputs < m; output < m.
template <const Modulus& M>
inline void mont_mul(U256& r, const U256& a, const U256& b) {
  u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
  for (int i = 0; i < 4; ++i) {
    const u64 bi = b.v[i];
    u128 c = static_cast<u128>(a.v[0]) * bi + t0;
    t0 = static_cast<u64>(c);
    c = static_cast<u128>(a.v[1]) * bi + t1 + static_cast<u64>(c >> 64);
    t1 = static_cast<u64>(c);
    c = static_cast<u128>(a.v[2]) * bi + t2 + static_cast<u64>(c >> 64);
    t2 = static_cast<u64>(c);
    c = static_cast<u128>(a.v[3]) * bi + t3 + static_cast<u64>(c >> 64);
    t3 = static_cast<u64>(c);
    c = static_cast<u128>(t4) + static_cast<u64>(c >> 64);
    t4 = static_cast<u64>(c);
    const u64 t5 = static_cast<u64>(c >> 64);

    const u64 q = t0 * M.n0;
    c = static_cast<u128>(q) * M.m.v[0] + t0;
    c = static_cast<u128>(q) * M.m.v[1] + t1 + static_cast<u64>(c >> 64);
    t0 = static_cast<u64>(c);
    c = static_cast<u128>(q) * M.m.v[2] + t2 + static_cast<u64>(c >> 64);
    t1 = static_cast<u64>(c);
    c = static_cast<u128>(q) * M.m.v[3] + t3 + static_cast<u64>(c >> 64);
    t2 = static_cast<u64>(c);
    c = static_cast<u128>(t4) + static_cast<u64>(c >> 64);
    t3 = static_cast<u64>(c);
    t4 = t5 + static_cast<u64>(c >> 64);
  }
  reduce_once(r, U256{{t0, t1, t2, t3}}, t4, M.m);
}

template <const Modulus& M>
inline void mod_add(U256& r, const U256& a, const U256& b) {
  U256 t;
  const u64 carry = add_carry(t, a, b);
  reduce_once(r, t, carry, M.m);
}

template <const Modulus& M>
inline void mod_sub(U256& r, const U256& a, const U256& b) {
  U256 t;
  const u64 borrow = sub_borrow(t, a, b);
  U256 added;
  add_carry(added, t, M.m);
  r = select(mask_from_bit(borrow), added, t);
}

template <const Modulus& M>
inline void to_mont(U256& r, const U256& a) {
  mont_mul<M>(r, a, M.r2);
}

template <const Modulus& M>
inline void from_mont(U256& r, const U256& a) {
  mont_mul<M>(r, a, U256{{1, 0, 0, 0}});
}

}  // namespace gmseal::crypto::sm2_engine
