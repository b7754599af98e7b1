#include "crypto/sm2_engine/scalar.h"

namespace gmseal::crypto::sm2_engine::sc {

U256 inv_mont(const U256& a_mont) {
  U256 exponent;
  sub_borrow(exponent, kOrderModulus.m, U256{{2, 0, 0, 0}});
  // table[i] = a^i (Montgomery form), i = 0..15.
  U256 table[16];
  table[0] = kOrderModulus.one;
  table[1] = a_mont;
  for (int i = 2; i < 16; ++i) table[i] = mul(table[i - 1], a_mont);
  U256 r = kOrderModulus.one;
  for (int nibble = 63; nibble >= 0; --nibble) {
    for (int i = 0; i < 4; ++i) r = mul(r, r);
    const unsigned digit = static_cast<unsigned>(exponent.v[nibble / 16] >> ((nibble % 16) * 4)) & 15;
    r = mul(r, table[digit]);  // the index is a digit of the public exponent n - 2
  }
  return r;
}

}  // namespace gmseal::crypto::sm2_engine::sc
