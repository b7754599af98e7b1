// signing::KeyDevice with a vendor's SDF library (--sdf 'sdf:lib=PATH'): GM/T 0018 has no call
// that generates a key inside the device at an index, so the operator pre-generates keys with
// the vendor's admin tool under one access password (GMSEAL_SDF_KEY_PASSWORD) and the service
// takes the next index that holds a key and is not yet assigned. gmseal's soft SDF library plays
// the vendor here: its device is provisioned beforehand, as a vendor tool would, and the service
// is not told where it lives (no sdf_soft_root).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "crypto/sm2.h"
#include "keys/soft_tokens.h"
#include "signing/key_device.h"
#include "util/error.h"

namespace gmseal::signing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kVendorPassword = "vendor-admin-tool-pw";

class VendorDeviceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("gmseal-vendor-sdf-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
    ASSERT_TRUE(keys::ensure_soft_sdf_device(root_, "vendor-hsm").ok());
    // The "admin tool": three keys, at 1 (the system key) and 2, 3 (seal keys).
    for (std::uint32_t index : {1u, 2u, 3u}) {
      auto key = keys::generate_soft_sdf_sign_key(root_, index, kVendorPassword);
      ASSERT_TRUE(key.ok()) << key.error().to_string();
    }
    ::setenv("GMSEAL_SDF_ROOT", root_.c_str(), 1);
    config_.sdf_library = GMSEAL_SDF_LIBRARY;
  }
  void TearDown() override {
    ::unsetenv("GMSEAL_SDF_KEY_PASSWORD");
    fs::remove_all(root_);
  }
  fs::path root_;
  SigningConfig config_;
};

TEST_F(VendorDeviceTest, WithoutTheAccessPasswordNoKeyIsTaken) {
  ::unsetenv("GMSEAL_SDF_KEY_PASSWORD");
  auto device = KeyDevice::open(config_);
  ASSERT_TRUE(device.ok()) << device.error().to_string();
  EXPECT_FALSE((*device)->soft());
  auto key = (*device)->generate({}, /*system=*/true);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, "signing.device.no_key_generation");
}

TEST_F(VendorDeviceTest, PreGeneratedKeysAreTakenInTurnAndSignInsideTheDevice) {
  ::setenv("GMSEAL_SDF_KEY_PASSWORD", kVendorPassword, 1);
  auto device = KeyDevice::open(config_);
  ASSERT_TRUE(device.ok()) << device.error().to_string();
  auto system_key = (*device)->generate({}, /*system=*/true);
  ASSERT_TRUE(system_key.ok()) << system_key.error().to_string();
  EXPECT_EQ(system_key->index, kSystemKeyIndex);
  auto first = (*device)->generate({1});
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->index, 2u);
  auto second = (*device)->generate({1, 2});
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_EQ(second->index, 3u);
  // Every pre-generated key is assigned: the operator must generate more.
  auto none = (*device)->generate({1, 2, 3});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "signing.device.no_key_generation");

  // The key at index 3 signs through SDF_InternalSign_ECC, and the signature verifies under the
  // public key the device reported when the index was taken.
  auto signer = (*device)->signer(second->index, second->password);
  ASSERT_TRUE(signer.ok()) << signer.error().to_string();
  const Bytes message = to_bytes("signed inside the vendor device");
  auto signature = (*signer)->sign(message);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  EXPECT_TRUE(crypto::sm2_verify(second->public_key, message, *signature).ok());
  EXPECT_FALSE(crypto::sm2_verify(first->public_key, message, *signature).ok());
}

}  // namespace
}  // namespace gmseal::signing
