#include "platform_loopback.h"

#include <gtest/gtest.h>

#include "province/province_data.h"
#include "server/api/routes.h"
#include "server/province/http_province_gateway.h"

namespace gmseal::testing {

using nlohmann::json;

PlatformLoopback::PlatformLoopback(const std::filesystem::path& dir, Engine engine,
                                   server::PlatformConfig config) {
  auto data = province::ProvinceData::init(dir / "province", {});
  if (!data.ok()) {
    error_ = data.error().to_string();
    return;
  }
  province_root_pem_ = data->root().pem();
  auto service = province::ProvinceService::open(*data, {});
  if (!service.ok()) {
    error_ = service.error().to_string();
    return;
  }
  service_ = std::shared_ptr<province::ProvinceService>(std::move(*service));
  province_server_ =
      std::make_unique<province::ProvinceServer>(service_, std::vector<province::FaultSpec>{});
  auto province_port = province_server_->start("127.0.0.1", 0);
  if (!province_port.ok()) {
    error_ = province_port.error().to_string();
    return;
  }

  config.data_dir = dir / "platform";
  config.db_url = fresh_database_url(engine, dir);
  config.admin_user = "root";
  config.admin_password = "root password 1";
  config.run_worker = false;
  config.org_code = "HNGMSL0001";
  auto platform = server::Platform::open(config, nullptr);
  if (!platform.ok()) {
    error_ = platform.error().to_string();
    return;
  }
  platform_ = std::move(*platform);
  auto package = service_->register_system(platform_->system_certificate(), config.org_code,
                                           "gmseal 测试平台", "http://127.0.0.1:1/");
  if (!package.ok()) {
    error_ = package.error().to_string();
    return;
  }
  province_cert_ = package->system_certificate();
  if (auto connected = connect_province(*province_port); !connected.ok()) {
    error_ = connected.error().to_string();
    return;
  }
  platform_->set_province_root(data->root());

  api_ = std::make_unique<service::ApiServer>(platform_->users(), 4);
  server::add_all_routes(*api_, *platform_);
  if (auto started = api_->start("127.0.0.1", 0); !started.ok()) {
    error_ = started.error().to_string();
    return;
  }
  client_ = std::make_unique<httplib::Client>("127.0.0.1", api_->port());
  admin_ = login("root", "root password 1");
  post("/api/v1/users", admin_,
       {{"username", "olga"}, {"password", kOperatorPassword}, {"roles", {"operator"}}});
  post("/api/v1/users", admin_,
       {{"username", "rita"}, {"password", "password rita"}, {"roles", {"reviewer"}}});
  operator_ = login("olga", kOperatorPassword);
  reviewer_ = login("rita", "password rita");
  if (operator_.empty() || reviewer_.empty()) error_ = "cannot log the test users in";
}

Status PlatformLoopback::connect_province(int port) {
  server::ProvinceEndpoint endpoint{"http://127.0.0.1:" + std::to_string(port),
                                    "/anysign-ess-server-service", *province_cert_};
  endpoint.timeout_seconds = 3;
  platform_->set_province(std::make_shared<server::HttpProvinceGateway>(
      endpoint, platform_->system_key(), platform_->system_certificate()));
  return {};
}

Status PlatformLoopback::restart_province(std::vector<province::FaultSpec> faults) {
  stop_province();
  province_server_ = std::make_unique<province::ProvinceServer>(service_, std::move(faults));
  GMSEAL_ASSIGN_OR_RETURN(const int port, province_server_->start("127.0.0.1", 0));
  return connect_province(port);
}

void PlatformLoopback::stop_province() {
  if (province_server_) province_server_->stop();
}

PlatformLoopback::~PlatformLoopback() {
  if (api_) api_->stop();
  if (province_server_) province_server_->stop();
}

std::string PlatformLoopback::login(const std::string& user, const std::string& password) {
  return post("/api/v1/session", "", {{"username", user}, {"password", password}})
      .second.value("token", "");
}

std::pair<int, json> PlatformLoopback::post(const std::string& path, const std::string& token,
                                            const json& body) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto res = client_->Post(path.c_str(), headers, body.dump(), "application/json");
  if (!res) return {-1, json()};
  return {res->status, json::parse(res->body, nullptr, false)};
}

std::pair<int, json> PlatformLoopback::get(const std::string& path, const std::string& token) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto res = client_->Get(path.c_str(), headers);
  if (!res) return {-1, json()};
  return {res->status, json::parse(res->body, nullptr, false)};
}

std::pair<int, json> PlatformLoopback::submit_and_approve(const json& body) {
  auto submitted = post("/api/v1/applications", operator_, body);
  if (submitted.first != 201) return submitted;
  return post("/api/v1/applications/" + submitted.second.value("id", "") + "/approve", reviewer_,
              json::object());
}

json PlatformLoopback::settle(const std::string& id) {
  json app;
  for (int i = 0; i < 50; ++i) {
    while (platform_->worker().process_outbox_once() > 0) {
    }
    app = get("/api/v1/applications/" + id, operator_).second;
    if (app["status"] != "making") break;
    (void)platform_->db().transact([](soci::session& sql) -> Status {
      sql << "UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'";
      return {};
    });
  }
  return app;
}

json PlatformLoopback::run_application(const json& body) {
  auto approved = submit_and_approve(body);
  if (approved.first != 200) {
    ADD_FAILURE() << "submit/approve answered " << approved.first << ": " << approved.second.dump();
    return approved.second;
  }
  return settle(approved.second.value("id", ""));
}

std::string PlatformLoopback::platform_status(const std::string& code) {
  return get("/api/v1/status/" + code, "").second.value("status", "?");
}

std::string PlatformLoopback::province_status(const std::string& code) {
  auto outcome = service_->query_status(code);
  return outcome.reply.contains("data") ? outcome.reply["data"].value("sealStatus", "?") : "none";
}

}  // namespace gmseal::testing
