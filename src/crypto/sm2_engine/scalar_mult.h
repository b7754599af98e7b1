// Scalar multiplication on the SM2 curve.
//
// base_mult_ct: k·G for signing and key generation, constant time. A fixed-base comb over signed
// (Booth-recoded) 6-bit windows: k = sum d_i·2^(6i), d_i in [-32, 32], 43 windows. Table row i
// holds j·2^(6i)·G for j = 1..32 (affine), so k·G is 43 complete mixed additions and no
// doubling. Each window reads all 32 entries of its row and keeps the wanted one by mask, negates
// by mask, and a zero digit discards the sum by mask.
//
// double_mult_public: u1·G + u2·P for verification, variable time (public inputs only). Width-12
// NAF of u1 over a table of G, 3G, .., 2047G (affine, 64 KB, built once in about 0.4 ms)
// interleaved with a width-5 NAF of u2 over P, 3P, .., 15P (Jacobian, with their Z^2 and Z^3) by
// Shamir's trick: one shared chain of doublings. The wide window on G is cheap (its table is
// static; 10 bits measured 1-2 % slower, 8 bits 3 %); on P every table entry costs an addition
// per verification, so 5 is the sweet spot there.
//
// With a key's table (KeyTable, built once for keys verified often, see
// crypto/internal/sm2_verify_cache.h) both halves are fixed-base: u1 over the signing comb's
// table, u2 over P's table of the same shape, read directly (public data), so u1·G + u2·P costs
// about 86 mixed additions and no doubling.
#pragma once

#include <cstdint>

#include "crypto/sm2_engine/point.h"

namespace gmseal::crypto::sm2_engine {

inline constexpr int kCombWindowBits = 6;
inline constexpr int kCombWindows = 43;  // ceil(257 / 6): Booth recoding reads one bit past 256
inline constexpr int kCombEntries = 32;

// The fixed-base table, built once on first use (about 1,400 affine points, 88 KB).
struct CombTable {
  Affine entries[kCombWindows][kCombEntries];
};
const CombTable& comb_table();

// G, 3G, 5G, .., (2^(w-1) - 1)G (affine) for the variable-time verification path.
inline constexpr int kOddMultiplesOfGWindow = 12;
inline constexpr int kOddMultiplesOfG = 1 << (kOddMultiplesOfGWindow - 2);
struct OddMultiplesOfG {
  Affine entries[kOddMultiplesOfG];
};
const OddMultiplesOfG& odd_multiples_of_g();

// Multiples of a public key P for verification without doublings: a fixed-base table in the
// layout of the signing comb, row i holding j·2^(w·i)·P for j = 1 .. 2^(w-1) (affine), read with
// signed (Booth) w-bit digits, one mixed addition per row. w = 6 is the signing comb's window;
// docs/sm2-engine.md gives the measurements behind it (w = 5: 832 entries, 9 more additions;
// w = 7: 2,368 entries, 6 fewer).
inline constexpr int kKeyTableWindowBits = 6;
inline constexpr int kKeyTableRows = (257 + kKeyTableWindowBits - 1) / kKeyTableWindowBits;
inline constexpr int kKeyTableEntries = 1 << (kKeyTableWindowBits - 1);
struct KeyTable {
  Affine entries[kKeyTableRows][kKeyTableEntries];
};

// Fills `table` for p (on the curve, public data; variable time): the row bases by doubling, then
// the other entries in affine form, all rows at once, with one batch inversion (Montgomery's
// trick) per power of two: six inversions in all.
void build_key_table(KeyTable& table, const Affine& p);

// k is any 256-bit integer; the result is k·G (the point at infinity when k ≡ 0 mod n).
Projective base_mult_ct(const U256& k);

// u1·G + u2·P, both scalars < n.
Jacobian double_mult_public(const U256& u1, const Affine& p, const U256& u2);

// The same with P's table: u1·G from the signing comb's table (read directly: u1 is public) and
// u2·P from p_table, about 43 + 43 mixed additions and no doubling.
Jacobian double_mult_public(const U256& u1, const KeyTable& p_table, const U256& u2);

}  // namespace gmseal::crypto::sm2_engine
