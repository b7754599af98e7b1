// A gtest fixture over PlatformLoopback (platform + emulator + API on loopback), parameterised
// by database engine (SQLite, PostgreSQL), with the names the lifecycle tests read best with.
// The outbox is driven by the test (settle()), not by a worker thread, so every step is
// deterministic.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <memory>

#include "../server/sample_application.h"
#include "../server/server_test_support.h"
#include "platform_loopback.h"

namespace gmseal::server {

using nlohmann::json;
using testing::Engine;

class PlatformFixture : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    PlatformConfig config;
    // The replace step moves a seal onto a UKey, which the issuing station personalises.
    config.ukey_station.library = GMSEAL_SKF_LIBRARY;
    config.ukey_station.soft_root = dir_.path() / "ukeys";
    loop_ = std::make_unique<testing::PlatformLoopback>(dir_.path(), GetParam(), config);
    ASSERT_TRUE(loop_->ok()) << loop_->error();
    platform_ = &loop_->platform();
    service_ = &loop_->province();
    admin_ = loop_->admin_token();
    operator_ = loop_->operator_token();
    reviewer_ = loop_->reviewer_token();
  }

  std::pair<int, json> post(const std::string& path, const std::string& token, const json& body) {
    return loop_->post(path, token, body);
  }
  std::pair<int, json> get(const std::string& path, const std::string& token) {
    return loop_->get(path, token);
  }
  json run_application(const json& body) { return loop_->run_application(body); }
  json settle(const std::string& id) { return loop_->settle(id); }
  std::string platform_status(const std::string& code) { return loop_->platform_status(code); }
  std::string province_status(const std::string& code) { return loop_->province_status(code); }
  json lifecycle(const std::string& kind, const std::string& code, json extra = json::object()) {
    json body = {{"kind", kind}, {"sealCode", code}, {"reason", "test " + kind}};
    for (auto it = extra.begin(); it != extra.end(); ++it) body[it.key()] = it.value();
    return run_application(body);
  }
  void restart_province(std::vector<province::FaultSpec> faults) {
    ASSERT_TRUE(loop_->restart_province(std::move(faults)).ok());
  }
  // The seal downloads and verifies (`gmseal seal verify`) against the province root.
  void expect_seal_verifies(const std::string& code) {
    auto res = loop_->client().Get(("/api/v1/seals/" + code + "/download").c_str(),
                                   httplib::Headers{{"Authorization", "Bearer " + operator_}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    std::ofstream(dir_.path() / (code + ".esl"), std::ios::binary) << res->body;
    std::ofstream(dir_.path() / "province-root.pem") << loop_->province_root_pem();
    auto verified = dir_.gmseal("seal verify " + code + ".esl --trust province-root.pem --json");
    EXPECT_EQ(verified.exit_code, 0) << verified.output;
    const json verdict = json::parse(verified.output, nullptr, false);
    EXPECT_EQ(verdict.value("trusted", false), true) << verified.output;
  }

  testing::ScratchDir dir_;
  std::unique_ptr<testing::PlatformLoopback> loop_;
  Platform* platform_ = nullptr;
  province::ProvinceService* service_ = nullptr;
  std::string admin_, operator_, reviewer_;
};

}  // namespace gmseal::server
