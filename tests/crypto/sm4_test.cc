#include "crypto/sm4.h"

#include <gtest/gtest.h>

namespace gmseal::crypto {
namespace {

const Bytes kKey = *hex_decode("0123456789abcdeffedcba9876543210");

// GB/T 32907-2016 appendix A, example 1.
TEST(Sm4Test, StandardSingleBlock) {
  EXPECT_EQ(hex_encode(*sm4_ecb_encrypt_block(kKey, kKey)), "681edf34d206965e86b3e94f536e4246");
}

TEST(Sm4Test, CbcRoundTripAndPadding) {
  const Bytes iv(16, 0x42);
  for (std::size_t size : {0u, 1u, 15u, 16u, 17u, 1000u}) {
    const Bytes plain(size, 0x5a);
    auto cipher = sm4_cbc_encrypt(kKey, iv, plain);
    ASSERT_TRUE(cipher.ok());
    EXPECT_EQ(cipher->size(), (size / 16 + 1) * 16);
    EXPECT_EQ(*sm4_cbc_decrypt(kKey, iv, *cipher), plain);
  }
}

TEST(Sm4Test, CbcRejectsBadSizes) {
  EXPECT_EQ(sm4_cbc_encrypt(Bytes(15), Bytes(16), {}).error().code, "crypto.sm4.bad_key");
  EXPECT_EQ(sm4_cbc_encrypt(kKey, Bytes(8), {}).error().code, "crypto.sm4.bad_iv");
  EXPECT_EQ(sm4_cbc_decrypt(kKey, Bytes(16), Bytes(15)).error().code, "crypto.sm4.bad_padding");
}

TEST(Sm4Test, GcmRoundTripDetectsTampering) {
  const Bytes plain = to_bytes("admin PIN 12345678");
  const Bytes aad = to_bytes("token:1");
  auto sealed = sm4_gcm_seal(kKey, plain, aad);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->size(), plain.size() + kSm4GcmNonceSize + kSm4GcmTagSize);
  EXPECT_EQ(*sm4_gcm_open(kKey, *sealed, aad), plain);
  EXPECT_EQ(sm4_gcm_open(kKey, *sealed, to_bytes("token:2")).error().code,
            "crypto.sm4.auth_failed");
  for (std::size_t i = 0; i < sealed->size(); ++i) {
    Bytes tampered = *sealed;
    tampered[i] ^= 0x01;
    EXPECT_FALSE(sm4_gcm_open(kKey, tampered, aad).ok()) << "byte " << i;
  }
  Bytes other_key = kKey;
  other_key[0] ^= 1;
  EXPECT_FALSE(sm4_gcm_open(other_key, *sealed, aad).ok());
  EXPECT_FALSE(sm4_gcm_open(kKey, Bytes(10), aad).ok());
}

// RFC 8998 appendix A.1 (SM4-GCM).
TEST(Sm4Test, GcmRfc8998Vector) {
  const Bytes nonce = *hex_decode("00001234567800000000ABCD");
  const Bytes aad = *hex_decode("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
  const Bytes plain = *hex_decode(
      "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
      "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
  auto sealed = sm4_gcm_seal_with_nonce(kKey, nonce, plain, aad);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(hex_encode(ByteView(*sealed).subspan(12, plain.size())),
            "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
            "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d");
  EXPECT_EQ(hex_encode(ByteView(*sealed).last(16)), "83de3541e4c2b58177e065a9bf7b62ec");
  EXPECT_EQ(*sm4_gcm_open(kKey, *sealed, aad), plain);
}

// GB/T 32907-2016 appendix A, example 2: 1,000,000 encryptions. About a second in release
// builds; sanitizer builds skip it (the benchmark also runs it).
TEST(Sm4Test, StandardMillionIterations) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "1,000,000-iteration SM4 vector skipped under sanitizers";
#else
  Bytes block = kKey;
  for (int i = 0; i < 1000000; ++i) block = *sm4_ecb_encrypt_block(kKey, block);
  EXPECT_EQ(hex_encode(block), "595298c7c6fd271f0402f804c33d3f66");
#endif
}

}  // namespace
}  // namespace gmseal::crypto
