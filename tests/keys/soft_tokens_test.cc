// keys/soft_tokens.h, the services' way to their soft tokens, checked through the token
// libraries (real dlopen), as the services then use them.
#include "keys/soft_tokens.h"

#include <gtest/gtest.h>

#include "keys/sdf_library.h"
#include "keys/skf_library.h"
#include "keys/test_support.h"

namespace gmseal::keys {
namespace {

using testing::kSdfLibrary;
using testing::kSkfLibrary;
using testing::TempDir;

TEST(SoftTokensTest, ABlankUkeyAuthenticatesWithItsKeyAndHasNoApplication) {
  TempDir root;
  ::setenv("GMSEAL_SKF_ROOT", root.path().c_str(), 1);
  const Bytes key(16, 0x5a);
  auto name = create_blank_soft_ukey(root.path(), "GMSL11010800000001", key);
  ASSERT_TRUE(name.ok()) << name.error().to_string();
  EXPECT_EQ(*name, "GMSL11010800000001");

  auto library = SkfLibrary::load(kSkfLibrary);
  ASSERT_TRUE(library.ok()) << library.error().to_string();
  auto device = (*library)->connect(*name);
  ASSERT_TRUE(device.ok()) << device.error().to_string();
  EXPECT_EQ(device->info()->label, "GMSL11010800000001");
  EXPECT_TRUE(device->applications()->empty());
  EXPECT_FALSE(device->authenticate(Bytes(16, 0x00)).ok());
  EXPECT_TRUE(device->authenticate(key).ok());

  EXPECT_EQ(create_blank_soft_ukey(root.path(), *name, key).error().code, "keys.skf.device_exists");
  EXPECT_EQ(create_blank_soft_ukey(root.path(), "other", Bytes(8, 1)).error().code,
            "keys.skf.bad_param");
}

TEST(SoftTokensTest, TheSdfDeviceIsMadeOnceAndKeysLandAtTheirIndex) {
  TempDir root;
  ::setenv("GMSEAL_SDF_ROOT", root.path().c_str(), 1);
  EXPECT_EQ(soft_sdf_sign_key_indexes(root.path()).error().code, "keys.sdf.device_not_found");
  ASSERT_TRUE(ensure_soft_sdf_device(root.path(), "gmseal-test").ok());
  auto key = generate_soft_sdf_sign_key(root.path(), 3, "index-three-pw");
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  // A second call keeps the device and its key.
  ASSERT_TRUE(ensure_soft_sdf_device(root.path(), "gmseal-test").ok());
  EXPECT_EQ(soft_sdf_sign_key_indexes(root.path()).value(), std::vector<std::uint32_t>{3});
  EXPECT_EQ(generate_soft_sdf_sign_key(root.path(), kSoftSdfMaxKeyIndex + 1, "pw-long-enough")
                .error()
                .code,
            "keys.sdf.bad_index");

  auto library = SdfLibrary::load(kSdfLibrary);
  ASSERT_TRUE(library.ok()) << library.error().to_string();
  auto session = (*library)->open_session();
  ASSERT_TRUE(session.ok()) << session.error().to_string();
  EXPECT_EQ(session->device_info()->name, "gmseal-test");
  EXPECT_TRUE(*session->sign_public_key(3) == *key);
}

}  // namespace
}  // namespace gmseal::keys
