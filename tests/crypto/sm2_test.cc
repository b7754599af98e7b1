#include "crypto/sm2.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string_view>
#include <thread>
#include <vector>

#include "crypto/internal/sm2_engine_keys.h"
#include "crypto/internal/sm2_verify_cache.h"
#include "crypto/signer.h"

namespace gmseal::crypto {
namespace {

// GM/T 0003.5-2012 appendix A (SM2 recommended curve, ID "1234567812345678",
// message "message digest"); the same values are in GmSSL's SM2 tests.
constexpr const char* kVectorPrivate =
    "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
constexpr const char* kVectorX = "09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020";
constexpr const char* kVectorY = "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13";
constexpr const char* kVectorZ = "b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3";
constexpr const char* kVectorE = "f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640";
constexpr const char* kVectorR = "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3";
constexpr const char* kVectorS = "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";

TEST(Sm2VectorTest, PublicKeyFromPrivate) {
  auto key = Sm2PrivateKey::from_raw(*hex_decode(kVectorPrivate));
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  EXPECT_EQ(hex_encode(key->public_key().x()), kVectorX);
  EXPECT_EQ(hex_encode(key->public_key().y()), kVectorY);
}

TEST(Sm2VectorTest, ZAndDigest) {
  auto pub = Sm2PublicKey::from_xy(*hex_decode(kVectorX), *hex_decode(kVectorY));
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(hex_encode(*sm2_z(*pub)), kVectorZ);
  EXPECT_EQ(hex_encode(*sm2_message_digest(*pub, to_bytes("message digest"))), kVectorE);
}

TEST(Sm2VectorTest, StandardSignatureVerifies) {
  auto pub = Sm2PublicKey::from_xy(*hex_decode(kVectorX), *hex_decode(kVectorY));
  Bytes raw = *hex_decode(kVectorR);
  const Bytes s = *hex_decode(kVectorS);
  raw.insert(raw.end(), s.begin(), s.end());
  const Bytes der = *sm2_signature_raw_to_der(raw);
  EXPECT_TRUE(sm2_verify(*pub, to_bytes("message digest"), der).ok());
  EXPECT_TRUE(sm2_verify_digest(*pub, *hex_decode(kVectorE), der).ok());
  EXPECT_FALSE(sm2_verify(*pub, to_bytes("message digesT"), der).ok());
  // Raw r||s only when the caller allows it.
  EXPECT_EQ(sm2_verify(*pub, to_bytes("message digest"), raw).error().code,
            "crypto.sm2.malformed_signature");
  Sm2VerifyOptions lenient;
  lenient.accept_raw_rs = true;
  EXPECT_TRUE(sm2_verify(*pub, to_bytes("message digest"), raw, lenient).ok());
}

TEST(Sm2Test, SignVerifyRoundTripWithIds) {
  auto key = Sm2PrivateKey::generate();
  ASSERT_TRUE(key.ok());
  const Bytes message = to_bytes("seal me");
  auto sig = sm2_sign(*key, message);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(sm2_verify(key->public_key(), message, *sig).ok());
  Sm2VerifyOptions other_id;
  other_id.id = "";
  EXPECT_EQ(sm2_verify(key->public_key(), message, *sig, other_id).error().code,
            "crypto.sm2.bad_signature");
  auto sig_alice = sm2_sign(*key, message, "ALICE123@YAHOO.COM");
  other_id.id = "ALICE123@YAHOO.COM";
  EXPECT_TRUE(sm2_verify(key->public_key(), message, *sig_alice, other_id).ok());
}

// The digest path (what UKeys do) and OpenSSL's message path agree in both directions.
TEST(Sm2Test, DigestPathMatchesMessagePath) {
  auto key = Sm2PrivateKey::generate();
  const Bytes message = to_bytes("digest path");
  const Sm3Digest e = *sm2_message_digest(key->public_key(), message);
  const Bytes from_digest = *sm2_sign_digest(*key, e);
  EXPECT_TRUE(sm2_verify(key->public_key(), message, from_digest).ok());
  const Bytes from_message = *sm2_sign(*key, message);
  EXPECT_TRUE(sm2_verify_digest(key->public_key(), e, from_message).ok());
  SoftSigner signer(*key);
  EXPECT_TRUE(sm2_verify(key->public_key(), message, *signer.sign(message)).ok());
  EXPECT_EQ(sm2_sign_digest(*key, Bytes(31)).error().code, "crypto.sm2.bad_digest");
}

TEST(Sm2Test, SignatureFormConversions) {
  auto key = Sm2PrivateKey::generate();
  const Bytes der = *sm2_sign(*key, to_bytes("x"));
  const Bytes raw = *sm2_signature_der_to_raw(der);
  EXPECT_EQ(raw.size(), 64u);
  EXPECT_EQ(*sm2_signature_raw_to_der(raw), der);
  EXPECT_FALSE(sm2_signature_der_to_raw(Bytes{0x30, 0x00, 0x01}).ok());
  EXPECT_FALSE(sm2_signature_raw_to_der(Bytes(63)).ok());
}

// CTest runs this binary a second time with GMSEAL_SM2_ENGINE=openssl (tests/CMakeLists.txt):
// this test shows that the second run really signs and verifies with OpenSSL, not the engine.
TEST(Sm2EngineSwitchTest, FollowsTheEnvironment) {
  const char* env = std::getenv("GMSEAL_SM2_ENGINE");
  const bool openssl_asked = env != nullptr && std::string_view(env) == "openssl";
  EXPECT_EQ(internal::use_own_sm2_engine(), !openssl_asked);
}

// The verification cache (crypto/internal/sm2_verify_cache.h): a key gets a table at its third
// verification, keyed by the point (a re-parsed copy of the key finds it), at most
// kVerifyCacheTables are held and the least recently used goes first; verdicts are unchanged.
// Under GMSEAL_SM2_ENGINE=openssl nothing reaches the cache.
TEST(Sm2VerifyCacheTest, BuildsAtThresholdAndEvictsBeyondTheBound) {
  internal::clear_verify_cache();
  const Bytes digest(32, 0x42);
  struct Signed {
    Sm2PublicKey key;
    Bytes sig;
  };
  auto make = [&] {
    const Sm2PrivateKey key = *Sm2PrivateKey::generate();
    return Signed{key.public_key(), *sm2_sign_digest(key, digest)};
  };
  auto verify = [&](const Signed& c) { return sm2_verify_digest(c.key, digest, c.sig).ok(); };
  const Signed first = make();

  if (!internal::use_own_sm2_engine()) {
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(verify(first));
    const internal::VerifyCacheStats stats = internal::verify_cache_stats();
    EXPECT_EQ(stats.tables_built, 0u);
    EXPECT_EQ(stats.keys_counted, 0u);
    return;
  }

  static_assert(internal::kVerifyCacheThreshold == 3);
  EXPECT_TRUE(verify(first));
  EXPECT_TRUE(verify(first));
  EXPECT_EQ(internal::verify_cache_stats().tables_built, 0u);
  EXPECT_EQ(internal::verify_cache_stats().keys_counted, 1u);
  EXPECT_TRUE(verify(first));  // the third: built and used
  EXPECT_EQ(internal::verify_cache_stats().tables_built, 1u);
  EXPECT_EQ(internal::verify_cache_stats().tables_held, 1u);
  EXPECT_EQ(internal::verify_cache_stats().keys_counted, 0u);

  // A new Sm2PublicKey (a new EVP_PKEY) for the same point finds the table.
  const Signed reparsed{*Sm2PublicKey::from_der(first.key.to_der()), first.sig};
  EXPECT_TRUE(verify(reparsed));
  EXPECT_EQ(internal::verify_cache_stats().table_hits, 1u);
  // Through the table, a wrong digest, a flipped signature bit and a message are judged as before.
  EXPECT_FALSE(sm2_verify_digest(first.key, Bytes(32, 0x43), first.sig).ok());
  Bytes flipped = first.sig;
  flipped[10] ^= 0x01;
  EXPECT_FALSE(sm2_verify_digest(first.key, digest, flipped).ok());
  EXPECT_EQ(internal::verify_cache_stats().table_hits, 3u);

  // kVerifyCacheTables more keys with tables push the first (least recently used) out.
  std::vector<Signed> others;
  for (std::size_t i = 0; i < internal::kVerifyCacheTables; ++i) others.push_back(make());
  for (const Signed& c : others) {
    for (unsigned k = 0; k < internal::kVerifyCacheThreshold; ++k) EXPECT_TRUE(verify(c));
  }
  internal::VerifyCacheStats stats = internal::verify_cache_stats();
  EXPECT_EQ(stats.tables_built, 1u + internal::kVerifyCacheTables);
  EXPECT_EQ(stats.tables_held, internal::kVerifyCacheTables);
  EXPECT_EQ(stats.tables_evicted, 1u);
  const std::uint64_t hits = stats.table_hits;
  EXPECT_TRUE(verify(first));  // counted again, no table
  EXPECT_EQ(internal::verify_cache_stats().table_hits, hits);
  EXPECT_EQ(internal::verify_cache_stats().keys_counted, 1u);
  // The second key is now the least recently used; using it keeps it, so the third goes next.
  EXPECT_TRUE(verify(others[0]));
  EXPECT_EQ(internal::verify_cache_stats().table_hits, hits + 1);
  EXPECT_TRUE(verify(first));
  EXPECT_TRUE(verify(first));  // the third time since its eviction: rebuilt, evicting others[1]
  stats = internal::verify_cache_stats();
  EXPECT_EQ(stats.tables_built, 2u + internal::kVerifyCacheTables);
  EXPECT_EQ(stats.tables_evicted, 2u);
  EXPECT_EQ(stats.tables_held, internal::kVerifyCacheTables);
  EXPECT_TRUE(verify(others[0]));
  EXPECT_TRUE(verify(others[1]));
  EXPECT_EQ(internal::verify_cache_stats().table_hits, hits + 2);  // others[1] was evicted

  // The memory of keys without a table is bounded too: kVerifyCacheSeenKeys keys seen once each
  // forget the oldest.
  internal::clear_verify_cache();
  const Signed once = make();
  EXPECT_TRUE(verify(once));
  EXPECT_TRUE(verify(once));
  for (std::size_t i = 0; i < internal::kVerifyCacheSeenKeys; ++i) EXPECT_TRUE(verify(make()));
  EXPECT_EQ(internal::verify_cache_stats().keys_counted, internal::kVerifyCacheSeenKeys);
  EXPECT_TRUE(verify(once));  // forgotten: this is its first verification again
  EXPECT_EQ(internal::verify_cache_stats().tables_built, 0u);
  internal::clear_verify_cache();
}

// Several threads verify with one key (valid and corrupted signatures) while its table is built
// and used: every verdict is right and the table is built once. Run under ASan in CI.
TEST(Sm2VerifyCacheTest, ConcurrentVerificationsOnOneKey) {
  internal::clear_verify_cache();
  const Sm2PrivateKey key = *Sm2PrivateKey::generate();
  const Bytes digest(32, 0x17);
  std::vector<Bytes> sigs;
  for (int i = 0; i < 4; ++i) sigs.push_back(*sm2_sign_digest(key, digest));
  constexpr int kThreads = 6;
  constexpr int kRounds = 40;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread has its own key object, as if it parsed its own certificate.
      const Sm2PublicKey pub = *Sm2PublicKey::from_der(key.public_key().to_der());
      for (int i = 0; i < kRounds; ++i) {
        Bytes sig = sigs[static_cast<std::size_t>((t + i) % 4)];
        const bool corrupt = (i + t) % 3 == 0;
        if (corrupt) sig[sig.size() - 1 - static_cast<std::size_t>(i % 8)] ^= 0x04;
        if (sm2_verify_digest(pub, digest, sig).ok() == corrupt) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  const internal::VerifyCacheStats stats = internal::verify_cache_stats();
  if (internal::use_own_sm2_engine()) {
    EXPECT_EQ(stats.tables_built, 1u);
    EXPECT_EQ(stats.tables_held, 1u);
    EXPECT_GT(stats.table_hits, 0u);
  } else {
    EXPECT_EQ(stats.tables_built, 0u);
  }
  internal::clear_verify_cache();
}

// Hedged nonces through the public API (set_sm2_nonce_mode, as GMSEAL_SM2_NONCE=hedged sets it):
// signatures verify, and the fresh random input still makes two signatures of one message differ.
TEST(Sm2NonceModeTest, HedgedSignaturesVerifyAndDiffer) {
  const Sm2NonceMode before = sm2_nonce_mode();
  set_sm2_nonce_mode(Sm2NonceMode::kHedged);
  auto key = Sm2PrivateKey::generate();
  ASSERT_TRUE(key.ok());
  const Bytes message = to_bytes("hedged nonce");
  auto first = sm2_sign(*key, message);
  auto second = sm2_sign(*key, message);
  set_sm2_nonce_mode(before);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(sm2_verify(key->public_key(), message, *first).ok());
  EXPECT_TRUE(sm2_verify(key->public_key(), message, *second).ok());
}

TEST(Sm2KeyTest, PemDerRoundTrips) {
  auto key = Sm2PrivateKey::generate();
  const Bytes raw = key->raw();
  EXPECT_EQ(Sm2PrivateKey::from_pem(key->to_pem())->raw(), raw);
  EXPECT_EQ(Sm2PrivateKey::from_der(key->to_der())->raw(), raw);
  EXPECT_EQ(Sm2PrivateKey::from_pem(key->to_sec1_pem())->raw(), raw);
  EXPECT_EQ(Sm2PrivateKey::from_der(key->to_sec1_der())->raw(), raw);
  EXPECT_EQ(Sm2PrivateKey::from_raw(raw)->raw(), raw);
  const std::string encrypted = key->to_pem("s3cret");
  EXPECT_NE(encrypted.find("ENCRYPTED PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(Sm2PrivateKey::from_pem(encrypted, "s3cret")->raw(), raw);
  EXPECT_EQ(Sm2PrivateKey::from_der(key->to_der("pw"), "pw")->raw(), raw);
  EXPECT_EQ(Sm2PrivateKey::from_pem(encrypted, "wrong").error().code, "crypto.key.bad_password");
  EXPECT_EQ(Sm2PrivateKey::from_pem(encrypted).error().code, "crypto.key.password_required");

  const Sm2PublicKey pub = key->public_key();
  EXPECT_EQ(*Sm2PublicKey::from_pem(pub.to_pem()), pub);
  EXPECT_EQ(*Sm2PublicKey::from_der(pub.to_der()), pub);
  EXPECT_EQ(*Sm2PublicKey::from_xy(pub.x_device(), pub.y_device()), pub);
  EXPECT_EQ(pub.x_device().size(), 64u);
}

TEST(Sm2KeyTest, RejectsBadInput) {
  EXPECT_EQ(Sm2PrivateKey::from_pem("garbage").error().code, "crypto.key.parse_failed");
  EXPECT_EQ(
      Sm2PrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
          .error()
          .code,
      "crypto.key.parse_failed");
  auto key = Sm2PrivateKey::generate();
  Bytes der = key->to_der();
  der.resize(der.size() / 2);
  EXPECT_EQ(Sm2PrivateKey::from_der(der).error().code, "crypto.key.parse_failed");
  EXPECT_EQ(Sm2PrivateKey::from_raw(Bytes(32, 0)).error().code, "crypto.key.bad_scalar");
  EXPECT_EQ(Sm2PrivateKey::from_raw(Bytes(32, 0xff)).error().code, "crypto.key.bad_scalar");
  Bytes point = key->public_key().point();
  point[64] ^= 1;
  EXPECT_EQ(Sm2PublicKey::from_point(point).error().code, "crypto.key.bad_point");
  Bytes padded = key->public_key().x_device();
  padded[0] = 1;
  EXPECT_FALSE(Sm2PublicKey::from_xy(padded, key->public_key().y_device()).ok());
}

}  // namespace
}  // namespace gmseal::crypto
