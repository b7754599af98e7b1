#include "crypto/pkcs12.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "crypto/sm2.h"
#include "util/file_io.h"

namespace gmseal::crypto {
namespace {

const std::filesystem::path kUserP12 =
    std::filesystem::path(GMSEAL_TESTDATA_DIR) / "keys/ofdrw-user.p12";

TEST(Pkcs12, OpensLegacyJavaKeyStores) {
  if (!std::filesystem::exists(kUserP12)) {
    GTEST_SKIP() << "*** SHARED TEST DATA MISSING: " << kUserP12 << " ***";
  }
  const Bytes data = *read_file(kUserP12);
  ASSERT_TRUE(looks_like_pkcs12(data));
  auto store = parse_pkcs12(data, "777777");
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  ASSERT_TRUE(store->certificate.has_value());
  EXPECT_EQ(store->certificate->subject().get(kOidCommonName), "Test Certificate");
  // The key and the certificate belong together: a signature by one verifies with the other.
  const Bytes message = to_bytes("pkcs12 round trip");
  auto signature = sm2_sign(store->key, message);
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(sm2_verify(*store->certificate->public_key(), message, *signature).ok());

  EXPECT_EQ(parse_pkcs12(data, "wrong").error().code, "crypto.pkcs12.bad_password");
}

TEST(Pkcs12, RefusesOtherData) {
  EXPECT_FALSE(looks_like_pkcs12(to_bytes("-----BEGIN PRIVATE KEY-----")));
  EXPECT_EQ(parse_pkcs12(Bytes{0x30, 0x03, 0x02, 0x01, 0x03}, "x").error().code,
            "crypto.pkcs12.parse_failed");
}

}  // namespace
}  // namespace gmseal::crypto
