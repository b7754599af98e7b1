// Every refusal gives its documented resultCode and changes nothing.
#include <gtest/gtest.h>

#include "protocol/envelope.h"
#include "province/province_fixture.h"

namespace gmseal::province::testing {
namespace {

using protocol::Interface;
using protocol::Json;
using NegativeTest = ProvinceFixture;

std::string code_of(const Result<Json>& reply) {
  EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.error().to_string());
  return reply.ok() ? reply->value("resultCode", std::string("?")) : "error";
}

TEST_F(NegativeTest, EachBrokenFieldRuleHasItsCode) {
  const std::vector<std::pair<std::string, std::function<void(protocol::SealMakingData&)>>> cases =
      {
          {"3001", [](auto& d) { d.seal_num = "XXCA1101080000001"; }},
          {"3001", [](auto& d) { d.seal_num = "XXCA11019900000001"; }},
          {"3002", [](auto& d) { d.seal_specific_category = "06"; }},
          {"3003", [](auto& d) { d.seal_height = "4"; }},
          {"3004", [](auto& d) { d.seal_img = base64_encode(to_bytes("not an image")); }},
          {"3005", [](auto& d) { d.valid_end_time = "2020-13-01 00:00:00"; }},
          {"3005", [](auto& d) { d.valid_end_time = d.valid_start_time; }},
          {"3006", [](auto& d) { d.sign_cert = "AAAA"; }},
          {"3007", [](auto& d) { d.bak_type = "0"; }},
          {"3007", [](auto& d) { d.seal_carrier = "3"; }},
          {"3007", [](auto& d) { d.local_or = "n"; }},
          {"3007", [](auto& d) { d.seal_type = "png"; }},
          {"3008", [](auto& d) { d.org_code = "OTHER"; }},
          {"3009", [](auto& d) { d.seal_name = ""; }},
      };
  for (const auto& [expected, mutate] : cases) {
    auto data = fresh_data(platform_);
    mutate(data);
    const auto reply =
        platform_.client->post_raw("/gb/seal/make", signed_make(platform_, data).dump());
    EXPECT_EQ(code_of(reply), expected) << (reply.ok() ? reply->dump() : "");
    EXPECT_TRUE(platform_.client->verify_reply(*reply).ok());
  }
  EXPECT_EQ(seal_count(), 0u);
}

TEST_F(NegativeTest, EnvelopeAndReplayFailures) {
  // Bad signature.
  Json request = signed_make(platform_, fresh_data(platform_));
  Json tampered = request;
  tampered["data"]["sealName"] = "别的名称";
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", tampered.dump())), "2002");
  Json no_sign = request;
  no_sign.erase("signInfo");
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", no_sign.dump())), "2002");
  EXPECT_EQ(seal_count(), 0u);

  // The real request passes once; the same bytes again are a replay.
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", request.dump())), "0");
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", request.dump())), "2003");
  EXPECT_EQ(seal_count(), 1u);

  // A fresh token with a used transId is a replay too.
  Json reused_trans = signed_make(platform_, fresh_data(platform_));
  reused_trans["extendData"]["transId"] = request["extendData"]["transId"];
  ASSERT_TRUE(platform_.client->sign(reused_trans).ok());
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", reused_trans.dump())), "2003");
  EXPECT_EQ(seal_count(), 1u);

  // An unregistered system.
  Platform stranger = add_platform("STRANGER", /*register_it=*/false);
  EXPECT_EQ(code_of(stranger.client->post_raw("/gb/seal/make",
                                              signed_make(stranger, fresh_data(platform_)).dump())),
            "2001");
  // Not JSON, wrong taskTypeCode.
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", "{\"taskCode\":")), "1001");
  Json wrong_type = signed_make(platform_, fresh_data(platform_));
  wrong_type["taskTypeCode"] = "7";
  ASSERT_TRUE(platform_.client->sign(wrong_type).ok());
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", wrong_type.dump())), "1003");
  EXPECT_EQ(seal_count(), 1u);
}

TEST_F(NegativeTest, OneCertificateServesOneSealAndCodesAreUnique) {
  auto applicant = samples_->new_applicant("某某科技有限公司");
  ASSERT_TRUE(applicant.ok());
  const std::string code = make_seal(platform_, &*applicant);
  auto same_cert = samples_->seal_data(*applicant, platform_.org_code).value();
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make",
                                               signed_make(platform_, same_cert).dump())),
            "4002");
  auto same_code = fresh_data(platform_);
  same_code.seal_num = code;
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make",
                                               signed_make(platform_, same_code).dump())),
            "4001");
  EXPECT_EQ(seal_count(), 1u);
}

TEST_F(NegativeTest, PlatformsCannotTouchEachOthersSeals) {
  const std::string code = make_seal(platform_);
  Platform other = add_platform("OTHER0001");
  auto downloaded = other.client->download({code});
  ASSERT_TRUE(downloaded.ok());
  EXPECT_EQ(downloaded->items.at(0).error_code, "4004");
  auto revoked = other.client->revoke({code});
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->header.result_code, "4004");
  auto unknown = platform_.client->revoke({"GMST11010899999999"});
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->header.result_code, "4003");
  EXPECT_EQ(service_->store().seal(code).value()->status, "valid");
}

TEST_F(NegativeTest, StrictModeRefusesSampleFormsAndReportsThem) {
  // Lenient: the make sample's taskCode "downloadSeal" is accepted.
  Json sample = signed_make(platform_, fresh_data(platform_));
  sample["taskCode"] = "downloadSeal";
  ASSERT_TRUE(platform_.client->sign(sample).ok());
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", sample.dump())), "0");

  restart({/*strict=*/true});
  Json strict_sample = signed_make(platform_, fresh_data(platform_));
  strict_sample["taskCode"] = "downloadSeal";
  ASSERT_TRUE(platform_.client->sign(strict_sample).ok());
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", strict_sample.dump())), "1002");
  auto bad_field = fresh_data(platform_);
  bad_field.seal_specific_category = "07";
  bad_field.bak_type = "9";
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make",
                                               signed_make(platform_, bad_field).dump())),
            "3002");
  EXPECT_EQ(seal_count(), 1u);

  const auto log = service_->store().requests().value();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].interface_name, "sealMaking");
  EXPECT_EQ(log[0].result_code, "1002");
  EXPECT_EQ(log[0].org_code, "");
  EXPECT_EQ(log[1].org_code, platform_.org_code);
  // Every broken rule is recorded, not just the first.
  ASSERT_EQ(log[1].violations.size(), 2u);
  EXPECT_EQ(log[1].violations[0].rfind("validate.seal_category.unknown", 0), 0u);
  EXPECT_EQ(log[1].violations[1].rfind("validate.bak_type.unknown", 0), 0u);
}

}  // namespace
}  // namespace gmseal::province::testing
