// The whole chain over loopback: the second-level platform (HTTP API) and the first-level
// emulator (gmseal province), every lifecycle operation, the seal's status on both sides after
// each step, the made seals verified with `gmseal seal verify` against the province root.
#include "crypto/sm2.h"
#include "platform_fixture.h"
#include "protocol/canonical_json.h"
#include "service/audit/audit_log.h"

namespace gmseal::server {
namespace {

class PlatformE2eTest : public PlatformFixture {};

TEST_P(PlatformE2eTest, EveryLifecycleOperationOnBothPlatforms) {
  // new
  json app = run_application(testing::sample_new_application());
  ASSERT_EQ(app["status"], "ready") << app.dump();
  const std::string first = app["sealCode"];
  EXPECT_EQ(platform_status(first), "valid");
  EXPECT_EQ(province_status(first), "valid");
  expect_seal_verifies(first);
  EXPECT_EQ(get("/api/v1/applications/" + std::string(app["id"]), operator_).second["status"],
            "delivered");

  // The signed status answer verifies with the platform certificate.
  auto status = get("/api/v1/status/" + first, "").second;
  json signed_part = {{"code", status["code"]},
                      {"status", status["status"]},
                      {"since", status["since"]},
                      {"signedAt", status["signedAt"]}};
  auto cert =
      crypto::Certificate::from_der(*base64_decode(status["signerCert"].get<std::string>()));
  EXPECT_TRUE(crypto::sm2_verify(*cert->public_key(),
                                 to_bytes(protocol::canonical_json(signed_part)),
                                 *base64_decode(status["signature"].get<std::string>()))
                  .ok());

  // freeze / unfreeze
  EXPECT_EQ(lifecycle("freeze", first)["status"], "ready");
  EXPECT_EQ(platform_status(first), "frozen");
  EXPECT_EQ(province_status(first), "frozen");
  auto illegal = post("/api/v1/applications", operator_, {{"kind", "freeze"}, {"sealCode", first}});
  EXPECT_EQ(illegal.first, 409) << illegal.second.dump();
  EXPECT_EQ(lifecycle("unfreeze", first)["status"], "ready");
  EXPECT_EQ(platform_status(first), "valid");
  EXPECT_EQ(province_status(first), "valid");

  // change: old cancelled and revoked, new seal made
  json changed =
      lifecycle("change", first, {{"seal", {{"name", "长沙市示例科技有限公司（变更）"}}}});
  ASSERT_EQ(changed["status"], "ready") << changed.dump();
  const std::string second = changed["sealCode"];
  EXPECT_NE(second, first);
  EXPECT_EQ(platform_status(first), "cancelled");
  EXPECT_EQ(province_status(first), "revoked");
  EXPECT_EQ(platform_status(second), "valid");
  expect_seal_verifies(second);

  // loss: old lost, new seal
  json lost = lifecycle("loss", second);
  ASSERT_EQ(lost["status"], "ready") << lost.dump();
  const std::string third = lost["sealCode"];
  EXPECT_EQ(platform_status(second), "lost");
  EXPECT_EQ(province_status(second), "revoked");
  EXPECT_EQ(province_status(third), "valid");

  // renew: new validity, the old seal retired once the new one is in hand
  json renewed = lifecycle(
      "renew", third,
      {{"seal", {{"validFrom", "2026-06-01 00:00:00"}, {"validTo", "2030-06-01 00:00:00"}}}});
  ASSERT_EQ(renewed["status"], "ready") << renewed.dump();
  const std::string fourth = renewed["sealCode"];
  while (platform_->process_outbox_once() > 0) {
  }
  EXPECT_EQ(platform_status(third), "cancelled");
  EXPECT_EQ(province_status(third), "revoked");
  EXPECT_EQ(get("/api/v1/seals/" + fourth, operator_).second["validTo"], "2030-06-01 00:00:00");

  // replace: new carrier (UKey), old revoked
  json replaced = lifecycle("replace", fourth, {{"seal", {{"carrier", "ukey"}}}});
  ASSERT_EQ(replaced["status"], "ready") << replaced.dump();
  const std::string fifth = replaced["sealCode"];
  EXPECT_EQ(platform_status(fourth), "revoked");
  EXPECT_EQ(province_status(fourth), "revoked");
  EXPECT_EQ(get("/api/v1/seals/" + fifth, operator_).second["carrier"], "ukey");

  // unlock: the platform releases the UKey admin PIN it keeps
  json unlock = lifecycle("unlock", fifth);
  ASSERT_EQ(unlock["status"], "ready") << unlock.dump();
  auto pin = post("/api/v1/applications/" + std::string(unlock["id"]) + "/unlock-pin", operator_,
                  json::object());
  ASSERT_EQ(pin.first, 200) << pin.second.dump();
  EXPECT_EQ(pin.second["adminPin"].get<std::string>().size(), 12u);

  // cancel
  EXPECT_EQ(lifecycle("cancel", fifth)["status"], "ready");
  EXPECT_EQ(platform_status(fifth), "cancelled");
  EXPECT_EQ(province_status(fifth), "revoked");
  auto refused =
      post("/api/v1/applications", operator_, {{"kind", "unfreeze"}, {"sealCode", fifth}});
  EXPECT_EQ(refused.first, 409);

  EXPECT_TRUE(verify_audit(platform_->db())->intact);
}

TEST_P(PlatformE2eTest, ApplicationsWaitForAnUnavailableProvince) {
  province::FaultSpec fault;
  fault.kind = province::FaultKind::k5xx;
  restart_province({fault});
  auto submitted = post("/api/v1/applications", operator_, testing::sample_new_application());
  const std::string id = submitted.second["id"];
  post("/api/v1/applications/" + id + "/approve", reviewer_, json::object());
  for (int i = 0; i < 3; ++i) platform_->process_outbox_once();
  EXPECT_EQ(get("/api/v1/applications/" + id, operator_).second["status"], "making");
  // Replies that do not verify are not answers either.
  province::FaultSpec bad_signature;
  bad_signature.kind = province::FaultKind::kBadSignature;
  restart_province({bad_signature});
  (void)platform_->db().transact([](soci::session& sql) -> Status {
    sql << "UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'";
    return {};
  });
  for (int i = 0; i < 3; ++i) platform_->process_outbox_once();
  EXPECT_EQ(get("/api/v1/applications/" + id, operator_).second["status"], "making");
  restart_province({});
  EXPECT_EQ(settle(id)["status"], "ready");
}

INSTANTIATE_TEST_SUITE_P(Engines, PlatformE2eTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::engine_name);

}  // namespace
}  // namespace gmseal::server
