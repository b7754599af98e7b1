// The SM2 engine's field (mod p) and scalar (mod n) arithmetic against OpenSSL's BIGNUMs.
#include <gtest/gtest.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "crypto/sm2_engine/field.h"
#include "crypto/sm2_engine/scalar.h"
#include "sm2_engine_openssl.h"

namespace gmseal::crypto::sm2_engine {
namespace {

using sm2_engine_test::Bn;
using sm2_engine_test::Bytes32;
using sm2_engine_test::hex32;
using sm2_engine_test::Reference;

const char* kP = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";

class FieldTest : public ::testing::Test {
 protected:
  FieldTest() {
    BIGNUM* p = nullptr;
    BN_hex2bn(&p, kP);
    p_.reset(p);
  }
  // A random field element, with the edge values 0, 1, p - 1, p - 2 mixed in.
  Bytes32 random_element(int i) {
    Bytes32 b{};
    if (i == 0) return b;
    if (i == 1) {
      b[31] = 1;
      return b;
    }
    if (i == 2 || i == 3) {
      b = hex32(kP);
      b[31] -= static_cast<std::uint8_t>(i - 1);
      return b;
    }
    RAND_bytes(b.data(), 32);
    Bn v = Reference::bn(b.data());
    BN_mod(v.get(), v.get(), p_.get(), ref_.ctx());
    return Reference::bytes(v.get());
  }
  Fe fe(const Bytes32& b) {
    Fe r;
    EXPECT_TRUE(fp::from_bytes(r, b.data()));
    return r;
  }
  Bytes32 bytes(const Fe& a) {
    Bytes32 b;
    fp::to_bytes(b.data(), a);
    return b;
  }
  Reference ref_;
  Bn p_;
};

TEST_F(FieldTest, MultiplyAddSubtractInvertMatchOpenSsl) {
  for (int i = 0; i < 3000; ++i) {
    const Bytes32 a = random_element(i % 7 == 0 ? i / 7 % 4 : 9);
    const Bytes32 b = random_element(i % 5 == 0 ? i / 5 % 4 : 9);
    Bn ab = Reference::bn(a.data()), bb = Reference::bn(b.data()), r(BN_new());
    BN_mod_mul(r.get(), ab.get(), bb.get(), p_.get(), ref_.ctx());
    ASSERT_EQ(bytes(fp::mul(fe(a), fe(b))), Reference::bytes(r.get())) << i;
    BN_mod_sqr(r.get(), ab.get(), p_.get(), ref_.ctx());
    ASSERT_EQ(bytes(fp::sqr(fe(a))), Reference::bytes(r.get())) << i;
    BN_mod_add(r.get(), ab.get(), bb.get(), p_.get(), ref_.ctx());
    ASSERT_EQ(bytes(fp::add(fe(a), fe(b))), Reference::bytes(r.get())) << i;
    BN_mod_sub(r.get(), ab.get(), bb.get(), p_.get(), ref_.ctx());
    ASSERT_EQ(bytes(fp::sub(fe(a), fe(b))), Reference::bytes(r.get())) << i;
    ASSERT_EQ(bytes(fp::add(fp::half(fe(a)), fp::half(fe(a)))), Reference::bytes(ab.get())) << i;
    if (!BN_is_zero(ab.get())) {
      BN_mod_inverse(r.get(), ab.get(), p_.get(), ref_.ctx());
      ASSERT_EQ(bytes(fp::inv(fe(a))), Reference::bytes(r.get())) << i;
    }
  }
}

// Every implementation of the field operations this build has gives the same answers: the
// portable C++, the base x86-64 assembly and, where the CPU has BMI2 and ADX, the mulx/adcx/adox
// multiplication and squaring (fp::mul and fp::sqr use only the one picked at start-up). Values
// near p and with long carry chains are mixed in, the places where carry handling goes wrong.
TEST_F(FieldTest, AssemblyAgreesWithPortableCode) {
#if defined(GMSEAL_SM2_FIELD_ASM)
  const Bytes32 edges[] = {
      random_element(0),
      random_element(1),
      random_element(2),
      random_element(3),
      hex32("00000000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"),
      hex32("FFFFFFFE00000000000000000000000000000000000000000000000000000000")};
  for (int i = 0; i < 20000; ++i) {
    const Fe a = fe(i < 36 ? edges[i % 6] : random_element(9));
    const Fe b = fe(i < 36 ? edges[i / 6] : random_element(9));
    U256 portable, assembly;
    fp_detail::mul(portable, a.m, b.m);
    fp_asm::mul(assembly.v, a.m.v, b.m.v);
    ASSERT_EQ(mask_u256_eq(portable, assembly), ~0ull) << "mul " << i;
    if (fp_asm::has_bmi2_adx) {
      fp_asm::mul_adx(assembly.v, a.m.v, b.m.v);
      ASSERT_EQ(mask_u256_eq(portable, assembly), ~0ull) << "mul_adx " << i;
    }
    fp_detail::sqr(portable, a.m);
    fp_asm::sqr(assembly.v, a.m.v);
    ASSERT_EQ(mask_u256_eq(portable, assembly), ~0ull) << "sqr " << i;
    if (fp_asm::has_bmi2_adx) {
      fp_asm::sqr_adx(assembly.v, a.m.v);
      ASSERT_EQ(mask_u256_eq(portable, assembly), ~0ull) << "sqr_adx " << i;
    }
    mod_add<kFieldModulus>(portable, a.m, b.m);
    fp_asm::add(assembly.v, a.m.v, b.m.v);
    ASSERT_EQ(mask_u256_eq(portable, assembly), ~0ull) << "add " << i;
    mod_sub<kFieldModulus>(portable, a.m, b.m);
    fp_asm::sub(assembly.v, a.m.v, b.m.v);
    ASSERT_EQ(mask_u256_eq(portable, assembly), ~0ull) << "sub " << i;
  }
  if (!fp_asm::has_bmi2_adx)
    std::printf("note: this CPU has no BMI2/ADX; mul_adx and sqr_adx not run\n");
#else
  GTEST_SKIP() << "this build has no field assembly (not x86-64, or GMSEAL_SM2_PORTABLE)";
#endif
}

// GMSEAL_SM2_NO_ADX=1 (CTest's sm2_engine_tests.base_assembly) must keep the engine on the base
// assembly; without it, the mulx path is taken exactly when the CPU has BMI2 and ADX.
TEST_F(FieldTest, NoAdxSwitchIsHonoured) {
#if defined(GMSEAL_SM2_FIELD_ASM)
  const char* off = std::getenv("GMSEAL_SM2_NO_ADX");
  if (off != nullptr && off[0] != '\0' && off[0] != '0') {
    EXPECT_FALSE(fp_asm::has_bmi2_adx);
  } else {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    const bool cpu_has = __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 &&
                         (ebx & (1u << 8)) != 0 && (ebx & (1u << 19)) != 0;
    EXPECT_EQ(fp_asm::has_bmi2_adx, cpu_has);
  }
#else
  GTEST_SKIP() << "this build has no field assembly (not x86-64, or GMSEAL_SM2_PORTABLE)";
#endif
}

TEST_F(FieldTest, RefusesValuesNotBelowP) {
  Fe r;
  Bytes32 p = hex32(kP);
  EXPECT_FALSE(fp::from_bytes(r, p.data()));
  Bytes32 max{};
  max.fill(0xff);
  EXPECT_FALSE(fp::from_bytes(r, max.data()));
  p[31] -= 1;
  EXPECT_TRUE(fp::from_bytes(r, p.data()));
  EXPECT_EQ(bytes(fp::add(r, fp::one())), Bytes32{});  // (p - 1) + 1 = 0
  EXPECT_EQ(bytes(fp::inv(fp::zero())), Bytes32{});
}

TEST(ScalarTest, MultiplyAndInvertMatchOpenSsl) {
  Reference ref;
  const BIGNUM* n = ref.order();
  for (int i = 0; i < 2000; ++i) {
    Bytes32 a, b;
    RAND_bytes(a.data(), 32);
    RAND_bytes(b.data(), 32);
    if (i == 0) a = Reference::bytes(n), a[31] -= 1;  // n - 1
    Bn ab = Reference::bn(a.data()), bb = Reference::bn(b.data()), r(BN_new());
    BN_mod(ab.get(), ab.get(), n, ref.ctx());
    BN_mod(bb.get(), bb.get(), n, ref.ctx());
    const U256 ua = u256_from_be(Reference::bytes(ab.get()).data());
    const U256 ub = u256_from_be(Reference::bytes(bb.get()).data());
    Bytes32 out;
    // sc::reduce of the raw 256-bit value.
    u256_to_be(sc::reduce(u256_from_be(a.data())), out.data());
    ASSERT_EQ(out, Reference::bytes(ab.get()));
    // plain x mont = plain product
    BN_mod_mul(r.get(), ab.get(), bb.get(), n, ref.ctx());
    u256_to_be(sc::mul(ua, sc::to_mont(ub)), out.data());
    ASSERT_EQ(out, Reference::bytes(r.get())) << i;
    BN_mod_sub(r.get(), ab.get(), bb.get(), n, ref.ctx());
    u256_to_be(sc::sub(ua, ub), out.data());
    ASSERT_EQ(out, Reference::bytes(r.get())) << i;
    if (!BN_is_zero(ab.get()) && i < 300) {
      BN_mod_inverse(r.get(), ab.get(), n, ref.ctx());
      u256_to_be(sc::mul(sc::inv_mont(sc::to_mont(ua)), U256{{1, 0, 0, 0}}), out.data());
      ASSERT_EQ(out, Reference::bytes(r.get())) << i;
    }
  }
}

TEST(ScalarTest, RangeMask) {
  Reference ref;
  Bytes32 n = Reference::bytes(ref.order());
  EXPECT_FALSE(sc::mask_in_range(u256_from_be(n.data())));
  EXPECT_FALSE(sc::mask_in_range(U256{{0, 0, 0, 0}}));
  EXPECT_TRUE(sc::mask_in_range(U256{{1, 0, 0, 0}}));
  n[31] -= 1;
  EXPECT_TRUE(sc::mask_in_range(u256_from_be(n.data())));
  EXPECT_FALSE(sc::mask_in_range(U256{{~0ull, ~0ull, ~0ull, ~0ull}}));
}

}  // namespace
}  // namespace gmseal::crypto::sm2_engine
