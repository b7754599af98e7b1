// The whole chain over loopback: the second-level platform (HTTP API) and the first-level
// emulator (gmseal province), every lifecycle operation, the seal's status on both sides after
// each step, the made seals verified with `gmseal seal verify` against the province root.
#include <chrono>
#include <thread>

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
  while (platform_->worker().process_outbox_once() > 0) {
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
  for (int i = 0; i < 3; ++i) platform_->worker().process_outbox_once();
  EXPECT_EQ(get("/api/v1/applications/" + id, operator_).second["status"], "making");
  // Replies that do not verify are not answers either.
  province::FaultSpec bad_signature;
  bad_signature.kind = province::FaultKind::kBadSignature;
  restart_province({bad_signature});
  (void)platform_->db().transact([](soci::session& sql) -> Status {
    sql << "UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'";
    return {};
  });
  for (int i = 0; i < 3; ++i) platform_->worker().process_outbox_once();
  EXPECT_EQ(get("/api/v1/applications/" + id, operator_).second["status"], "making");
  restart_province({});
  EXPECT_EQ(settle(id)["status"], "ready");
}

INSTANTIATE_TEST_SUITE_P(Engines, PlatformE2eTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::engine_name);

// The outbox worker on a platform without a UKey station (the rows here need none).
class OutboxRobustnessTest : public ::testing::TestWithParam<Engine> {};

// Rows no code path writes (a hand-edited or corrupted database): the worker marks each one
// failed as outbox.bad_item, audits it, and goes on with the good work behind it - and the
// worker thread itself survives them.
TEST_P(OutboxRobustnessTest, MalformedOutboxRowsAreMarkedBadAndTheWorkerGoesOn) {
  testing::ScratchDir dir;
  testing::PlatformLoopback loop(dir.path(), GetParam());
  ASSERT_TRUE(loop.ok()) << loop.error();
  Platform* platform = &loop.platform();
  const std::vector<std::pair<std::string, std::string>> bad_rows = {
      {"make", "{not json"},
      {"make", "[1, 2, 3]"},
      {"download", "{\"sealCode\": 42}"},
      {"make", "{\"sealCode\": \"GMSL43010200000099\", \"data\": \"oops\"}"},
      {"make", "{\"sealCode\": \"GMSL43010200000098\", \"data\": {\"sealName\": 7}}"},
      {"teleport", "{\"sealCode\": \"GMSL43010200000097\"}"},
  };
  ASSERT_TRUE(platform->db()
                  .transact([&](soci::session& sql) -> Status {
                    int n = 0;
                    for (const auto& [kind, payload] : bad_rows) {
                      const std::string id = "bad" + std::to_string(n++);
                      sql << "INSERT INTO outbox (id, kind, payload, trans_id, status, attempts, "
                             "next_attempt_at, created_at, seal_code) VALUES (:id, :kind, :p, "
                             ":t, 'pending', 0, 0, 0, '')",
                          soci::use(id), soci::use(kind), soci::use(payload), soci::use(id);
                    }
                    return {};
                  })
                  .ok());
  int claimed = 0;
  EXPECT_NO_THROW(claimed = platform->worker().process_outbox_once());
  EXPECT_EQ(claimed, static_cast<int>(bad_rows.size()));
  for (std::size_t i = 0; i < bad_rows.size(); ++i) {
    std::string status, last_error;
    const std::string id = "bad" + std::to_string(i);
    ASSERT_TRUE(platform->db()
                    .transact([&](soci::session& sql) -> Status {
                      sql << "SELECT status, last_error FROM outbox WHERE id = :id", soci::use(id),
                          soci::into(status), soci::into(last_error);
                      return {};
                    })
                    .ok());
    EXPECT_EQ(status, "failed") << bad_rows[i].second;
    EXPECT_EQ(last_error.rfind("outbox.bad_item", 0), 0u)
        << bad_rows[i].second << ": " << last_error;
  }
  long long audited = 0;
  ASSERT_TRUE(platform->db()
                  .transact([&](soci::session& sql) -> Status {
                    sql << "SELECT COUNT(*) FROM audit WHERE action = 'province.failed' AND "
                           "detail LIKE '%outbox.bad_item%'",
                        soci::into(audited);
                    return {};
                  })
                  .ok());
  EXPECT_EQ(audited, static_cast<long long>(bad_rows.size()));

  // The worker thread meets another bad row and still makes the next seal.
  ASSERT_TRUE(platform->db()
                  .transact([](soci::session& sql) -> Status {
                    sql << "INSERT INTO outbox (id, kind, payload, trans_id, status, attempts, "
                           "next_attempt_at, created_at, seal_code) VALUES ('bad-late', 'status', "
                           "'{\"sealCode\": \"X\", \"change\": []}', 'bad-late', 'pending', 0, "
                           "0, 0, '')";
                    return {};
                  })
                  .ok());
  platform->worker().start();
  auto submitted = loop.submit_and_approve(testing::sample_new_application());
  ASSERT_EQ(submitted.first, 200) << submitted.second.dump();
  const std::string id = submitted.second["id"];
  std::string app_status;
  for (int i = 0; i < 600 && app_status != "ready" && app_status != "delivered"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    app_status =
        loop.get("/api/v1/applications/" + id, loop.operator_token()).second.value("status", "");
  }
  platform->worker().stop();
  EXPECT_TRUE(app_status == "ready" || app_status == "delivered") << app_status;
  EXPECT_TRUE(verify_audit(platform->db())->intact);
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxRobustnessTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::engine_name);

}  // namespace
}  // namespace gmseal::server
