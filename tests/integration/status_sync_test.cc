// Province -> platform status sync: changes the first-level platform makes on its own
// (supervision) reach the registry; the platform's own changes still on their way are not
// undone; conflicts are audited, not applied.
#include "platform_fixture.h"
#include "service/audit/audit_log.h"

namespace gmseal::server {
namespace {

class StatusSyncTest : public PlatformFixture {
 protected:
  std::string make_seal() {
    json app = run_application(testing::sample_new_application());
    EXPECT_EQ(app["status"], "ready") << app.dump();
    return app.value("sealCode", "");
  }
  int sync() {
    auto changed = platform_->status().sync_province_status_once();
    EXPECT_TRUE(changed.ok()) << changed.error().to_string();
    return changed.ok() ? *changed : -1;
  }
  void supervise(const std::string& code, const std::string& action) {
    auto status = service_->supervise_status(code, action, "supervision test");
    ASSERT_TRUE(status.ok()) << status.error().to_string();
  }
  std::string scrape_metrics() {
    auto res = loop_->client().Get("/metrics");
    return res ? res->body : std::string();
  }
  bool audited(const std::string& action, const std::string& code) {
    auto records = read_audit(platform_->db(), 0, 100000);
    if (!records.ok()) return false;
    for (const AuditRecord& r : *records) {
      if (r.action == action && r.object == "seal:" + code) return true;
    }
    return false;
  }
};

TEST_P(StatusSyncTest, ProvinceFreezeUnfreezeAndRevocationReachTheRegistry) {
  const std::string code = make_seal();
  ASSERT_FALSE(code.empty());
  EXPECT_EQ(sync(), 0);  // nothing changed at the province

  supervise(code, "freeze");
  EXPECT_EQ(platform_status(code), "valid");  // not before the pull
  EXPECT_EQ(sync(), 1);
  EXPECT_EQ(platform_status(code), "frozen");
  EXPECT_EQ(get("/api/v1/seals/" + code, operator_).second.value("provinceStatus", ""), "frozen");
  EXPECT_TRUE(audited("province.sync.applied", code));
  EXPECT_EQ(sync(), 0);  // same list version: nothing to do

  supervise(code, "unfreeze");  // the seal leaves the province's list
  EXPECT_EQ(sync(), 1);
  EXPECT_EQ(platform_status(code), "valid");

  supervise(code, "revoke");
  EXPECT_EQ(sync(), 1);
  EXPECT_EQ(platform_status(code), "revoked");
  const std::string metrics = scrape_metrics();
  EXPECT_NE(metrics.find("gmseal_province_sync_applied_total 3"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("gmseal_province_sync_failures_total 0"), std::string::npos) << metrics;
  // The platform now refuses lifecycle operations on it.
  auto refused = post("/api/v1/applications", operator_,
                      {{"kind", "freeze"}, {"sealCode", code}, {"reason", "too late"}});
  EXPECT_EQ(refused.first, 409) << refused.second.dump();
  EXPECT_TRUE(verify_audit(platform_->db())->intact);
}

TEST_P(StatusSyncTest, OwnChangeOnItsWayIsNotUndone) {
  const std::string code = make_seal();
  // Another seal changes at the province so that the list version moves.
  const std::string other = make_seal();
  // The platform freezes its seal, but the province has not heard yet (outbox not processed).
  auto submitted = post("/api/v1/applications", operator_,
                        {{"kind", "freeze"}, {"sealCode", code}, {"reason", "own freeze"}});
  ASSERT_EQ(submitted.first, 201) << submitted.second.dump();
  auto approved = post("/api/v1/applications/" + submitted.second.value("id", "") + "/approve",
                       reviewer_, json::object());
  ASSERT_EQ(approved.first, 200) << approved.second.dump();
  EXPECT_EQ(platform_status(code), "frozen");
  supervise(other, "freeze");
  sync();
  // The province still lists `code` as valid, but the platform's freeze is pending: kept.
  EXPECT_EQ(platform_status(code), "frozen");
  EXPECT_EQ(platform_status(other), "frozen");
  settle(submitted.second.value("id", ""));
  EXPECT_EQ(province_status(code), "frozen");
  sync();
  EXPECT_EQ(platform_status(code), "frozen");
}

TEST_P(StatusSyncTest, ForbiddenChangeIsAuditedAsConflict) {
  // A platform cancellation shows as "revoked" at the province: both final, no conflict.
  const std::string code = make_seal();
  lifecycle("cancel", code);
  ASSERT_EQ(platform_status(code), "cancelled");
  ASSERT_EQ(province_status(code), "revoked");
  supervise(make_seal(), "freeze");  // move the list version
  sync();
  EXPECT_EQ(platform_status(code), "cancelled");
  EXPECT_FALSE(audited("province.sync.conflict", code));

  // Diverged states the registry cannot reconcile (cancelled here, only frozen there): the
  // platform keeps its state and audits the conflict.
  const std::string diverged = make_seal();
  ASSERT_TRUE(platform_->db()
                  .transact([&](soci::session& sql) -> Status {
                    sql << "UPDATE seals SET status = 'cancelled' WHERE code = :c",
                        soci::use(diverged);
                    return {};
                  })
                  .ok());
  supervise(diverged, "freeze");
  EXPECT_EQ(sync(), 0);
  EXPECT_EQ(platform_status(diverged), "cancelled");
  EXPECT_TRUE(audited("province.sync.conflict", diverged));
}

TEST_P(StatusSyncTest, UnreachableProvinceIsAnErrorAndChangesNothing) {
  const std::string code = make_seal();
  loop_->stop_province();
  auto changed = platform_->status().sync_province_status_once();
  ASSERT_FALSE(changed.ok());
  EXPECT_EQ(changed.error().code, "province.unavailable");
  EXPECT_EQ(platform_status(code), "valid");
  EXPECT_NE(scrape_metrics().find("gmseal_province_sync_failures_total 1"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, StatusSyncTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::engine_name);

}  // namespace
}  // namespace gmseal::server
