// The SM2 engine against OpenSSL on random cases: both derive the same public key from d and the
// same r from a given k; ours signs and OpenSSL verifies; OpenSSL signs and ours verifies; a
// corrupted signature fails in both (every fourth case also through the key's table, the cached-key
// path). 20,000 cases by default; GMSEAL_SM2_DIFF_CASES sets the count
// (the nightly run uses 1,000,000).
#include <gtest/gtest.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <string>

#include "crypto/sm2_engine/engine.h"
#include "sm2_engine_openssl.h"

namespace gmseal::crypto::sm2_engine {
namespace {

using sm2_engine_test::Bn;
using sm2_engine_test::Bytes32;
using sm2_engine_test::Bytes64;
using sm2_engine_test::Reference;
using sm2_engine_test::to_hex;

// Every build runs 20,000 cases by default, the sanitizer build of CI included (the engine is
// optimised even there; about 90 s). scripts/nightly runs 1,000,000 in the release build.
#ifndef GMSEAL_SM2_DIFF_DEFAULT_CASES
#define GMSEAL_SM2_DIFF_DEFAULT_CASES 20000
#endif

// A key's table costs about four verifications to build; every fourth case is enough.
constexpr long kTableEvery = 4;

long case_count() {
  const char* env = std::getenv("GMSEAL_SM2_DIFF_CASES");
  return env != nullptr ? std::strtol(env, nullptr, 10) : GMSEAL_SM2_DIFF_DEFAULT_CASES;
}

TEST(Sm2EngineDifferentialTest, AgreesWithOpenSsl) {
  Reference ref;
  const long cases = case_count();
  for (long i = 0; i < cases; ++i) {
    Bytes32 d, k, e;
    RAND_bytes(d.data(), 32);
    RAND_bytes(k.data(), 32);
    RAND_bytes(e.data(), 32);
    // Scalars reduced into [1, n - 2] the way a key generator would.
    for (Bytes32* v : {&d, &k}) *v = ref.to_private_range(*v);
    const std::string where = "case " + std::to_string(i) + " d=" + to_hex(d.data(), 32) +
                              " k=" + to_hex(k.data(), 32) + " e=" + to_hex(e.data(), 32);

    PrivateKey key{};
    ASSERT_TRUE(make_private_key(key, d.data())) << where;
    const Bytes64 pub = std::to_array(key.public_xy);
    ASSERT_EQ(pub, ref.mul_base(d)) << where;

    // Same r for the same k; the signature verifies in OpenSSL.
    Bytes64 rs{};
    const SignResult result = sign_digest_with_k(rs.data(), key, e.data(), k.data());
    ASSERT_NE(result, SignResult::kRngFailed) << where;
    const auto ossl_key = ref.private_key(d, pub);
    ASSERT_TRUE(ossl_key) << where;
    if (result == SignResult::kOk) {
      ASSERT_EQ(to_hex(rs.data(), 32), to_hex(ref.r_for(e, k).data(), 32)) << where;
      ASSERT_TRUE(Reference::verify(ossl_key.get(), e, rs)) << where;
    }

    // OpenSSL signs, ours verifies; a flipped bit fails in both.
    PublicKey parsed{};
    ASSERT_TRUE(parse_public_key(parsed, pub.data())) << where;
    Bytes64 theirs = Reference::sign(ossl_key.get(), e);
    ASSERT_TRUE(verify_digest(parsed, e.data(), theirs.data())) << where;
    const Bytes64 valid = theirs;
    theirs[static_cast<std::size_t>(i % 64)] ^= static_cast<std::uint8_t>(1u << (i % 8));
    ASSERT_EQ(verify_digest(parsed, e.data(), theirs.data()),
              Reference::verify(ossl_key.get(), e, theirs))
        << where;
    ASSERT_FALSE(verify_digest(parsed, e.data(), theirs.data())) << where;

    // Every fourth case also through the key's table (what the verification cache uses for
    // repeated keys): the same verdicts.
    if (i % kTableEvery == 0) {
      const auto table = make_public_key_table(parsed);
      if (result == SignResult::kOk) {
        ASSERT_TRUE(verify_digest(*table, e.data(), rs.data())) << where;
      }
      ASSERT_TRUE(verify_digest(*table, e.data(), valid.data())) << where;
      ASSERT_FALSE(verify_digest(*table, e.data(), theirs.data())) << where;
    }
  }
}

}  // namespace
}  // namespace gmseal::crypto::sm2_engine
