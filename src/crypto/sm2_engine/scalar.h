// Scalars modulo the SM2 group order n. Values are plain integers < n unless a name says "mont"
// (Montgomery form, x·R mod n). mont_mul(plain, mont) yields a plain product, which the signing
// equation uses to avoid conversions. Constant time throughout.
#pragma once

#include <cstdint>

#include "crypto/sm2_engine/montgomery.h"

namespace gmseal::crypto::sm2_engine {

inline constexpr Modulus kOrderModulus = make_modulus(U256{
    {0x53BBF40939D54123ull, 0x7203DF6B21C6052Bull, 0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFEFFFFFFFFull}});

namespace sc {

inline const U256& order() { return kOrderModulus.m; }

inline U256 add(const U256& a, const U256& b) {
  U256 r;
  mod_add<kOrderModulus>(r, a, b);
  return r;
}

inline U256 sub(const U256& a, const U256& b) {
  U256 r;
  mod_sub<kOrderModulus>(r, a, b);
  return r;
}

inline U256 mul(const U256& a, const U256& b) {
  GMSEAL_SM2_COUNT(scalar_mul);
  U256 r;
  mont_mul<kOrderModulus>(r, a, b);
  return r;
}

inline U256 to_mont(const U256& a) {
  U256 r;
  sm2_engine::to_mont<kOrderModulus>(r, a);
  return r;
}

// Any 256-bit value reduced mod n (one conditional subtraction suffices: 2^256 < 2n).
inline U256 reduce(const U256& a) {
  U256 r;
  reduce_once(r, a, 0, kOrderModulus.m);
  return r;
}

// All-ones when 1 <= a <= n - 1.
inline u64 mask_in_range(const U256& a) {
  U256 d;
  const u64 below_n = sub_borrow(d, a, kOrderModulus.m);
  return mask_from_bit(below_n) & ~mask_u256_is_zero(a);
}

// (a_mont)^-1 in Montgomery form, by Fermat (a^(n-2)) with a fixed 4-bit window: the exponent
// is public, so the sequence of operations is the same for every a. 0 maps to 0.
U256 inv_mont(const U256& a_mont);

}  // namespace sc
}  // namespace gmseal::crypto::sm2_engine
