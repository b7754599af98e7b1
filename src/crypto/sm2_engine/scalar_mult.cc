#include "crypto/sm2_engine/scalar_mult.h"

#include <cstdint>
#include <memory>

namespace gmseal::crypto::sm2_engine {

namespace {

Affine jacobian_to_affine_public(const Jacobian& p) {
  const Fe zinv = fp::inv(p.z);
  const Fe zinv2 = fp::sqr(zinv);
  return Affine{fp::mul(p.x, zinv2), fp::mul(p.y, fp::mul(zinv2, zinv))};
}

std::unique_ptr<CombTable> build_comb_table() {
  auto table = std::make_unique<CombTable>();
  Jacobian row_base = ec::jacobian_from(ec::generator());
  for (int i = 0; i < kCombWindows; ++i) {
    Jacobian multiple = row_base;
    for (int j = 0; j < kCombEntries; ++j) {
      table->entries[i][j] = jacobian_to_affine_public(multiple);
      multiple = ec::jacobian_add(multiple, row_base);
    }
    for (int d = 0; d < kCombWindowBits; ++d) row_base = ec::jacobian_double(row_base);
  }
  return table;
}

// Bits [6i - 1, 6i + 5] of k (bit -1 and bits past 255 are zero), as a 7-bit value.
u64 window_bits(const U256& k, int i) {
  const int low = kCombWindowBits * i - 1;
  if (low < 0) return (k.v[0] << 1) & 0x7f;
  const int limb = low / 64;
  const int shift = low % 64;
  u64 bits = k.v[limb] >> shift;
  if (shift > 64 - 7 && limb < 3) bits |= k.v[limb + 1] << (64 - shift);
  return bits & 0x7f;
}

// Signed 6-bit Booth digit of a 7-bit window: magnitude in [0, 32] and a sign mask.
void booth_digit(u64 window, u64& magnitude, u64& negative_mask) {
  const std::int64_t digit = static_cast<std::int64_t>((window >> 1) & 31) +
                             static_cast<std::int64_t>(window & 1) -
                             32 * static_cast<std::int64_t>(window >> 6);
  const u64 sign = static_cast<u64>(digit) >> 63;
  negative_mask = mask_from_bit(sign);
  magnitude = (static_cast<u64>(digit) ^ negative_mask) + sign;
}

// Signed window-w NAF of a public scalar; returns the number of digits.
int wnaf(std::int8_t out[258], const U256& k, int w) {
  u64 d[5] = {k.v[0], k.v[1], k.v[2], k.v[3], 0};
  const std::int64_t full = std::int64_t{1} << w;
  const std::int64_t half = full >> 1;
  int length = 0;
  while ((d[0] | d[1] | d[2] | d[3] | d[4]) != 0) {
    std::int64_t digit = 0;
    if (d[0] & 1) {
      digit = static_cast<std::int64_t>(d[0] & static_cast<u64>(full - 1));
      if (digit >= half) digit -= full;
      // d -= digit
      if (digit > 0) {
        u64 borrow = static_cast<u64>(digit);
        for (int i = 0; i < 5 && borrow; ++i) {
          const u64 before = d[i];
          d[i] -= borrow;
          borrow = before < borrow ? 1 : 0;
        }
      } else {
        u64 carry = static_cast<u64>(-digit);
        for (int i = 0; i < 5 && carry; ++i) {
          d[i] += carry;
          carry = d[i] < carry ? 1 : 0;
        }
      }
    }
    out[length++] = static_cast<std::int8_t>(digit);
    for (int i = 0; i < 4; ++i) d[i] = (d[i] >> 1) | (d[i + 1] << 63);
    d[4] >>= 1;
  }
  return length;
}

Jacobian negate(const Jacobian& p) { return Jacobian{p.x, fp::neg(p.y), p.z}; }
Affine negate(const Affine& p) { return Affine{p.x, fp::neg(p.y)}; }

}  // namespace

const CombTable& comb_table() {
  static const std::unique_ptr<CombTable> table = build_comb_table();
  return *table;
}

Projective base_mult_ct(const U256& k) {
  const CombTable& table = comb_table();
  Projective acc = ec::projective_infinity();
  for (int i = 0; i < kCombWindows; ++i) {
    u64 magnitude, negative;
    booth_digit(window_bits(k, i), magnitude, negative);
    Affine entry{fp::zero(), fp::zero()};
    for (int j = 0; j < kCombEntries; ++j) {
      entry = ec::select(mask_eq(magnitude, static_cast<u64>(j + 1)), table.entries[i][j], entry);
    }
    entry = ec::conditional_negate(negative, entry);
    const Projective sum = ec::add_mixed_complete(acc, entry);
    acc = ec::select(mask_is_zero(magnitude), acc, sum);
  }
  return acc;
}

Jacobian double_mult_public(const U256& u1, const Affine& p, const U256& u2) {
  const CombTable& table = comb_table();
  std::int8_t naf1[258] = {};
  std::int8_t naf2[258] = {};
  const int len1 = wnaf(naf1, u1, 6);
  const int len2 = wnaf(naf2, u2, 5);

  // P, 3P, 5P, .., 15P.
  Jacobian odd[8];
  odd[0] = ec::jacobian_from(p);
  const Jacobian p2 = ec::jacobian_double(odd[0]);
  for (int i = 1; i < 8; ++i) odd[i] = ec::jacobian_add(odd[i - 1], p2);

  Jacobian acc{fp::one(), fp::one(), fp::zero()};
  for (int i = (len1 > len2 ? len1 : len2) - 1; i >= 0; --i) {
    acc = ec::jacobian_double(acc);
    if (const int d = naf1[i]; d > 0) {
      acc = ec::jacobian_add_mixed(acc, table.entries[0][d - 1]);
    } else if (d < 0) {
      acc = ec::jacobian_add_mixed(acc, negate(table.entries[0][-d - 1]));
    }
    if (const int d = naf2[i]; d > 0) {
      acc = ec::jacobian_add(acc, odd[d / 2]);
    } else if (d < 0) {
      acc = ec::jacobian_add(acc, negate(odd[-d / 2]));
    }
  }
  return acc;
}

}  // namespace gmseal::crypto::sm2_engine
