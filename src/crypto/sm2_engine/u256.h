// 256-bit unsigned integers on four little-endian 64-bit limbs, and the constant-time helpers the
// SM2 engine builds on. Nothing here branches on or indexes memory by a limb value.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gmseal::crypto::sm2_engine {

using u64 = std::uint64_t;
using u128 = unsigned __int128;

struct U256 {
  u64 v[4];
};

// All-ones when `bit` is 1, zero when it is 0 (bit must be 0 or 1).
inline u64 mask_from_bit(u64 bit) { return 0 - bit; }

// All-ones when x == 0.
inline u64 mask_is_zero(u64 x) {
  // (x | -x) has its top bit set exactly when x != 0.
  return ((x | (0 - x)) >> 63) - 1;
}

inline u64 mask_eq(u64 a, u64 b) { return mask_is_zero(a ^ b); }

inline U256 select(u64 mask, const U256& if_set, const U256& if_clear) {
  U256 r;
  for (int i = 0; i < 4; ++i) r.v[i] = (if_set.v[i] & mask) | (if_clear.v[i] & ~mask);
  return r;
}

inline u64 mask_u256_is_zero(const U256& a) {
  return mask_is_zero(a.v[0] | a.v[1] | a.v[2] | a.v[3]);
}

inline u64 mask_u256_eq(const U256& a, const U256& b) {
  return mask_is_zero((a.v[0] ^ b.v[0]) | (a.v[1] ^ b.v[1]) | (a.v[2] ^ b.v[2]) | (a.v[3] ^ b.v[3]));
}

// r = a + b; returns the carry out (0 or 1).
inline u64 add_carry(U256& r, const U256& a, const U256& b) {
  u128 c = 0;
  for (int i = 0; i < 4; ++i) {
    c += static_cast<u128>(a.v[i]) + b.v[i];
    r.v[i] = static_cast<u64>(c);
    c >>= 64;
  }
  return static_cast<u64>(c);
}

// r = a - b; returns the borrow out (0 or 1).
inline u64 sub_borrow(U256& r, const U256& a, const U256& b) {
  u64 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 d = static_cast<u128>(a.v[i]) - b.v[i] - borrow;
    r.v[i] = static_cast<u64>(d);
    borrow = static_cast<u64>(d >> 64) & 1;
  }
  return borrow;
}

// Big-endian 32 bytes <-> limbs.
inline U256 u256_from_be(const std::uint8_t* in) {
  U256 r;
  for (int i = 0; i < 4; ++i) {
    u64 w = 0;
    for (int j = 0; j < 8; ++j) w = (w << 8) | in[(3 - i) * 8 + j];
    r.v[i] = w;
  }
  return r;
}

inline void u256_to_be(const U256& a, std::uint8_t* out) {
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) out[(3 - i) * 8 + j] = static_cast<std::uint8_t>(a.v[i] >> (56 - 8 * j));
  }
}

// Variable-time comparison, for public values only: -1, 0, 1.
inline int u256_compare_public(const U256& a, const U256& b) {
  for (int i = 3; i >= 0; --i) {
    if (a.v[i] != b.v[i]) return a.v[i] < b.v[i] ? -1 : 1;
  }
  return 0;
}

}  // namespace gmseal::crypto::sm2_engine
