// Verification through a key's table (PublicKeyTable): the table holds the multiples OpenSSL
// computes, and its verdicts equal the plain path's and OpenSSL's on random keys and signatures
// (valid, bit-flipped, random), on r and s at and beyond the edges of [1, n - 1], for P = G and
// P = -G (where the two halves of u1·G + u2·P add equal or opposite points), and when
// u1·G + u2·P is the point at infinity.
#include <gtest/gtest.h>
#include <openssl/rand.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "crypto/sm2_engine/engine.h"
#include "crypto/sm2_engine/scalar_mult.h"
#include "sm2_engine_openssl.h"

namespace gmseal::crypto::sm2_engine {
namespace {

using sm2_engine_test::Bn;
using sm2_engine_test::Bytes32;
using sm2_engine_test::Bytes64;
using sm2_engine_test::Pkey;
using sm2_engine_test::Reference;
using sm2_engine_test::to_hex;

Bytes64 join(const Bytes32& r, const Bytes32& s) {
  Bytes64 rs{};
  std::copy(r.begin(), r.end(), rs.begin());
  std::copy(s.begin(), s.end(), rs.begin() + 32);
  return rs;
}

class Sm2EngineTableTest : public ::testing::Test {
 protected:
  // A random scalar in [1, n - 2].
  Bytes32 random_scalar() const {
    Bytes32 v;
    RAND_bytes(v.data(), 32);
    return ref_.to_private_range(v);
  }
  // A key in every form the comparisons need: ours (private and parsed public), its table and
  // OpenSSL's. make_test_key is false when the engine or OpenSSL refuses d.
  struct TestKey {
    PrivateKey key{};
    PublicKey pub{};
    std::unique_ptr<const PublicKeyTable> table;
    Pkey ossl;
  };
  bool make_test_key(TestKey& out, const Bytes32& d) const {
    if (!make_private_key(out.key, d.data())) return false;
    const Bytes64 pub_bytes = std::to_array(out.key.public_xy);
    if (!parse_public_key(out.pub, pub_bytes.data())) return false;
    out.table = make_public_key_table(out.pub);
    out.ossl = ref_.private_key(d, pub_bytes);
    return out.ossl != nullptr;
  }

  Bytes32 n_minus(unsigned v) const { return ref_.n_minus(v); }
  Bytes32 mod_n(const BIGNUM* v) const { return ref_.mod_n(v); }

  // The table path, the plain path and OpenSSL must agree; returns the verdict.
  bool check_agree(const PublicKey& key, const PublicKeyTable& table, EVP_PKEY* ossl,
                   const Bytes32& e, const Bytes64& rs, const std::string& where) const {
    const bool plain = verify_digest(key, e.data(), rs.data());
    const bool tabled = verify_digest(table, e.data(), rs.data());
    EXPECT_EQ(tabled, plain) << where << " rs=" << to_hex(rs.data(), 64);
    EXPECT_EQ(tabled, Reference::verify(ossl, e, rs)) << where << " rs=" << to_hex(rs.data(), 64);
    return tabled;
  }

