#include "crypto/sm2_engine/scalar_mult.h"

#include <cstdint>
#include <memory>

namespace gmseal::crypto::sm2_engine {

namespace {

// points[i] -> out[i] for n points, none at infinity, with one inversion (Montgomery's trick:
// prefix products of the Z, one inversion, then back down the list).
void batch_to_affine_public(Affine* out, const Jacobian* points, int n) {
  auto prefix = std::make_unique_for_overwrite<Fe[]>(static_cast<std::size_t>(n));
  prefix[0] = points[0].z;
  for (int i = 1; i < n; ++i) prefix[i] = fp::mul(prefix[i - 1], points[i].z);
  Fe inverse = fp::inv(prefix[n - 1]);  // (Z_0·..·Z_i)^-1, walking i down
  for (int i = n - 1; i >= 0; --i) {
    const Fe zinv = i > 0 ? fp::mul(inverse, prefix[i - 1]) : inverse;
    if (i > 0) inverse = fp::mul(inverse, points[i].z);
    const Fe zinv2 = fp::sqr(zinv);
    out[i] = Affine{fp::mul(points[i].x, zinv2), fp::mul(points[i].y, fp::mul(zinv2, zinv))};
  }
}

std::unique_ptr<CombTable> build_comb_table() {
  // All multiples in Jacobian form first, then to affine with one inversion for the whole table.
  constexpr int kCount = kCombWindows * kCombEntries;
  auto multiples = std::make_unique_for_overwrite<Jacobian[]>(kCount);
  Jacobian row_base = ec::jacobian_from(ec::generator());
  for (int i = 0; i < kCombWindows; ++i) {
    Jacobian* row = &multiples[static_cast<std::size_t>(i) * kCombEntries];
    row[0] = row_base;
    const JacobianZPowers base = ec::jacobian_with_z_powers(row_base);
    for (int j = 1; j < kCombEntries; ++j) row[j] = ec::jacobian_add(row[j - 1], base);
    for (int d = 0; d < kCombWindowBits; ++d) row_base = ec::jacobian_double(row_base);
  }
  auto affine = std::make_unique_for_overwrite<Affine[]>(kCount);
  batch_to_affine_public(affine.get(), multiples.get(), kCount);
  auto table = std::make_unique<CombTable>();
  for (int i = 0; i < kCombWindows; ++i) {
    for (int j = 0; j < kCombEntries; ++j) {
      table->entries[i][j] = affine[static_cast<std::size_t>(i) * kCombEntries + j];
    }
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

// Bits [bit, bit + count) of k (count <= 32; bits past 255 read as zero).
u64 bits_at(const U256& k, int bit, int count) {
  const int limb = bit / 64;
  const int shift = bit % 64;
  if (limb > 3) return 0;
  u64 bits = k.v[limb] >> shift;
  if (shift + count > 64 && limb < 3) bits |= k.v[limb + 1] << (64 - shift);
  return bits & ((u64{1} << count) - 1);
}

// Signed window-w NAF of a public scalar (digits odd, in (-2^(w-1), 2^(w-1)), at least w - 1
// zeros between two of them); returns the number of digits. Walks the bits once, jumping a whole
// window after each non-zero digit; `carry` is the 1 borrowed from above by a negative digit.
int wnaf(std::int16_t out[258], const U256& k, int w) {
  int length = 0;
  int bit = 0;
  u64 carry = 0;
  while (bit < 257) {
    if (bits_at(k, bit, 1) == carry) {
      out[bit++] = 0;
      continue;
    }
    const int width = bit + w > 257 ? 257 - bit : w;
    std::int64_t digit = static_cast<std::int64_t>(bits_at(k, bit, width) + carry);
    carry = static_cast<u64>(digit >> (w - 1)) & 1;
    digit -= static_cast<std::int64_t>(carry << w);
    out[bit] = static_cast<std::int16_t>(digit);
    for (int i = 1; i < width; ++i) out[bit + i] = 0;
    bit += width;
    length = bit - width + 1;
  }
  return length;
}

// Entry `magnitude` (1-based; 0 gives (0, 0)) of a comb row, reading every entry and keeping the
// wanted one by mask, limb by limb (a loop the compiler can vectorise).
Affine read_row_entry(const Affine (&row)[kCombEntries], u64 magnitude) {
  u64 limbs[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int j = 0; j < kCombEntries; ++j) {
    const u64 mask = mask_eq(magnitude, static_cast<u64>(j + 1));
    const Affine& e = row[j];
    for (int l = 0; l < 4; ++l) {
      limbs[l] |= e.x.m.v[l] & mask;
      limbs[4 + l] |= e.y.m.v[l] & mask;
    }
  }
  return Affine{Fe{{{limbs[0], limbs[1], limbs[2], limbs[3]}}},
                Fe{{{limbs[4], limbs[5], limbs[6], limbs[7]}}}};
}

JacobianZPowers negate(const JacobianZPowers& p) {
  return JacobianZPowers{p.x, fp::neg(p.y), p.z, p.zz, p.zzz};
}
Affine negate(const Affine& p) { return Affine{p.x, fp::neg(p.y)}; }

// Signed (Booth) digit i of a public scalar in w-bit windows: bits [w·i - 1, w·i + w - 1]
// (bit -1 is zero), in [-2^(w-1), 2^(w-1)].
template <int W>
int booth_digit_public(const U256& k, int i) {
  const u64 window = i == 0 ? bits_at(k, 0, W) << 1 : bits_at(k, W * i - 1, W + 1);
  return static_cast<int>((window >> 1) + (window & 1)) - static_cast<int>((window >> W) << W);
}

// acc += k·B over a fixed-base table of B (row i: j·2^(W·i)·B, j = 1 .. 2^(W-1)), variable time.
template <int W, int Rows, int Entries>
void add_fixed_base_public(Jacobian& acc, const U256& k, const Affine (&rows)[Rows][Entries]) {
  static_assert(Entries == 1 << (W - 1) && W * Rows > 256);
  for (int i = 0; i < Rows; ++i) {
    const int d = booth_digit_public<W>(k, i);
    if (d > 0) {
      acc = ec::jacobian_add_mixed(acc, rows[i][d - 1]);
    } else if (d < 0) {
      acc = ec::jacobian_add_mixed(acc, negate(rows[i][-d - 1]));
    }
  }
}

}  // namespace

const OddMultiplesOfG& odd_multiples_of_g() {
  static const std::unique_ptr<OddMultiplesOfG> table = [] {
    auto t = std::make_unique<OddMultiplesOfG>();
    auto multiples = std::make_unique_for_overwrite<Jacobian[]>(kOddMultiplesOfG);
    multiples[0] = ec::jacobian_from(ec::generator());
    const JacobianZPowers twice = ec::jacobian_with_z_powers(ec::jacobian_double(multiples[0]));
    for (int i = 1; i < kOddMultiplesOfG; ++i) {
      multiples[i] = ec::jacobian_add(multiples[i - 1], twice);
    }
    batch_to_affine_public(t->entries, multiples.get(), kOddMultiplesOfG);
    return t;
  }();
  return *table;
}

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
    Affine entry = ec::conditional_negate(negative, read_row_entry(table.entries[i], magnitude));
    const Projective sum = ec::add_mixed_complete(acc, entry);
    acc = ec::select(mask_is_zero(magnitude), acc, sum);
  }
  return acc;
}

Jacobian double_mult_public(const U256& u1, const Affine& p, const U256& u2) {
  const OddMultiplesOfG& g_table = odd_multiples_of_g();
  std::int16_t naf1[258] = {};
  std::int16_t naf2[258] = {};
  const int len1 = wnaf(naf1, u1, kOddMultiplesOfGWindow);
  const int len2 = wnaf(naf2, u2, 5);

  // P, 3P, 5P, .., 15P, with their Z^2 and Z^3 for the additions below. Each is the one before
  // plus 2P by a co-Z addition (2P kept at the running sum's Z); P is first brought to 2P's Z.
  // (2i + 1)P and 2P never share an x (n is prime and far larger), as co-Z addition requires.
  Jacobian twice = ec::jacobian_double(ec::jacobian_from(p));
  const Fe zz = fp::sqr(twice.z);
  Jacobian odd_jacobian{fp::mul(p.x, zz), fp::mul(p.y, fp::mul(zz, twice.z)), twice.z};
  JacobianZPowers odd[8];
  odd[0] = ec::jacobian_with_z_powers(odd_jacobian);
  for (int i = 1; i < 8; ++i) {
    ec::co_z_add_update(odd_jacobian, twice);
    odd[i] = ec::jacobian_with_z_powers(odd_jacobian);
  }

  Jacobian acc{fp::one(), fp::one(), fp::zero()};
  for (int i = (len1 > len2 ? len1 : len2) - 1; i >= 0; --i) {
    acc = ec::jacobian_double(acc);
    if (const int d = naf1[i]; d > 0) {
      acc = ec::jacobian_add_mixed(acc, g_table.entries[d / 2]);
    } else if (d < 0) {
      acc = ec::jacobian_add_mixed(acc, negate(g_table.entries[-d / 2]));
    }
    if (const int d = naf2[i]; d > 0) {
      acc = ec::jacobian_add(acc, odd[d / 2]);
    } else if (d < 0) {
      acc = ec::jacobian_add(acc, negate(odd[-d / 2]));
    }
  }
  return acc;
}

void build_key_table(KeyTable& table, const Affine& p) {
  constexpr int kRows = kKeyTableRows;
  constexpr int kEntries = kKeyTableEntries;
  // P has prime order n, and n divides no multiple j·2^(w·i) used here (j < n), so no point below
  // is the point at infinity: no Z and no denominator is zero.

  // Row bases B_i = 2^(w·i)·P (entry 0 of each row): w doublings each in Jacobian form, then all
  // to affine with one inversion.
  Jacobian bases[kRows];
  bases[0] = ec::jacobian_from(p);
  for (int i = 1; i < kRows; ++i) {
    bases[i] = bases[i - 1];
    for (int d = 0; d < kKeyTableWindowBits; ++d) bases[i] = ec::jacobian_double(bases[i]);
  }
  Affine affine_bases[kRows];
  batch_to_affine_public(affine_bases, bases, kRows);
  for (int i = 0; i < kRows; ++i) table.entries[i][0] = affine_bases[i];

  // Then by levels, in affine form with one inversion per level for all rows: level h (h = 1, 2,
  // 4, .., E/2) makes the multiples j = h + 1 .. 2h of every row as (j - h)·B_i + h·B_i, the last
  // one (j = 2h) by doubling h·B_i. Five inversions for w = 6, and about 6 multiplications per
  // entry, instead of a Jacobian addition and a share of the final conversion (about 23).
  constexpr int kMaxPerLevel = kRows * kEntries / 2;
  auto numerators = std::make_unique_for_overwrite<Fe[]>(kMaxPerLevel);
  auto denominators = std::make_unique_for_overwrite<Fe[]>(kMaxPerLevel);
  auto products = std::make_unique_for_overwrite<Fe[]>(kMaxPerLevel);
  for (int h = 1; h < kEntries; h *= 2) {
    // Pair k is row k / h, multiple j = h + 1 + k % h (entry j - 1).
    const int count = kRows * h;
    for (int k = 0; k < count; ++k) {
      const Affine(&row)[kEntries] = table.entries[k / h];
      const int j = h + 1 + k % h;
      const Affine& a = row[j - h - 1];
      const Affine& b = row[h - 1];
      if (j == 2 * h) {  // doubling: lambda = (3·x^2 - 3) / (2·y)  (a = -3)
        const Fe t = fp::sub(fp::sqr(a.x), fp::one());
        numerators[k] = fp::add(fp::dbl(t), t);
        denominators[k] = fp::dbl(a.y);
      } else {  // lambda = (y_b - y_a) / (x_b - x_a)
        numerators[k] = fp::sub(b.y, a.y);
        denominators[k] = fp::sub(b.x, a.x);
      }
      products[k] = k > 0 ? fp::mul(products[k - 1], denominators[k]) : denominators[k];
    }
    // Montgomery's trick as in batch_to_affine_public, written out here so that each point's
    // own work runs beside the serial chain of inverses: calling a shared batch inversion first
    // and then walking the points measured 12 % slower for the whole table.
    Fe inverse = fp::inv(products[count - 1]);
    for (int k = count - 1; k >= 0; --k) {
      const Fe denominator_inv = k > 0 ? fp::mul(inverse, products[k - 1]) : inverse;
      if (k > 0) inverse = fp::mul(inverse, denominators[k]);
      Affine(&row)[kEntries] = table.entries[k / h];
      const int j = h + 1 + k % h;
      const Affine& a = row[j - h - 1];
      const Affine& b = row[h - 1];
      const Fe lambda = fp::mul(numerators[k], denominator_inv);
      const Fe x = fp::sub(fp::sub(fp::sqr(lambda), a.x), b.x);
      row[j - 1] = Affine{x, fp::sub(fp::mul(lambda, fp::sub(a.x, x)), a.y)};
    }
  }
}

Jacobian double_mult_public(const U256& u1, const KeyTable& p_table, const U256& u2) {
  static_assert(kCombWindowBits == 6 && kCombEntries == 1 << (kCombWindowBits - 1));
  Jacobian acc{fp::one(), fp::one(), fp::zero()};
  add_fixed_base_public<kCombWindowBits>(acc, u1, comb_table().entries);
  add_fixed_base_public<kKeyTableWindowBits>(acc, u2, p_table.entries);
  return acc;
}

}  // namespace gmseal::crypto::sm2_engine
