// Shared by the server benchmarks (server_*_bench.cc): the second-level platform with its HTTP
// API and a first-level emulator, both on loopback in this process (SQLite in a temporary
// folder, the outbox worker running), and an API client that drives it the way an operator and
// a reviewer do. Seals are real: every one is made and signed by the emulator and downloaded by
// the worker.
//
// GMSEAL_BENCH_DB=postgresql://... puts the in-process platform's store there instead of SQLite.
// GMSEAL_BENCH_SERVER=http://HOST:PORT points the benchmarks at a running `gmseal server`
// instead (e.g. `gmseal server --demo`); its admin is GMSEAL_ADMIN_USER / GMSEAL_ADMIN_PASSWORD.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crypto/random.h"
#include "province/province_data.h"
#include "province/server.h"
#include "province/service.h"
#include "province_client/sample_request.h"
#include "server/api/routes.h"
#include "server/platform.h"
#include "server/province/http_province_gateway.h"
#include "util/bytes.h"
#include "util/time.h"
#include "validate/id_number.h"

namespace gmseal::bench {

using nlohmann::json;

// One keep-alive connection to the API (cpp-httplib), optionally logged in.
class ApiClient {
 public:
  ApiClient(const std::string& host, int port) : http_(host, port) {
    http_.set_keep_alive(true);
    http_.set_tcp_nodelay(true);
    http_.set_read_timeout(60, 0);
  }

  Status login(const std::string& user, const std::string& password) {
    GMSEAL_ASSIGN_OR_RETURN(json session,
                            post("/api/v1/session", {{"username", user}, {"password", password}}));
    token_ = session.value("token", "");
    if (token_.empty()) return make_error("bench.login", "no token for " + user);
    return {};
  }
  // The answer of a 2xx reply; anything else is an error naming the request.
  Result<json> post(const std::string& path, const json& body) {
    return check(path, http_.Post(path, headers(), body.dump(), "application/json"));
  }
  Result<json> get(const std::string& path) { return check(path, http_.Get(path, headers())); }
  httplib::Client& http() { return http_; }

 private:
  httplib::Headers headers() const {
    if (token_.empty()) return {};
    return {{"Authorization", "Bearer " + token_}};
  }
  static Result<json> check(const std::string& path, const httplib::Result& res) {
    if (!res) return make_error("bench.http", path + ": " + httplib::to_string(res.error()));
    if (res->status / 100 != 2) {
      return make_error("bench.http", path + ": HTTP " + std::to_string(res->status) + " " +
                                          res->body.substr(0, 300));
    }
    json body = json::parse(res->body, nullptr, false);
    if (body.is_discarded()) return make_error("bench.http", path + ": the reply is not JSON");
    return body;
  }

  httplib::Client http_;
  std::string token_;
};

// A complete "new" application for a server-held seal that passes every rule; each call names
// a different unit (random credit code).
inline json new_application_body(const std::string& image_base64) {
  const auto id_number = [](const std::string& first17) {
    return first17 + validate::id_number_check_character(first17);
  };
  return {
      {"kind", "new"},
      {"unit",
       {{"uscc", province_client::random_uscc("430102")},
        {"regionCode", "430102"},
        {"unitType", "enterprise"},
        {"name", "长沙市基准测试科技有限公司"},
        {"address", "湖南省长沙市芙蓉区示例路1号"}}},
      {"legalRep",
       {{"name", "张三"}, {"idNumber", id_number("43010219850315123")}, {"mobile", "13800138000"}}},
      {"agent",
       {{"name", "李四"}, {"idNumber", id_number("43010219900701002")}, {"mobile", "13900139000"}}},
      {"approver", {{"name", "长沙市公安局"}, {"regionCode", "430100"}}},
      {"seal",
       {{"name", "长沙市基准测试科技有限公司"},
        {"category", "01"},
        {"widthMm", 40},
        {"heightMm", 40},
        {"imagePng", image_base64},
        {"carrier", "server"},
        {"validFrom", format_beijing_time(now() - std::chrono::hours(24))},
        {"validTo", format_beijing_time(now() + std::chrono::hours(24 * 730))}}}};
}

// The platform under test, either started here or reached at GMSEAL_BENCH_SERVER.
class BenchPlatform {
 public:
  // `http_threads`: the API server's pool (gmseal server uses PlatformConfig::http_threads).
  static Result<std::unique_ptr<BenchPlatform>> start(int http_threads = 8) {
    std::unique_ptr<BenchPlatform> p(new BenchPlatform());
    std::string admin_user = "root", admin_password = "bench admin password";
    if (const char* external = std::getenv("GMSEAL_BENCH_SERVER"); external != nullptr) {
      GMSEAL_RETURN_IF_ERROR(p->use_external(external));
      admin_user = env("GMSEAL_ADMIN_USER");
      admin_password = env("GMSEAL_ADMIN_PASSWORD");
    } else {
      GMSEAL_RETURN_IF_ERROR(p->start_in_process(admin_user, admin_password, http_threads));
    }
    GMSEAL_ASSIGN_OR_RETURN(const Bytes image, province_client::sample_seal_image());
    p->image_base64_ = base64_encode(image);
    // Four eyes: the reviewer who approves is not the operator who entered the application.
    ApiClient admin(p->host_, p->port_);
    GMSEAL_RETURN_IF_ERROR(admin.login(admin_user, admin_password));
    const std::string suffix = crypto::random_string(6, "abcdefghijkmnpqrstuvwxyz");
    for (const auto& [user, role] : {std::pair<std::string, std::string>{"bench-op-", "operator"},
                                     {"bench-rev-", "reviewer"}}) {
      GMSEAL_RETURN_IF_ERROR(admin.post("/api/v1/users", {{"username", user + suffix},
                                                          {"password", "bench password " + suffix},
                                                          {"roles", {role}}}));
    }
    p->operator_ = std::make_unique<ApiClient>(p->host_, p->port_);
    p->reviewer_ = std::make_unique<ApiClient>(p->host_, p->port_);
    GMSEAL_RETURN_IF_ERROR(p->operator_->login("bench-op-" + suffix, "bench password " + suffix));
    GMSEAL_RETURN_IF_ERROR(p->reviewer_->login("bench-rev-" + suffix, "bench password " + suffix));
    return p;
  }

