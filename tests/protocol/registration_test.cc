#include <gtest/gtest.h>

#include "protocol/protocol_test_keys.h"
#include "protocol/registration.h"

namespace gmseal::protocol {
namespace {

RegisterInfo sample_info(const crypto::Certificate& cert) {
  RegisterInfo info;
  info.system.system_cert = cert.der();
  info.system.service_address = "http://127.0.0.1:8700/anysign-ess-server-service";
  info.system.org_code = "PROV0001";
  info.system.org_name = "省级电子印章平台";
  info.sub_system.org_code = "91350100M000100Y43";
  info.sub_system.org_name = "某某二级电子印章平台";
  return info;
}

TEST(RegistrationTest, BuildsParsesAndVerifiesFieldForField) {
  const auto province = testing::make_system("Province");
  crypto::SoftSigner signer(province.key);
  const RegisterInfo info = sample_info(province.cert);
  auto built = RegistrationPackage::build(info, signer);
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  auto parsed = RegistrationPackage::parse(built->der());
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  const RegisterInfo& back = parsed->info();
  EXPECT_EQ(back.header.id, "BJCARegisterInfo");
  EXPECT_EQ(back.header.version, 1);
  EXPECT_EQ(back.header.vid, "GMSEAL");
  EXPECT_EQ(back.system.system_type, kManagementSystem);
  EXPECT_EQ(back.system.system_cert, province.cert.der());
  EXPECT_EQ(back.system.service_address, info.system.service_address);
  EXPECT_EQ(back.system.org_code, "PROV0001");
  EXPECT_EQ(back.system.org_name, "省级电子印章平台");
  EXPECT_EQ(back.sub_system.org_code, "91350100M000100Y43");
  EXPECT_EQ(back.sub_system.org_name, "某某二级电子印章平台");
  EXPECT_EQ(parsed->signature_algorithm(), "1.2.156.10197.1.501");
  EXPECT_TRUE(parsed->verify().ok());
  // The signed span is the registerInfo TLV as encoded, byte for byte.
  const Bytes encoded = info.encode();
  EXPECT_EQ(Bytes(parsed->signed_bytes().begin(), parsed->signed_bytes().end()), encoded);
  EXPECT_EQ(parsed->der(), built->der());
}

TEST(RegistrationTest, TamperedPackagesFailVerification) {
  const auto province = testing::make_system("Province");
  crypto::SoftSigner signer(province.key);
  const Bytes der = RegistrationPackage::build(sample_info(province.cert), signer)->der();
  // Change one byte of the orgName "...平台" near the end of registerInfo: still parses.
  const std::string needle = "PROV0001";
  const auto at = std::search(der.begin(), der.end(), needle.begin(), needle.end());
  ASSERT_NE(at, der.end());
  Bytes tampered = der;
  tampered[static_cast<std::size_t>(at - der.begin())] = 'Q';
  auto parsed = RegistrationPackage::parse(tampered);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->verify().error().code, "protocol.registration.bad_signature");
}

TEST(RegistrationTest, RefusesAForeignSigningKey) {
  const auto province = testing::make_system("Province");
  const auto other = testing::make_system("Other");
  crypto::SoftSigner signer(other.key);
  EXPECT_EQ(RegistrationPackage::build(sample_info(province.cert), signer).error().code,
            "protocol.registration.key_mismatch");
}

TEST(RegistrationTest, MalformedInputGivesClearErrors) {
  const auto province = testing::make_system("Province");
  crypto::SoftSigner signer(province.key);
  const Bytes der = RegistrationPackage::build(sample_info(province.cert), signer)->der();
  for (std::size_t cut :
       {std::size_t{0}, std::size_t{1}, std::size_t{10}, der.size() / 2, der.size() - 1}) {
    auto parsed = RegistrationPackage::parse(ByteView(der).first(cut));
    ASSERT_FALSE(parsed.ok()) << cut;
    EXPECT_EQ(parsed.error().code, "protocol.registration.malformed") << cut;
  }
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_EQ(RegistrationPackage::parse(trailing).error().code, "protocol.registration.malformed");
  RegisterInfo bad_cert = sample_info(province.cert);
  bad_cert.system.system_cert = to_bytes("not a certificate");
  // Build refuses (the certificate must parse); a hand-made package with it fails to parse.
  EXPECT_FALSE(RegistrationPackage::build(bad_cert, signer).ok());
}

}  // namespace
}  // namespace gmseal::protocol