  Reference ref_;
};

// Row i, entry j of a key's table is (j + 1)·2^(6i)·P, as OpenSSL computes it.
TEST_F(Sm2EngineTableTest, EntriesAreTheMultiplesOpenSslComputes) {
  const Bytes32 d = random_scalar();
  PrivateKey key{};
  ASSERT_TRUE(make_private_key(key, d.data()));
  PublicKey pub{};
  ASSERT_TRUE(parse_public_key(pub, key.public_xy));
  const auto table = make_public_key_table(pub);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(to_hex(reinterpret_cast<const std::uint8_t*>(&table->key), sizeof table->key),
            to_hex(reinterpret_cast<const std::uint8_t*>(&pub), sizeof pub));
  Bn db = Reference::bn(d.data());
  for (int i = 0; i < kKeyTableRows; ++i) {
    for (int j : {0, 1, 2, 15, kKeyTableEntries - 2, kKeyTableEntries - 1}) {
      // (j + 1)·2^(6i)·d mod n
      Bn m(BN_new());
      BN_set_word(m.get(), static_cast<unsigned long>(j + 1));
      BN_lshift(m.get(), m.get(), kKeyTableWindowBits * i);
      BN_mod_mul(m.get(), m.get(), db.get(), ref_.order(), ref_.ctx());
      Bytes64 got{};
      ec::affine_to_bytes(got.data(), table->multiples.entries[i][j]);
      ASSERT_EQ(to_hex(got.data(), 64), to_hex(ref_.mul_base(Reference::bytes(m.get())).data(), 64))
          << "row " << i << " entry " << j;
    }
  }
}

// The table of G is the signing comb's table, entry for entry (same layout, same values).
TEST_F(Sm2EngineTableTest, TableOfGIsTheSigningComb) {
  static_assert(kKeyTableRows == kCombWindows && kKeyTableEntries == kCombEntries);
  PublicKey g{ec::generator()};
  const auto table = make_public_key_table(g);
  EXPECT_EQ(
      std::memcmp(table->multiples.entries, comb_table().entries, sizeof comb_table().entries), 0);
}

TEST_F(Sm2EngineTableTest, AgreesWithPlainPathAndOpenSslOnRandomCases) {
  for (int key_index = 0; key_index < 40; ++key_index) {
    const Bytes32 d = random_scalar();
    TestKey test_key;
    ASSERT_TRUE(make_test_key(test_key, d));
    const auto& [key, pub, table, ossl] = test_key;
    for (int i = 0; i < 25; ++i) {
      const std::string where = "d=" + to_hex(d.data(), 32) + " case " + std::to_string(i);
      Bytes32 e;
      RAND_bytes(e.data(), 32);
      // Ours signs and OpenSSL signs: both valid through the table.
      Bytes64 ours{};
      ASSERT_EQ(sign_digest(ours.data(), key, e.data()), SignResult::kOk);
      EXPECT_TRUE(check_agree(pub, *table, ossl.get(), e, ours, where));
      Bytes64 theirs = Reference::sign(ossl.get(), e);
      EXPECT_TRUE(check_agree(pub, *table, ossl.get(), e, theirs, where));
      // One flipped bit anywhere in r||s, or in e: refused by all three.
      theirs[static_cast<std::size_t>(i * 7 % 64)] ^= static_cast<std::uint8_t>(1u << (i % 8));
      EXPECT_FALSE(check_agree(pub, *table, ossl.get(), e, theirs, where));
      Bytes32 other_e = e;
      other_e[static_cast<std::size_t>(i % 32)] ^= 0x80;
      EXPECT_FALSE(check_agree(pub, *table, ossl.get(), other_e, ours, where));
      // Random r||s (in range with overwhelming probability): refused by all three.
      Bytes64 random_rs{};
      RAND_bytes(random_rs.data(), 64);
      random_rs[0] &= 0x7f;
      random_rs[32] &= 0x7f;
      EXPECT_FALSE(check_agree(pub, *table, ossl.get(), e, random_rs, where));
    }
  }
}

TEST_F(Sm2EngineTableTest, RAndSEdges) {
  const Bytes32 d = random_scalar();
  TestKey test_key;
  ASSERT_TRUE(make_test_key(test_key, d));
  const auto& [key, pub, table, ossl] = test_key;
  Bytes32 e;
  RAND_bytes(e.data(), 32);
  Bytes64 good{};
  ASSERT_EQ(sign_digest(good.data(), key, e.data()), SignResult::kOk);
  Bytes32 r{}, s{};
  std::copy(good.begin(), good.begin() + 32, r.begin());
  std::copy(good.begin() + 32, good.end(), s.begin());
  Bytes32 one{}, ff{};
  one[31] = 1;
  ff.fill(0xff);
  Bn t(BN_new());  // n - r, so t = r + s = n
  BN_sub(t.get(), ref_.order(), Reference::bn(r.data()).get());
  const std::vector<Bytes32> edges = {
      Bytes32{}, one, n_minus(1), n_minus(0), ff, n_minus(2), Reference::bytes(t.get())};
  EXPECT_TRUE(check_agree(pub, *table, ossl.get(), e, good, "valid"));
  for (const Bytes32& edge : edges) {
    const std::string where = "edge " + to_hex(edge.data(), 32);
    EXPECT_FALSE(check_agree(pub, *table, ossl.get(), e, join(edge, s), where + " as r"));
    EXPECT_FALSE(check_agree(pub, *table, ossl.get(), e, join(r, edge), where + " as s"));
    EXPECT_FALSE(check_agree(pub, *table, ossl.get(), e, join(edge, edge), where + " as both"));
  }
}

// P = G: with r = 2^200, t = s + 2^200 has the same low windows as s, so the first rows add equal
// points (the doubling case of the mixed addition). P = -G: the same rows cancel (the sum passes
// through the point at infinity), and s·G + t·(-G) = -r·G, so the signature is valid exactly when
// e = r - x(r·G) mod n, whatever s is.
TEST_F(Sm2EngineTableTest, PublicKeyGAndMinusG) {
  Bytes64 g_bytes{};
  ec::affine_to_bytes(g_bytes.data(), ec::generator());
  Bytes64 minus_g_bytes{};
  ec::affine_to_bytes(minus_g_bytes.data(), Affine{ec::generator().x, fp::neg(ec::generator().y)});
  Bytes32 r{};
  r[32 - 26] = 1;  // 2^200
  Bn rb = Reference::bn(r.data());
  for (const Bytes64& point : {g_bytes, minus_g_bytes}) {
    PublicKey pub{};
    ASSERT_TRUE(parse_public_key(pub, point.data()));
    const auto table = make_public_key_table(pub);
    const auto ossl = ref_.public_key(point);
    ASSERT_TRUE(ossl);
    const bool minus = point == minus_g_bytes;
    for (int i = 0; i < 50; ++i) {
      Bytes32 s{};
      RAND_bytes(s.data() + 2, 30);  // s + 2^200 < n
      s[31] |= 1;
      Bytes32 e;
      if (minus) {
        const Bytes64 rg = ref_.mul_base(r);
        Bn x = Reference::bn(rg.data()), eb(BN_new());
        BN_mod_sub(eb.get(), rb.get(), x.get(), ref_.order(), ref_.ctx());
        e = Reference::bytes(eb.get());
      } else {
        RAND_bytes(e.data(), 32);
      }
      const std::string where = std::string(minus ? "-G" : "G") + " case " + std::to_string(i);
      EXPECT_EQ(check_agree(pub, *table, ossl.get(), e, join(r, s), where), minus) << where;
    }
    if (!minus) {
      // d = 1 signs for P = G; the table path accepts what OpenSSL accepts.
      PrivateKey key{};
      Bytes32 one{};
      one[31] = 1;
      ASSERT_TRUE(make_private_key(key, one.data()));
      Bytes32 e;
      RAND_bytes(e.data(), 32);
      Bytes64 rs{};
      ASSERT_EQ(sign_digest(rs.data(), key, e.data()), SignResult::kOk);
      EXPECT_TRUE(check_agree(pub, *table, ossl.get(), e, rs, "G signed"));
    }
  }
}

// s·G + t·P = O: P = d·G and s = -r·d / (1 + d) make s + t·d = s·(1 + d) + r·d = 0. Refused by
// both paths (and OpenSSL) for any e, e = r (candidate x1 = 0) included.
TEST_F(Sm2EngineTableTest, SumAtInfinityIsRefused) {
  for (int i = 0; i < 20; ++i) {
    const Bytes32 d = random_scalar();
    const Bytes32 r = random_scalar();
    Bn db = Reference::bn(d.data()), rb = Reference::bn(r.data());
    Bn one_plus_d(BN_dup(db.get())), s(BN_new()), inv(BN_new());
    BN_add_word(one_plus_d.get(), 1);
    BN_mod_inverse(inv.get(), one_plus_d.get(), ref_.order(), ref_.ctx());
    BN_mod_mul(s.get(), rb.get(), db.get(), ref_.order(), ref_.ctx());
    BN_mod_mul(s.get(), s.get(), inv.get(), ref_.order(), ref_.ctx());
    BN_sub(s.get(), ref_.order(), s.get());
    const Bytes32 s_bytes = mod_n(s.get());
    if (BN_is_zero(s.get())) continue;
    TestKey test_key;
    ASSERT_TRUE(make_test_key(test_key, d));
    const auto& [key, pub, table, ossl] = test_key;
    // The sum really is O.
    U256 u1 = u256_from_be(s_bytes.data());
    Bn t(BN_new());
    BN_mod_add(t.get(), rb.get(), s.get(), ref_.order(), ref_.ctx());
    const Bytes32 t_bytes = Reference::bytes(t.get());
    const U256 u2 = u256_from_be(t_bytes.data());
    EXPECT_TRUE(ec::jacobian_is_infinity(double_mult_public(u1, table->multiples, u2)));
    EXPECT_TRUE(ec::jacobian_is_infinity(double_mult_public(u1, pub.point, u2)));
    Bytes32 e;
    RAND_bytes(e.data(), 32);
    EXPECT_FALSE(check_agree(pub, *table, ossl.get(), e, join(r, s_bytes), "random e"));
    EXPECT_FALSE(check_agree(pub, *table, ossl.get(), r, join(r, s_bytes), "e = r"));
  }
}

}  // namespace
}  // namespace gmseal::crypto::sm2_engine
