#include "crypto/sm2_engine/field.h"

namespace gmseal::crypto::sm2_engine::fp {

Fe inv(const Fe& a) {
  // p - 2 = 2^256 - 2^224 - 2^96 + 2^64 - 3. Read from the top bit down it is 31 ones, a zero,
  // 128 ones, 32 zeros, 32 ones, 30 ones, a zero and a one. x_k = a^(2^k - 1).
  const Fe x1 = a;
  const Fe x2 = mul(sqr(x1), x1);
  const Fe x3 = mul(sqr(x2), x1);
  const Fe x6 = mul(sqr_n(x3, 3), x3);
  const Fe x12 = mul(sqr_n(x6, 6), x6);
  const Fe x15 = mul(sqr_n(x12, 3), x3);
  const Fe x30 = mul(sqr_n(x15, 15), x15);
  const Fe x31 = mul(sqr(x30), x1);
  const Fe x32 = mul(sqr(x31), x1);

  Fe t = sqr(x31);                               // 31 ones, one zero
  for (int i = 0; i < 4; ++i) t = mul(sqr_n(t, 32), x32);  // 128 ones
  t = sqr_n(t, 32);                              // 32 zeros
  t = mul(sqr_n(t, 32), x32);                    // 32 ones
  t = mul(sqr_n(t, 30), x30);                    // 30 ones
  t = mul(sqr_n(t, 2), x1);                      // 0, 1
  GMSEAL_SM2_COUNT(field_inv);
  return t;
}

bool from_bytes(Fe& r, const std::uint8_t in[32]) {
  const U256 a = u256_from_be(in);
  if (u256_compare_public(a, kFieldModulus.m) >= 0) return false;
  to_mont<kFieldModulus>(r.m, a);
  return true;
}

void to_bytes(std::uint8_t out[32], const Fe& a) {
  U256 plain;
  from_mont<kFieldModulus>(plain, a.m);
  u256_to_be(plain, out);
}

const Fe& curve_b() {
  static const Fe b = [] {
    static const std::uint8_t bytes[32] = {
        0x28, 0xE9, 0xFA, 0x9E, 0x9D, 0x9F, 0x5E, 0x34, 0x4D, 0x5A, 0x9E, 0x4B, 0xCF, 0x65, 0x09, 0xA7,
        0xF3, 0x97, 0x89, 0xF5, 0x15, 0xAB, 0x8F, 0x92, 0xDD, 0xBC, 0xBD, 0x41, 0x4D, 0x94, 0x0E, 0x93};
    Fe r;
    from_bytes(r, bytes);
    return r;
  }();
  return b;
}

}  // namespace gmseal::crypto::sm2_engine::fp
