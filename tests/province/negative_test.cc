// Every refusal gives its documented resultCode and changes nothing.
#include <gtest/gtest.h>

#include "protocol/envelope.h"
#include "protocol/status_messages.h"
#include "province/province_fixture.h"
#include "province/report.h"

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
  // Strict mode goes on past the deviation: the sender is known, its signature checked.
  EXPECT_EQ(log[0].org_code, platform_.org_code);
  ASSERT_EQ(log[0].violations.size(), 1u);
  EXPECT_EQ(log[0].violations[0].rfind("province.strict.deviation: taskCode 'downloadSeal'", 0), 0u)
      << log[0].violations[0];
  EXPECT_EQ(log[1].org_code, platform_.org_code);
  // Every broken rule is recorded, not just the first.
  ASSERT_EQ(log[1].violations.size(), 2u);
  EXPECT_EQ(log[1].violations[0].rfind("validate.seal_category.unknown", 0), 0u);
  EXPECT_EQ(log[1].violations[1].rfind("validate.bak_type.unknown", 0), 0u);
}

TEST_F(NegativeTest, StrictModeRecordsEveryBrokenRuleOnceAndAnswersTheFirst) {
  restart({/*strict=*/true});
  // A sample-form taskCode, two broken field rules, and a signature broken after signing: the
  // answer is the first stage's (1002), the log names all four rules, each once.
  auto data = fresh_data(platform_);
  data.seal_specific_category = "07";
  data.bak_type = "9";
  Json request = signed_make(platform_, data);
  request["taskCode"] = "downloadSeal";
  ASSERT_TRUE(platform_.client->sign(request).ok());
  request["data"]["sealName"] = "签名之后改的名称";
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", request.dump())), "1002");
  // Replayed as is: the replay is one more broken rule, still answered 1002.
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", request.dump())), "1002");
  EXPECT_EQ(seal_count(), 0u);

  const auto log = service_->store().requests().value();
  ASSERT_EQ(log.size(), 2u);
  const auto prefixes = [](const std::vector<std::string>& violations) {
    std::vector<std::string> out;
    for (const auto& v : violations) out.push_back(v.substr(0, v.find(':')));
    return out;
  };
  EXPECT_EQ(log[0].result_code, "1002");
  EXPECT_EQ(
      prefixes(log[0].violations),
      (std::vector<std::string>{"province.strict.deviation", "protocol.envelope.bad_signature",
                                "validate.seal_category.unknown", "validate.bak_type.unknown"}))
      << ::testing::PrintToString(log[0].violations);
  // Nothing was accepted, so the nonces were not consumed and the copy is no replay; the
  // same four rules again.
  EXPECT_EQ(prefixes(log[1].violations), prefixes(log[0].violations));

  // The report counts each rule once per request that broke it.
  auto report = strict_report(service_->store());
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_NE(report->find("province.strict.deviation (2)"), std::string::npos) << *report;
  EXPECT_NE(report->find("validate.seal_category.unknown (2)"), std::string::npos) << *report;

  // An accepted request's copy is a replay, checked and recorded with the field rules after it.
  auto good = fresh_data(platform_);
  Json accepted = signed_make(platform_, good);
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", accepted.dump())), "0");
  EXPECT_EQ(code_of(platform_.client->post_raw("/gb/seal/make", accepted.dump())), "2003");
  const auto after = service_->store().requests().value();
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ(prefixes(after[3].violations),
            (std::vector<std::string>{"province.replay", "province.seal.exists",
                                      "province.seal.cert_in_use"}))
      << ::testing::PrintToString(after[3].violations);
  EXPECT_EQ(seal_count(), 1u);
}

TEST_F(NegativeTest, StrictModeChecksStatusChangeHeaders) {
  const std::string code = make_seal(platform_);
  const auto change_with_token = [&](const std::string& token_info) {
    Json request =
        protocol::new_status_change(platform_.client->initiator_cert(), code, "freeze", "")
            .to_json();
    request["tokenInfo"] = token_info;
    EXPECT_TRUE(platform_.client->sign(request).ok());
    return code_of(platform_.client->post_raw(protocol::kStatusChangePath, request.dump()));
  };
  // Lenient: a short tokenInfo is accepted (as the table interfaces accept it).
  EXPECT_EQ(change_with_token("short-token"), "0");
  EXPECT_EQ(service_->store().seal(code).value()->status, "frozen");

  restart({/*strict=*/true});
  EXPECT_EQ(change_with_token("short-token2"), "1002");
  EXPECT_EQ(service_->store().seal(code).value()->status, "frozen");
  const auto log = service_->store().requests().value();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].interface_name, protocol::kStatusChangeTaskCode);
  EXPECT_EQ(log[0].result_code, "1002");
  // The deviation once, then the later rule it also broke: a frozen seal cannot be frozen.
  ASSERT_EQ(log[0].violations.size(), 2u) << ::testing::PrintToString(log[0].violations);
  EXPECT_EQ(log[0].violations[0].rfind("province.strict.deviation: tokenInfo 'short-token2'", 0),
            0u);
  EXPECT_EQ(log[0].violations[1].rfind("province.seal.bad_state", 0), 0u);
}

}  // namespace
}  // namespace gmseal::province::testing
