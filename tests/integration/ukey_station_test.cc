// The UKey issuing station on gmseal's soft UKey, both ways it finds a blank token: making a
// soft device, and (as with a vendor's library) taking a present device without the issuing
// application, authenticated with the configured device-authentication key.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "../server/sample_application.h"
#include "ca/test_ca.h"
#include "cli/cli_test_support.h"
#include "crypto/sm2.h"
#include "keys/soft/skf_store.h"
#include "keys/token_signer.h"
#include "server/ukey/ukey_station.h"

namespace gmseal::server {
namespace {

namespace fs = std::filesystem;

const Bytes kFactoryKey(16, 0x5a);

class UkeyStationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ca = ca::TestCa::init(dir_.path() / "ca", "Station test CA", 30, "ca pass phrase");
    ASSERT_TRUE(ca.ok()) << ca.error().to_string();
    ca_.emplace(std::move(*ca));
  }
  UkeyOrder order(const std::string& code) const {
    return UkeyOrder{code, code, "123456789012", "87654321"};
  }
  UkeyCertifier certifier() {
    return [this](const crypto::Sm2PublicKey& key) {
      const crypto::CertTemplate spec{
          crypto::CertProfile::kUnit,      "长沙市示例科技有限公司",      testing::valid_uscc(),
          now() - std::chrono::minutes(5), now() + std::chrono::days(30), ""};
      return ca_->issue(spec, key);
    };
  }

  testing::ScratchDir dir_;
  std::optional<ca::TestCa> ca_;
};

TEST_F(UkeyStationTest, TheKeyIsBornOnTheTokenAndSignsThere) {
  UkeyStationConfig config{GMSEAL_SKF_LIBRARY, dir_.path() / "station", {}, 10, 6};
  auto station = UkeyStation::open(config);
  ASSERT_TRUE(station.ok()) << station.error().to_string();
  auto issued = (*station)->issue(order("GMSL43010212345678"), certifier());
  ASSERT_TRUE(issued.ok()) << issued.error().to_string();
  EXPECT_EQ(issued->device, "GMSL43010212345678");
  EXPECT_EQ(issued->container, "GMSL43010212345678");
  EXPECT_FALSE(issued->serial.empty());

  auto library = keys::SkfLibrary::load(GMSEAL_SKF_LIBRARY);
  ASSERT_TRUE(library.ok());
  auto signer = keys::SkfSigner::open(*library, issued->device, issued->application,
                                      issued->container, "87654321");
  ASSERT_TRUE(signer.ok()) << signer.error().to_string();
  EXPECT_EQ((*signer)->certificate().value(), issued->certificate.der());
  const Bytes message = to_bytes(std::string_view("盖章"));
  auto signature = (*signer)->sign(message);
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(crypto::sm2_verify(*issued->certificate.public_key(), message, *signature).ok());
  EXPECT_TRUE((*signer)->application().verify_pin(keys::SkfPinType::kAdmin, "123456789012").ok());
  auto info = (*signer)->application().pin_info(keys::SkfPinType::kUser);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->max_retries, 6u);

  ASSERT_TRUE((*station)->discard(issued->device).ok());
  EXPECT_FALSE(fs::exists(dir_.path() / "station" / issued->device));
}

TEST_F(UkeyStationTest, AFailedIssueLeavesNoToken) {
  UkeyStationConfig config{GMSEAL_SKF_LIBRARY, dir_.path() / "station", {}, 10, 6};
  auto station = UkeyStation::open(config);
  ASSERT_TRUE(station.ok()) << station.error().to_string();
  auto refused = (*station)->issue(order("GMSL43010200000001"), [](const crypto::Sm2PublicKey&) {
    return Result<crypto::Certificate>(make_error("ca.offline", "the CA did not answer"));
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "ca.offline");
  EXPECT_FALSE(fs::exists(dir_.path() / "station" / "GMSL43010200000001"));
}

TEST_F(UkeyStationTest, TakesAPresentBlankTokenLikeAVendorStation) {
  const fs::path root = dir_.path() / "writer";
  keys::soft::SkfDeviceSpec blank;
  blank.label = "blank";
  blank.dev_auth_key = kFactoryKey;
  ASSERT_TRUE(keys::soft::SkfDeviceStore::create(root, "slot0", blank).ok());
  ::setenv("GMSEAL_SKF_ROOT", root.c_str(), 1);

  UkeyStationConfig without_key{GMSEAL_SKF_LIBRARY, {}, {}, 10, 6};
  auto unusable = UkeyStation::open(without_key);
  ASSERT_FALSE(unusable.ok());
  EXPECT_EQ(unusable.error().code, "ukey.station_config");

  UkeyStationConfig config{GMSEAL_SKF_LIBRARY, {}, kFactoryKey, 10, 6};
  auto station = UkeyStation::open(config);
  ASSERT_TRUE(station.ok()) << station.error().to_string();
  auto issued = (*station)->issue(order("GMSL43010200000002"), certifier());
  ASSERT_TRUE(issued.ok()) << issued.error().to_string();
  EXPECT_EQ(issued->device, "slot0");
  // The only token is personalised now.
  auto none = (*station)->issue(order("GMSL43010200000003"), certifier());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "ukey.no_blank_device");
  // Discarding deletes the application: the token is blank again and can be issued.
  ASSERT_TRUE((*station)->discard(issued->device).ok());
  auto again = (*station)->issue(order("GMSL43010200000003"), certifier());
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(again->serial, issued->serial);
  EXPECT_NE(again->certificate.der(), issued->certificate.der());
}

}  // namespace
}  // namespace gmseal::server
