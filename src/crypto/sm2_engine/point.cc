#include "crypto/sm2_engine/point.h"

namespace gmseal::crypto::sm2_engine::ec {

const Affine& generator() {
  static const Affine g = [] {
    static const std::uint8_t xy[64] = {
        0x32, 0xC4, 0xAE, 0x2C, 0x1F, 0x19, 0x81, 0x19, 0x5F, 0x99, 0x04, 0x46, 0x6A,
        0x39, 0xC9, 0x94, 0x8F, 0xE3, 0x0B, 0xBF, 0xF2, 0x66, 0x0B, 0xE1, 0x71, 0x5A,
        0x45, 0x89, 0x33, 0x4C, 0x74, 0xC7, 0xBC, 0x37, 0x36, 0xA2, 0xF4, 0xF6, 0x77,
        0x9C, 0x59, 0xBD, 0xCE, 0xE3, 0x6B, 0x69, 0x21, 0x53, 0xD0, 0xA9, 0x87, 0x7C,
        0xC6, 0x2A, 0x47, 0x40, 0x02, 0xDF, 0x32, 0xE5, 0x21, 0x39, 0xF0, 0xA0};
    Affine p;
    affine_from_bytes(p, xy);
    return p;
  }();
  return g;
}

bool on_curve(const Affine& p) {
  // y^2 == x^3 - 3x + b
  const Fe lhs = fp::sqr(p.y);
  const Fe x3 = fp::mul(fp::sqr(p.x), p.x);
  const Fe three_x = fp::add(fp::dbl(p.x), p.x);
  const Fe rhs = fp::add(fp::sub(x3, three_x), fp::curve_b());
  return fp::mask_eq(lhs, rhs) != 0;
}

bool affine_from_bytes(Affine& r, const std::uint8_t xy[64]) {
  if (!fp::from_bytes(r.x, xy) || !fp::from_bytes(r.y, xy + 32)) return false;
  return on_curve(r);
}

void affine_to_bytes(std::uint8_t xy[64], const Affine& p) {
  fp::to_bytes(xy, p.x);
  fp::to_bytes(xy + 32, p.y);
}

Projective projective_infinity() { return Projective{fp::zero(), fp::one(), fp::zero()}; }

Projective add_mixed_complete(const Projective& p, const Affine& q) {
  // Renes-Costello-Batina, algorithm 5 (mixed addition, a = -3): 11M + 2 multiplications by b.
  const Fe& b = fp::curve_b();
  Fe t0 = fp::mul(p.x, q.x);
  Fe t1 = fp::mul(p.y, q.y);
  Fe t3 = fp::add(q.x, q.y);
  Fe t4 = fp::add(p.x, p.y);
  t3 = fp::mul(t3, t4);
  t4 = fp::add(t0, t1);
  t3 = fp::sub(t3, t4);
  t4 = fp::mul(q.y, p.z);
  t4 = fp::add(t4, p.y);
  Fe y3 = fp::mul(q.x, p.z);
  y3 = fp::add(y3, p.x);
  Fe z3 = fp::mul(b, p.z);
  Fe x3 = fp::sub(y3, z3);
  z3 = fp::dbl(x3);
  x3 = fp::add(x3, z3);
  z3 = fp::sub(t1, x3);
  x3 = fp::add(t1, x3);
  y3 = fp::mul(b, y3);
  t1 = fp::dbl(p.z);
  Fe t2 = fp::add(t1, p.z);
  y3 = fp::sub(y3, t2);
  y3 = fp::sub(y3, t0);
  t1 = fp::dbl(y3);
  y3 = fp::add(t1, y3);
  t1 = fp::dbl(t0);
  t0 = fp::add(t1, t0);
  t0 = fp::sub(t0, t2);
  t1 = fp::mul(t4, y3);
  t2 = fp::mul(t0, y3);
  y3 = fp::mul(x3, z3);
  y3 = fp::add(y3, t2);
  x3 = fp::mul(t3, x3);
  x3 = fp::sub(x3, t1);
  z3 = fp::mul(t4, z3);
  t1 = fp::mul(t3, t0);
  z3 = fp::add(z3, t1);
  return Projective{x3, y3, z3};
}

Affine to_affine(const Projective& p) {
  const Fe zinv = fp::inv(p.z);
  return Affine{fp::mul(p.x, zinv), fp::mul(p.y, zinv)};
}

Jacobian jacobian_from(const Affine& p) { return Jacobian{p.x, p.y, fp::one()}; }

Jacobian jacobian_double(const Jacobian& p) {
  // 4M + 4S (a = -3), with S = 4·X·Y^2 taken from (2Y)^2 and 8·Y^4 as half of its square. The
  // 3M + 5S form (dbl-2001-b) needs more additions on the critical path and measured 12 % slower.
  if (jacobian_is_infinity(p)) return p;
  const Fe y2 = fp::dbl(p.y);
  const Fe zz = fp::sqr(p.z);
  const Fe yy4 = fp::sqr(y2);                                 // 4Y^2
  const Fe z3 = fp::mul(y2, p.z);                             // 2YZ
  const Fe m0 = fp::mul(fp::add(p.x, zz), fp::sub(p.x, zz));  // X^2 - Z^4
  const Fe m = fp::add(fp::dbl(m0), m0);                      // 3X^2 - 3Z^4
  const Fe s = fp::mul(yy4, p.x);                             // 4XY^2
  const Fe y4_8 = fp::half(fp::sqr(yy4));                     // 8Y^4
  const Fe x3 = fp::sub(fp::sub(fp::sqr(m), s), s);
  const Fe y3 = fp::sub(fp::mul(m, fp::sub(s, x3)), y4_8);
  return Jacobian{x3, y3, z3};
}

JacobianZPowers jacobian_with_z_powers(const Jacobian& q) {
  const Fe zz = fp::sqr(q.z);
  return JacobianZPowers{q.x, q.y, q.z, zz, fp::mul(zz, q.z)};
}

void co_z_add_update(Jacobian& p, Jacobian& q) {
  // With C = (Xq - Xp)^2: Wq = Xq·C and Aq = Yq·(Xq - Xp)^3 are q rescaled to Z·(Xq - Xp), and the
  // sum's Y is taken from q's side, so both come out of the same products.
  const Fe dx = fp::sub(q.x, p.x);
  const Fe dy = fp::sub(q.y, p.y);
  const Fe c = fp::sqr(dx);
  const Fe wq = fp::mul(q.x, c);
  const Fe wp = fp::mul(p.x, c);
  const Fe aq = fp::mul(q.y, fp::sub(wq, wp));
  const Fe x3 = fp::sub(fp::sub(fp::sqr(dy), wq), wp);
  const Fe y3 = fp::sub(fp::mul(dy, fp::sub(wq, x3)), aq);
  const Fe z3 = fp::mul(p.z, dx);
  p = Jacobian{x3, y3, z3};
  q = Jacobian{wq, aq, z3};
}

Jacobian jacobian_add(const Jacobian& p, const JacobianZPowers& q) {
  // add-1998-cmo-2 with q's Z^2 and Z^3 given: 10M + 3S, and none of add-2007-bl's doublings of
  // H, r, S1·J and Z3.
  if (jacobian_is_infinity(p)) return Jacobian{q.x, q.y, q.z};
  const Fe z1z1 = fp::sqr(p.z);
  const Fe u1 = fp::mul(p.x, q.zz);
  const Fe u2 = fp::mul(q.x, z1z1);
  const Fe s1 = fp::mul(p.y, q.zzz);
  const Fe s2 = fp::mul(fp::mul(q.y, p.z), z1z1);
  const Fe h = fp::sub(u2, u1);
  const Fe r = fp::sub(s2, s1);
  if (fp::mask_is_zero(h)) {
    if (fp::mask_is_zero(r)) return jacobian_double(p);
    return Jacobian{fp::one(), fp::one(), fp::zero()};
  }
  const Fe hh = fp::sqr(h);
  const Fe hhh = fp::mul(h, hh);
  const Fe v = fp::mul(u1, hh);
  const Fe x3 = fp::sub(fp::sub(fp::sqr(r), hhh), fp::dbl(v));
  const Fe y3 = fp::sub(fp::mul(r, fp::sub(v, x3)), fp::mul(s1, hhh));
  const Fe z3 = fp::mul(fp::mul(p.z, q.z), h);
  return Jacobian{x3, y3, z3};
}

Jacobian jacobian_add_mixed(const Jacobian& p, const Affine& q) {
  // madd-2007-bl: 7M + 4S.
  if (jacobian_is_infinity(p)) return jacobian_from(q);
  const Fe z1z1 = fp::sqr(p.z);
  const Fe u2 = fp::mul(q.x, z1z1);
  const Fe s2 = fp::mul(fp::mul(q.y, p.z), z1z1);
  const Fe h = fp::sub(u2, p.x);
  const Fe r = fp::dbl(fp::sub(s2, p.y));
  if (fp::mask_is_zero(h)) {
    if (fp::mask_is_zero(r)) return jacobian_double(jacobian_from(q));
    return Jacobian{fp::one(), fp::one(), fp::zero()};
  }
  const Fe hh = fp::sqr(h);
  const Fe i = fp::dbl(fp::dbl(hh));
  const Fe j = fp::mul(h, i);
  const Fe v = fp::mul(p.x, i);
  const Fe x3 = fp::sub(fp::sub(fp::sqr(r), j), fp::dbl(v));
  const Fe y3 = fp::sub(fp::mul(r, fp::sub(v, x3)), fp::dbl(fp::mul(p.y, j)));
  const Fe z3 = fp::sub(fp::sub(fp::sqr(fp::add(p.z, h)), z1z1), hh);
  return Jacobian{x3, y3, z3};
}

}  // namespace gmseal::crypto::sm2_engine::ec
