// Points of the SM2 curve y^2 = x^3 - 3x + b over GF(p), in three forms:
// - Affine (x, y): table entries and public keys; the point at infinity has no affine form.
// - Projective (X:Y:Z), x = X/Z: the constant-time signing path. Addition there uses the
//   complete formulas of Renes, Costello and Batina (2016, algorithm 5 for a = -3), which are
//   correct for every input, the point at infinity (0:1:0) and equal points included, so no
//   branch on secret data is ever needed.
// - Jacobian (X:Y:Z), x = X/Z^2: the variable-time verification path (public data only), with
//   the cheaper doubling and addition formulas and explicit special cases.
#pragma once

#include <cstdint>

#include "crypto/sm2_engine/field.h"

namespace gmseal::crypto::sm2_engine {

struct Affine {
  Fe x, y;
};

struct Projective {
  Fe x, y, z;
};

struct Jacobian {
  Fe x, y, z;  // z = 0: the point at infinity
};

// A Jacobian point that is added again and again (verification's odd multiples of P), with Z^2
// and Z^3 kept so that each addition saves their computation. Never the point at infinity.
struct JacobianZPowers {
  Fe x, y, z, zz, zzz;
};

namespace ec {

// The generator G.
const Affine& generator();

// Whether (x, y) satisfies the curve equation (public data).
bool on_curve(const Affine& p);

// Public key bytes X||Y (64 bytes, big-endian) -> affine point; false when a coordinate is >= p
// or the point is not on the curve.
bool affine_from_bytes(Affine& r, const std::uint8_t xy[64]);
void affine_to_bytes(std::uint8_t xy[64], const Affine& p);

// Constant time.
Projective projective_infinity();
Projective add_mixed_complete(const Projective& p, const Affine& q);
inline Projective select(u64 mask, const Projective& if_set, const Projective& if_clear) {
  return Projective{fp::select(mask, if_set.x, if_clear.x), fp::select(mask, if_set.y, if_clear.y),
                    fp::select(mask, if_set.z, if_clear.z)};
}
inline Affine select(u64 mask, const Affine& if_set, const Affine& if_clear) {
  return Affine{fp::select(mask, if_set.x, if_clear.x), fp::select(mask, if_set.y, if_clear.y)};
}
// -p when mask is all ones, p when it is zero.
inline Affine conditional_negate(u64 mask, const Affine& p) {
  return Affine{p.x, fp::select(mask, fp::neg(p.y), p.y)};
}
// (x, y) of a projective point; the caller has made sure it is not at infinity (z != 0).
Affine to_affine(const Projective& p);

// Variable time (public data only).
Jacobian jacobian_from(const Affine& p);
Jacobian jacobian_double(const Jacobian& p);
Jacobian jacobian_add_mixed(const Jacobian& p, const Affine& q);
JacobianZPowers jacobian_with_z_powers(const Jacobian& q);  // q not at infinity
// Co-Z addition with update (Meloni 2007): p and q share their Z and have different x; p becomes
// p + q and q is rescaled to that sum's Z (same point). 5M + 2S.
void co_z_add_update(Jacobian& p, Jacobian& q);
Jacobian jacobian_add(const Jacobian& p, const JacobianZPowers& q);
inline bool jacobian_is_infinity(const Jacobian& p) { return fp::mask_is_zero(p.z) != 0; }

}  // namespace ec
}  // namespace gmseal::crypto::sm2_engine
