// The SM2 engine's signing and verification: the GM/T 0003.5 (GB/T 32918.5) example, and the edge
// cases (k near n, r + k = n, r = 0 and s = 0 retries, scalars 0, 1, n - 1, the point at
// infinity, off-curve public keys, r or s outside [1, n - 1]).
#include <gtest/gtest.h>
#include <openssl/rand.h>

#include "crypto/sm2_engine/engine.h"
#include "crypto/sm2_engine/scalar_mult.h"
#include "sm2_engine_openssl.h"

namespace gmseal::crypto::sm2_engine {
namespace {

using sm2_engine_test::Bn;
using sm2_engine_test::Bytes32;
using sm2_engine_test::Bytes64;
using sm2_engine_test::hex32;
using sm2_engine_test::Reference;
using sm2_engine_test::to_hex;

// GM/T 0003.5-2012 / GB/T 32918.5-2017 appendix A: the signature example on the recommended curve
// (message "message digest", ID 1234567812345678).
const char* kExampleD = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
const char* kExamplePub =
    "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
const char* kExampleE = "F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640";
const char* kExampleK = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
const char* kExampleRs =
    "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
    "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";

Bytes64 hex64(const char* hex) {
  Bytes64 out{};
  const auto v = sm2_engine_test::from_hex(hex);
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

PrivateKey key_from(const Bytes32& d) {
  PrivateKey key{};
  EXPECT_TRUE(make_private_key(key, d.data()));
  return key;
}

PublicKey public_from(const std::uint8_t* xy) {
  PublicKey key{};
  EXPECT_TRUE(parse_public_key(key, xy));
  return key;
}

class Sm2EngineTest : public ::testing::Test {
 protected:
  Bytes32 n_minus(unsigned v) const { return ref_.n_minus(v); }
  Bytes32 mod_n(const BIGNUM* v) const { return ref_.mod_n(v); }
  // The digest e that makes r = target for nonce k: e = target - x(kG) mod n.
  Bytes32 e_for_r(const Bytes32& k, const BIGNUM* target) const {
    const Bytes64 kg = ref_.mul_base(k);
    Bn x = Reference::bn(kg.data()), e(BN_new());
    BN_mod_sub(e.get(), target, x.get(), ref_.order(), ref_.ctx());
    return Reference::bytes(e.get());
  }
  Reference ref_;
};

TEST_F(Sm2EngineTest, StandardExampleSignsAndVerifies) {
  const PrivateKey key = key_from(hex32(kExampleD));
  EXPECT_EQ(to_hex(key.public_xy, 64), kExamplePub);
  Bytes64 rs{};
  ASSERT_EQ(sign_digest_with_k(rs.data(), key, hex32(kExampleE).data(), hex32(kExampleK).data()),
            SignResult::kOk);
  EXPECT_EQ(to_hex(rs.data(), 64), kExampleRs);
  const PublicKey pub = public_from(hex64(kExamplePub).data());
  EXPECT_TRUE(verify_digest(pub, hex32(kExampleE).data(), hex64(kExampleRs).data()));
  Bytes32 other_e = hex32(kExampleE);
  other_e[31] ^= 1;
  EXPECT_FALSE(verify_digest(pub, other_e.data(), hex64(kExampleRs).data()));
  Bytes64 other_rs = hex64(kExampleRs);
  other_rs[63] ^= 1;
  EXPECT_FALSE(verify_digest(pub, hex32(kExampleE).data(), other_rs.data()));
}

TEST_F(Sm2EngineTest, RandomAndHedgedNoncesVerifyAndDiffer) {
  const PrivateKey key = key_from(hex32(kExampleD));
  const PublicKey pub = public_from(key.public_xy);
  const Bytes32 e = hex32(kExampleE);
  Bytes64 a{}, b{}, c{};
  ASSERT_EQ(sign_digest(a.data(), key, e.data(), NonceMode::kRandom), SignResult::kOk);
  ASSERT_EQ(sign_digest(b.data(), key, e.data(), NonceMode::kHedged), SignResult::kOk);
  ASSERT_EQ(sign_digest(c.data(), key, e.data(), NonceMode::kHedged), SignResult::kOk);
  EXPECT_TRUE(verify_digest(pub, e.data(), a.data()));
  EXPECT_TRUE(verify_digest(pub, e.data(), b.data()));
  EXPECT_TRUE(verify_digest(pub, e.data(), c.data()));
  EXPECT_NE(b, c);  // fresh randomness in every hedged nonce
  {
    auto ossl = ref_.public_key(Bytes64(std::to_array(key.public_xy)));
    EXPECT_TRUE(Reference::verify(ossl.get(), e, b));
  }
}

TEST_F(Sm2EngineTest, BaseMultiplesAtTheEdges) {
  // 1·G = G, 2·G, (n - 1)·G = -G, (n - 2)·G; 0 and n are refused.
  Bytes32 one{};
  one[31] = 1;
  Bytes32 two{};
  two[31] = 2;
  for (const Bytes32& k : {one, two, n_minus(1), n_minus(2), n_minus(32), hex32(kExampleK)}) {
    Bytes64 xy{};
    ASSERT_TRUE(base_point_mult(xy.data(), k.data()));
    EXPECT_EQ(xy, ref_.mul_base(k)) << to_hex(k.data(), 32);
  }
  Bytes64 xy{};
  EXPECT_FALSE(base_point_mult(xy.data(), Bytes32{}.data()));
  EXPECT_FALSE(base_point_mult(xy.data(), n_minus(0).data()));
  // Every Booth digit value in every window: k = j·2^(6i) for a few j and i.
  for (int i = 0; i < kCombWindows; i += 6) {
    for (unsigned j : {1u, 31u, 32u, 33u, 63u}) {
      Bn k(BN_new());
      BN_set_word(k.get(), j);
      BN_lshift(k.get(), k.get(), 6 * i);
      const Bytes32 kb = mod_n(k.get());
      if (kb == Bytes32{}) continue;
      ASSERT_TRUE(base_point_mult(xy.data(), kb.data()));
      EXPECT_EQ(xy, ref_.mul_base(kb)) << i << " " << j;
    }
  }
}

TEST_F(Sm2EngineTest, CompleteAdditionHandlesInfinityDoublingAndInverse) {
  const Affine& g = ec::generator();
  const Projective inf = ec::projective_infinity();
  // O + G = G
  Affine sum = ec::to_affine(ec::add_mixed_complete(inf, g));
  EXPECT_TRUE(fp::mask_eq(sum.x, g.x) && fp::mask_eq(sum.y, g.y));
  // G + G = 2G
  const Projective g_proj = ec::add_mixed_complete(inf, g);
  sum = ec::to_affine(ec::add_mixed_complete(g_proj, g));
  Bytes32 two{};
  two[31] = 2;
  Bytes64 xy{};
  ec::affine_to_bytes(xy.data(), sum);
  EXPECT_EQ(xy, ref_.mul_base(two));
  // G + (-G) = O (z = 0)
  const Projective zero = ec::add_mixed_complete(g_proj, ec::conditional_negate(~0ull, g));
  EXPECT_TRUE(fp::mask_is_zero(zero.z));
  // k·G with k ≡ 0 mod n is the point at infinity.
  EXPECT_TRUE(fp::mask_is_zero(base_mult_ct(u256_from_be(n_minus(0).data())).z));
  EXPECT_TRUE(ec::jacobian_is_infinity(
      ec::jacobian_add_mixed(ec::jacobian_from(g), ec::conditional_negate(~0ull, g))));
}

// The Jacobian addition of verification (variable time, q with its Z powers) meets P + P and
// P + (-P) when the two points come with different Z: it must double in the first case and give
// O in the second.
TEST_F(Sm2EngineTest, JacobianAdditionOfEqualAndOppositePoints) {
  const Affine& g = ec::generator();
  const Jacobian two_g_doubled = ec::jacobian_double(ec::jacobian_from(g));
  // 2G reached another way, 3G + (-G), has another Z.
  const Jacobian three_g = ec::jacobian_add_mixed(two_g_doubled, g);
  const Jacobian two_g_added = ec::jacobian_add_mixed(three_g, ec::conditional_negate(~0ull, g));
  ASSERT_FALSE(fp::mask_eq(two_g_doubled.z, two_g_added.z)) << "the test needs two Z values";
  // 2G + 2G = 4G, compared as X·Z'^2 == X'·Z^2 against 4G from OpenSSL.
  const Jacobian four_g = ec::jacobian_add(two_g_doubled, ec::jacobian_with_z_powers(two_g_added));
  Bytes32 four{};
  four[31] = 4;
  const Bytes64 expected = ref_.mul_base(four);
  Affine expected_point{};
  ASSERT_TRUE(ec::affine_from_bytes(expected_point, expected.data()));
  const Fe z2 = fp::sqr(four_g.z);
  EXPECT_TRUE(fp::mask_eq(four_g.x, fp::mul(expected_point.x, z2)));
  EXPECT_TRUE(fp::mask_eq(four_g.y, fp::mul(expected_point.y, fp::mul(z2, four_g.z))));
  // 2G + (-2G) = O.
  const Jacobian minus_two_g{two_g_added.x, fp::neg(two_g_added.y), two_g_added.z};
  EXPECT_TRUE(ec::jacobian_is_infinity(
      ec::jacobian_add(two_g_doubled, ec::jacobian_with_z_powers(minus_two_g))));
}

// Verification refuses a signature whose s·G + t·P is the point at infinity: with P = G (d = 1),
// s = 1 and r = n - 2 give t = n - 1 and s·G + t·G = n·G = O. e = r makes the comparison's
// candidate x1 zero, the one value a point with Z = 0 could match (X == x1·Z^2); the engine's
// O has X = 1, so the comparison refuses it too, behind the explicit check.
TEST_F(Sm2EngineTest, VerificationRefusesASumAtInfinity) {
  Bytes64 g_bytes{};
  ec::affine_to_bytes(g_bytes.data(), ec::generator());
  const PublicKey key_g = public_from(g_bytes.data());
  const Bytes32 r = n_minus(2);
  Bytes32 s{};
  s[31] = 1;
  Bytes64 rs{};
  std::copy(r.begin(), r.end(), rs.begin());
  std::copy(s.begin(), s.end(), rs.begin() + 32);
  EXPECT_FALSE(verify_digest(key_g, r.data(), rs.data()));
}

TEST_F(Sm2EngineTest, PrivateKeyRange) {
  PrivateKey key{};
  EXPECT_FALSE(make_private_key(key, Bytes32{}.data()));
  EXPECT_FALSE(make_private_key(key, n_minus(1).data()));  // 1 + d = n is not invertible
  EXPECT_FALSE(make_private_key(key, n_minus(0).data()));
  EXPECT_TRUE(make_private_key(key, n_minus(2).data()));
  Bytes32 one{};
  one[31] = 1;
  EXPECT_TRUE(make_private_key(key, one.data()));
  EXPECT_EQ(Bytes64(std::to_array(key.public_xy)), ref_.mul_base(one));
}

TEST_F(Sm2EngineTest, NonceEdgesSignOrRetry) {
  const Bytes32 d = hex32(kExampleD);
  const PrivateKey key = key_from(d);
  const PublicKey pub = public_from(key.public_xy);
  auto ossl = ref_.private_key(d, Bytes64(std::to_array(key.public_xy)));
  Bytes64 rs{};
  const Bytes32 e = hex32(kExampleE);
  // k = 0 and k = n are not nonces.
  EXPECT_EQ(sign_digest_with_k(rs.data(), key, e.data(), Bytes32{}.data()), SignResult::kRetry);
  EXPECT_EQ(sign_digest_with_k(rs.data(), key, e.data(), n_minus(0).data()), SignResult::kRetry);
  // k near n and k = 1 sign, and OpenSSL accepts the result with the r it computes for k.
  Bytes32 one{};
  one[31] = 1;
  for (const Bytes32& k : {n_minus(1), n_minus(2), one}) {
    ASSERT_EQ(sign_digest_with_k(rs.data(), key, e.data(), k.data()), SignResult::kOk);
    EXPECT_EQ(to_hex(rs.data(), 32), to_hex(ref_.r_for(e, k).data(), 32));
    EXPECT_TRUE(Reference::verify(ossl.get(), e, rs));
    EXPECT_TRUE(verify_digest(pub, e.data(), rs.data()));
  }
  const Bytes32 k = hex32(kExampleK);
  Bn kb = Reference::bn(k.data());
  // r = 0: e = -x1.
  Bn zero(BN_new());
  BN_zero(zero.get());
  EXPECT_EQ(sign_digest_with_k(rs.data(), key, e_for_r(k, zero.get()).data(), k.data()),
            SignResult::kRetry);
  // r + k = n: r = n - k.
  Bn n_minus_k(BN_new());
  BN_sub(n_minus_k.get(), ref_.order(), kb.get());
  EXPECT_EQ(sign_digest_with_k(rs.data(), key, e_for_r(k, n_minus_k.get()).data(), k.data()),
            SignResult::kRetry);
  // s = 0: k = r·d, so r = k·d^-1.
  Bn db = Reference::bn(d.data()), dinv(BN_new()), r(BN_new());
  BN_mod_inverse(dinv.get(), db.get(), ref_.order(), ref_.ctx());
  BN_mod_mul(r.get(), kb.get(), dinv.get(), ref_.order(), ref_.ctx());
  EXPECT_EQ(sign_digest_with_k(rs.data(), key, e_for_r(k, r.get()).data(), k.data()),
            SignResult::kRetry);
  // One more than each of those still signs.
  BN_add_word(r.get(), 1);
  ASSERT_EQ(sign_digest_with_k(rs.data(), key, e_for_r(k, r.get()).data(), k.data()),
            SignResult::kOk);
  EXPECT_TRUE(Reference::verify(ossl.get(), e_for_r(k, r.get()), rs));
}

TEST_F(Sm2EngineTest, VerificationRefusesOutOfRangeValuesAndBadKeys) {
  const PublicKey pub = public_from(hex64(kExamplePub).data());
  const Bytes32 e = hex32(kExampleE);
  const Bytes64 good = hex64(kExampleRs);
  auto with = [&](const Bytes32& r, const Bytes32& s) {
    Bytes64 rs{};
    std::copy(r.begin(), r.end(), rs.begin());
    std::copy(s.begin(), s.end(), rs.begin() + 32);
    return rs;
  };
  Bytes32 r{}, s{};
  std::copy(good.begin(), good.begin() + 32, r.begin());
  std::copy(good.begin() + 32, good.end(), s.begin());
  EXPECT_TRUE(verify_digest(pub, e.data(), with(r, s).data()));
  EXPECT_FALSE(verify_digest(pub, e.data(), with(Bytes32{}, s).data()));
  EXPECT_FALSE(verify_digest(pub, e.data(), with(r, Bytes32{}).data()));
  EXPECT_FALSE(verify_digest(pub, e.data(), with(n_minus(0), s).data()));
  EXPECT_FALSE(verify_digest(pub, e.data(), with(r, n_minus(0)).data()));
  Bytes32 ff{};
  ff.fill(0xff);
  EXPECT_FALSE(verify_digest(pub, e.data(), with(ff, s).data()));
  EXPECT_FALSE(verify_digest(pub, e.data(), with(r, ff).data()));
  // r + n (mod 2^256 it still fits) is not r.
  Bn rn = Reference::bn(r.data());
  BN_add(rn.get(), rn.get(), ref_.order());
  if (BN_num_bytes(rn.get()) <= 32) {
    EXPECT_FALSE(verify_digest(pub, e.data(), with(Reference::bytes(rn.get()), s).data()));
  }
  // t = r + s = n.
  Bn t(BN_new());
  BN_sub(t.get(), ref_.order(), Reference::bn(r.data()).get());
  EXPECT_FALSE(verify_digest(pub, e.data(), with(r, Reference::bytes(t.get())).data()));

  // Public keys off the curve, or with a coordinate >= p, are refused.
  PublicKey key{};
  Bytes64 off = hex64(kExamplePub);
  off[63] ^= 1;
  EXPECT_FALSE(parse_public_key(key, off.data()));
  EXPECT_FALSE(parse_public_key(key, Bytes64{}.data()));  // (0, 0): the usual stand-in for O
  Bytes64 big{};
  big.fill(0xff);
  EXPECT_FALSE(parse_public_key(key, big.data()));
}

}  // namespace
}  // namespace gmseal::crypto::sm2_engine
