// register -> make -> download -> verify against the province root -> revoke -> status, over
// loopback HTTP against the in-process emulator.
#include <gtest/gtest.h>

#include "province/province_fixture.h"
#include "ses/verify_seal.h"

namespace gmseal::province::testing {
namespace {

using LifecycleTest = ProvinceFixture;

TEST_F(LifecycleTest, RegistrationPackageParsesBackFieldForField) {
  const auto& package = *platform_.package;
  auto parsed = protocol::RegistrationPackage::parse(package.der());
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(parsed->verify().ok());
  const auto& info = parsed->info();
  EXPECT_EQ(info.system.system_cert, service_->data().system().cert.der());
  EXPECT_EQ(info.system.org_code, service_->data().config().org_code);
  EXPECT_EQ(info.system.org_name, service_->data().config().org_name);
  EXPECT_EQ(info.system.service_address, url_ + "/anysign-ess-server-service");
  EXPECT_EQ(info.sub_system.org_code, "91350100M000100Y43");
  EXPECT_EQ(info.sub_system.org_name, "二级电子印章平台 91350100M000100Y43");
  EXPECT_EQ(info.header.vid, "GMSEAL");
  // The package file is kept in the data folder too.
  EXPECT_TRUE(std::filesystem::exists(dir_ / "registrations" / "91350100M000100Y43.der"));
  // Its certificate chains to the province root.
  crypto::TrustStore trust{{service_->data().root()}, {}, {}};
  EXPECT_TRUE(crypto::verify_chain(parsed->system_certificate(), trust).ok());
}

TEST_F(LifecycleTest, MakeDownloadVerifyRevokeStatus) {
  auto applicant = samples_->new_applicant("某某科技有限公司");
  ASSERT_TRUE(applicant.ok());
  const auto data = samples_->seal_data(*applicant, platform_.org_code).value();
  auto made = platform_.client->make(data);
  ASSERT_TRUE(made.ok()) << made.error().to_string();
  ASSERT_EQ(made->header.result_code, "0") << made->header.result_code_msg;
  EXPECT_EQ(made->task_id.size(), 32u);

  auto downloaded = platform_.client->download({data.seal_num});
  ASSERT_TRUE(downloaded.ok()) << downloaded.error().to_string();
  ASSERT_EQ(downloaded->header.result_code, "0");
  ASSERT_EQ(downloaded->items.size(), 1u);
  EXPECT_EQ(downloaded->items[0].error_code, "0");
  EXPECT_EQ(downloaded->items[0].yzbm, data.seal_num);
  const Bytes der = base64_decode(downloaded->items[0].seal_data).value();

  // The seal verifies, chained to the province root, and carries what was asked for.
  ses::SealVerifyOptions options;
  options.trust = crypto::TrustStore{{service_->data().root()}, {}, {}};
  std::optional<ses::Seal> seal;
  const auto report = ses::verify_seal_der(der, options, &seal);
  ASSERT_TRUE(seal.has_value());
  EXPECT_TRUE(report.valid());
  EXPECT_TRUE(report.trusted());
  EXPECT_EQ(seal->format(), ses::Format::kV4);
  const auto& info = seal->info();
  EXPECT_EQ(info.es_id, data.seal_num);
  EXPECT_EQ(info.property.name, data.seal_name);
  EXPECT_EQ(info.property.type, 4);
  ASSERT_EQ(info.property.certs.size(), 1u);
  EXPECT_EQ(info.property.certs[0], applicant->cert.der());
  EXPECT_EQ(info.picture.type, "PNG");
  EXPECT_EQ(base64_encode(info.picture.data), data.seal_img);
  EXPECT_EQ(info.picture.width_mm, 40);
  EXPECT_EQ(format_beijing_time(info.property.valid_start), data.valid_start_time);
  EXPECT_EQ(format_beijing_time(info.property.valid_end), data.valid_end_time);
  EXPECT_EQ(seal->maker_cert().value(), service_->data().maker().cert);
  // A seal from another root does not verify as trusted.
  ses::SealVerifyOptions foreign;
  foreign.trust = crypto::TrustStore{{samples_->ca_certificate()}, {}, {}};
  EXPECT_FALSE(ses::verify_seal_der(der, foreign).trusted());

  auto status = platform_.client->query_status(data.seal_num);
  ASSERT_TRUE(status.ok()) << status.error().to_string();
  EXPECT_EQ((*status)["data"]["sealStatus"], "valid");

  auto revoked = platform_.client->revoke({data.seal_num});
  ASSERT_TRUE(revoked.ok()) << revoked.error().to_string();
  EXPECT_EQ(revoked->header.result_code, "0");

  status = platform_.client->query_status(data.seal_num);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ((*status)["data"]["sealStatus"], "revoked");
  auto list = platform_.client->revocation_list();
  ASSERT_TRUE(list.ok()) << list.error().to_string();
  ASSERT_EQ(list->entries.size(), 1u);
  EXPECT_EQ(list->entries[0].yzbm, data.seal_num);
  EXPECT_EQ(list->entries[0].seal_status, "revoked");
  EXPECT_EQ(list->version, "1");
  EXPECT_GT(parse_beijing_time(list->next_update).value(),
            parse_beijing_time(list->this_update).value());

  // A revoked seal is no longer handed out.
  downloaded = platform_.client->download({data.seal_num});
  ASSERT_TRUE(downloaded.ok());
  EXPECT_EQ(downloaded->header.result_code, "4005");
  EXPECT_EQ(downloaded->items.at(0).error_code, "4005");
}

TEST_F(LifecycleTest, DownloadsSeveralSealsInOneRequest) {
  const std::string a = make_seal(platform_);
  const std::string b = make_seal(platform_);
  auto downloaded = platform_.client->download({a, b, "GMST11010899999999"});
  ASSERT_TRUE(downloaded.ok());
  EXPECT_EQ(downloaded->header.result_code, "0");
  ASSERT_EQ(downloaded->items.size(), 3u);
  EXPECT_EQ(downloaded->items[0].error_code, "0");
  EXPECT_EQ(downloaded->items[1].error_code, "0");
  EXPECT_EQ(downloaded->items[2].error_code, "4003");
}

}  // namespace
}  // namespace gmseal::province::testing
