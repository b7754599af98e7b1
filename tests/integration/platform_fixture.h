// The second-level platform (HTTP API on loopback) connected to a first-level emulator (also on
// loopback, in process), with an admin, an operator and a reviewer logged in. Parameterised by
// database engine (SQLite, PostgreSQL). The outbox is driven by the test (settle()), not by a
// worker thread, so every step is deterministic.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <optional>

#include "../server/sample_application.h"
#include "../server/server_test_support.h"
#include "province/province_data.h"
#include "province/server.h"
#include "province/service.h"
#include "server/api/routes.h"
#include "server/platform.h"
#include "server/province/http_province_gateway.h"

namespace gmseal::server {

using nlohmann::json;
using testing::Engine;

class PlatformFixture : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    province::ProvinceConfig pconfig;
    auto data = province::ProvinceData::init(dir_.path() / "province", pconfig);
    ASSERT_TRUE(data.ok()) << data.error().to_string();
    province_root_pem_ = data->root().pem();
    auto service = province::ProvinceService::open(*data, {});
    ASSERT_TRUE(service.ok()) << service.error().to_string();
    service_ = std::shared_ptr<province::ProvinceService>(std::move(*service));
    start_province({});

    PlatformConfig config;
    config.data_dir = dir_.path() / "platform";
    config.db_url = testing::fresh_database_url(GetParam(), dir_.path());
    config.admin_user = "root";
    config.admin_password = "root password 1";
    config.run_worker = false;
    config.org_code = "HNGMSL0001";
    // The replace step moves a seal onto a UKey, which the issuing station personalises.
    config.ukey_station.library = GMSEAL_SKF_LIBRARY;
    config.ukey_station.soft_root = dir_.path() / "ukeys";
    auto platform = Platform::open(config, nullptr);
    ASSERT_TRUE(platform.ok()) << platform.error().to_string();
    platform_ = std::move(*platform);
    auto package = service_->register_system(platform_->system_certificate(), config.org_code,
                                             "gmseal 测试平台", "http://127.0.0.1:1/");
    ASSERT_TRUE(package.ok()) << package.error().to_string();
    ASSERT_TRUE(package->verify().ok());
    province_cert_ = package->system_certificate();
    connect_platform();
    platform_->set_province_root(data->root());

    api_ = std::make_unique<ApiServer>(platform_->users(), 4);
    add_all_routes(*api_, *platform_);
    ASSERT_TRUE(api_->start("127.0.0.1", 0).ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", api_->port());
    admin_ = login("root", "root password 1");
    post("/api/v1/users", admin_,
         {{"username", "olga"}, {"password", "password olga"}, {"roles", {"operator"}}});
    post("/api/v1/users", admin_,
         {{"username", "rita"}, {"password", "password rita"}, {"roles", {"reviewer"}}});
    operator_ = login("olga", "password olga");
    reviewer_ = login("rita", "password rita");
    ASSERT_FALSE(operator_.empty());
    ASSERT_FALSE(reviewer_.empty());
  }
  void TearDown() override {
    if (api_) api_->stop();
    if (province_server_) province_server_->stop();
  }

  void start_province(std::vector<province::FaultSpec> faults) {
    if (province_server_) province_server_->stop();
    province_server_ = std::make_unique<province::ProvinceServer>(service_, std::move(faults));
    auto port = province_server_->start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok());
    province_port_ = *port;
  }
  void connect_platform() {
    ProvinceEndpoint endpoint{"http://127.0.0.1:" + std::to_string(province_port_),
                              "/anysign-ess-server-service", *province_cert_};
    endpoint.timeout_seconds = 3;
    platform_->set_province(std::make_shared<HttpProvinceGateway>(endpoint, platform_->system_key(),
                                                                  platform_->system_certificate()));
  }

  std::string login(const std::string& user, const std::string& password) {
    auto r = post("/api/v1/session", "", {{"username", user}, {"password", password}});
    return r.second.value("token", "");
  }
  std::pair<int, json> post(const std::string& path, const std::string& token, const json& body) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    auto res = client_->Post(path.c_str(), h, body.dump(), "application/json");
    if (!res) return {-1, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  std::pair<int, json> get(const std::string& path, const std::string& token) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    auto res = client_->Get(path.c_str(), h);
    if (!res) return {-1, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }

  // Submits, approves and drives the outbox until the application settles; returns it.
  json run_application(const json& body) {
    auto submitted = post("/api/v1/applications", operator_, body);
    EXPECT_EQ(submitted.first, 201) << submitted.second.dump();
    const std::string id = submitted.second.value("id", "");
    auto approved = post("/api/v1/applications/" + id + "/approve", reviewer_, json::object());
    EXPECT_EQ(approved.first, 200) << approved.second.dump();
    return settle(id);
  }
  json settle(const std::string& id) {
    json app;
    for (int i = 0; i < 50; ++i) {
      while (platform_->process_outbox_once() > 0) {
      }
      app = get("/api/v1/applications/" + id, operator_).second;
      if (app["status"] != "making") break;
      // Items waiting for their backoff: make them due now.
      (void)platform_->db().transact([](soci::session& sql) -> Status {
        sql << "UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'";
        return {};
      });
    }
    return app;
  }

  std::string platform_status(const std::string& code) {
    return get("/api/v1/status/" + code, "").second.value("status", "?");
  }
  std::string province_status(const std::string& code) {
    auto outcome = service_->query_status(code);
    return outcome.reply.contains("data") ? outcome.reply["data"].value("sealStatus", "?") : "none";
  }
  json lifecycle(const std::string& kind, const std::string& code, json extra = json::object()) {
    json body = {{"kind", kind}, {"sealCode", code}, {"reason", "test " + kind}};
    for (auto it = extra.begin(); it != extra.end(); ++it) body[it.key()] = it.value();
    return run_application(body);
  }
  void expect_seal_verifies(const std::string& code) {
    auto res = client_->Get(("/api/v1/seals/" + code + "/download").c_str(),
                            httplib::Headers{{"Authorization", "Bearer " + operator_}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    std::ofstream(dir_.path() / (code + ".esl"), std::ios::binary) << res->body;
    std::ofstream(dir_.path() / "province-root.pem") << province_root_pem_;
    auto verified = dir_.gmseal("seal verify " + code + ".esl --trust province-root.pem --json");
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
    const json verdict = json::parse(verified.output, nullptr, false);
    EXPECT_EQ(verdict.value("trusted", false), true) << verified.output;
  }

  testing::ScratchDir dir_;
  std::shared_ptr<province::ProvinceService> service_;
  std::unique_ptr<province::ProvinceServer> province_server_;
  int province_port_ = 0;
  std::string province_root_pem_;
  std::optional<crypto::Certificate> province_cert_;
  std::unique_ptr<Platform> platform_;
  std::unique_ptr<ApiServer> api_;
  std::unique_ptr<httplib::Client> client_;
  std::string admin_, operator_, reviewer_;
};

}  // namespace gmseal::server