  ~BenchPlatform() {
    operator_.reset();
    reviewer_.reset();
    if (api_) api_->stop();
    if (platform_) platform_->worker().stop();
    if (province_server_) province_server_->stop();
    api_.reset();
    platform_.reset();
    province_server_.reset();
    service_.reset();
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  const std::string& host() const { return host_; }
  int port() const { return port_; }

  // Submits `count` new applications, approves each, and waits (at most `limit`) until the
  // worker has made every seal through the province and the applications are ready. Returns
  // the seal codes.
  Result<std::vector<std::string>> make_seals(
      int count, std::chrono::seconds limit = std::chrono::seconds(600)) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      GMSEAL_ASSIGN_OR_RETURN(
          json app, operator_->post("/api/v1/applications", new_application_body(image_base64_)));
      ids.push_back(app.at("id").get<std::string>());
    }
    for (const std::string& id : ids) {
      GMSEAL_RETURN_IF_ERROR(
          reviewer_->post("/api/v1/applications/" + id + "/approve", json::object()));
    }
    std::vector<std::string> codes;
    std::set<std::string> waiting(ids.begin(), ids.end());
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!waiting.empty()) {
      for (auto it = waiting.begin(); it != waiting.end();) {
        GMSEAL_ASSIGN_OR_RETURN(json app, operator_->get("/api/v1/applications/" + *it));
        const std::string status = app.value("status", "");
        if (status == "failed" || status == "rejected") {
          return make_error("bench.application", "application " + *it + " " + status + ": " +
                                                     app.value("reason", std::string()));
        }
        if (status == "ready") {
          codes.push_back(app.at("sealCode").get<std::string>());
          it = waiting.erase(it);
        } else {
          ++it;
        }
      }
      if (waiting.empty()) break;
      if (std::chrono::steady_clock::now() > deadline) {
        return make_error("bench.timeout", std::to_string(waiting.size()) +
                                               " applications still not ready after " +
                                               std::to_string(limit.count()) + " s");
      }
      // The worker makes seals in batches; polling every 50 ms adds at most that to the total.
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return codes;
  }

 private:
  BenchPlatform() = default;

  static std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
  }

  Status use_external(const std::string& url) {
    const std::size_t scheme = url.find("://");
    const std::size_t colon = url.rfind(':');
    if (scheme == std::string::npos || colon == std::string::npos || colon < scheme + 3) {
      return make_error("bench.usage", "GMSEAL_BENCH_SERVER must be http://HOST:PORT");
    }
    host_ = url.substr(scheme + 3, colon - scheme - 3);
    port_ = std::atoi(url.c_str() + colon + 1);
    return {};
  }

  Status start_in_process(const std::string& admin_user, const std::string& admin_password,
                          int http_threads) {
    dir_ = std::filesystem::temp_directory_path() /
           ("gmseal-server-bench-" + hex_encode(crypto::random_bytes(6)));
    GMSEAL_ASSIGN_OR_RETURN(province::ProvinceData data,
                            province::ProvinceData::init(dir_ / "province", {}));
    GMSEAL_ASSIGN_OR_RETURN(service_, province::ProvinceService::open(data, {}));
    province_server_ =
        std::make_unique<province::ProvinceServer>(service_, std::vector<province::FaultSpec>{});
    GMSEAL_ASSIGN_OR_RETURN(const int province_port, province_server_->start("127.0.0.1", 0));

    server::PlatformConfig config;
    config.data_dir = dir_ / "platform";
    config.db_url = env("GMSEAL_BENCH_DB");  // empty: SQLite in data_dir
    config.admin_user = admin_user;
    config.admin_password = admin_password;
    config.org_code = "HNGMSLBENCH1";
    config.http_threads = http_threads;
    GMSEAL_ASSIGN_OR_RETURN(platform_, server::Platform::open(config, nullptr));
    GMSEAL_ASSIGN_OR_RETURN(
        const protocol::RegistrationPackage package,
        service_->register_system(platform_->system_certificate(), config.org_code,
                                  "gmseal 基准测试平台", "http://127.0.0.1:1/"));
    server::ProvinceEndpoint endpoint{"http://127.0.0.1:" + std::to_string(province_port),
                                      config.province_base_path, package.system_certificate()};
    platform_->set_province(std::make_shared<server::HttpProvinceGateway>(
        endpoint, platform_->system_key(), platform_->system_certificate()));
    platform_->set_province_root(data.root());
    platform_->worker().start();

    api_ = std::make_unique<service::ApiServer>(platform_->users(), config.http_threads);
    server::add_all_routes(*api_, *platform_);
    GMSEAL_RETURN_IF_ERROR(api_->start("127.0.0.1", 0));
    host_ = "127.0.0.1";
    port_ = api_->port();
    return {};
  }

  std::filesystem::path dir_;
  std::shared_ptr<province::ProvinceService> service_;
  std::unique_ptr<province::ProvinceServer> province_server_;
  std::unique_ptr<server::Platform> platform_;
  std::unique_ptr<service::ApiServer> api_;
  std::string host_;
  int port_ = 0;
  std::string image_base64_;
  std::unique_ptr<ApiClient> operator_, reviewer_;
};

}  // namespace gmseal::bench
