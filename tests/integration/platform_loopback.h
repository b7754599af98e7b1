// A second-level platform wired to a first-level emulator over loopback, with an HTTP API on an
// ephemeral port and three users (root admin, olga operator, rita reviewer), for tests that
// drive the platform through its API and the gmseal program. The outbox worker does not run:
// settle() drives it, so a test decides when the province is heard.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "../server/server_test_support.h"
#include "crypto/certificate.h"
#include "province/server.h"
#include "province/service.h"
#include "server/platform.h"
#include "service/http/api_server.h"

namespace gmseal::testing {

inline constexpr const char* kOperatorPassword = "password olga";

class PlatformLoopback {
 public:
  // Sets everything up in `dir`; `config` may preset fields (the UKey station); data_dir,
  // db_url, admin and worker settings are filled in. Check ok() / error() afterwards.
  PlatformLoopback(const std::filesystem::path& dir, Engine engine,
                   server::PlatformConfig config = {});
  ~PlatformLoopback();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  server::Platform& platform() { return *platform_; }
  province::ProvinceService& province() { return *service_; }
  httplib::Client& client() { return *client_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(api_->port()); }
  const std::string& province_root_pem() const { return province_root_pem_; }
  const std::string& operator_token() const { return operator_; }
  const std::string& reviewer_token() const { return reviewer_; }
  const std::string& admin_token() const { return admin_; }

  // Restarts the emulator's HTTP side with `faults` (same data, new port) and points the
  // platform at it. Errors: the server's.
  Status restart_province(std::vector<province::FaultSpec> faults);
  void stop_province();

  std::pair<int, nlohmann::json> post(const std::string& path, const std::string& token,
                                      const nlohmann::json& body);
  std::pair<int, nlohmann::json> get(const std::string& path, const std::string& token);
  // Submits as the operator and approves as the reviewer; returns the approval's answer.
  std::pair<int, nlohmann::json> submit_and_approve(const nlohmann::json& body);
  // Drives the outbox until the application leaves "making"; returns the application.
  nlohmann::json settle(const std::string& id);
  // submit_and_approve, then settle; returns the application.
  nlohmann::json run_application(const nlohmann::json& body);

  // The seal's published status on each side ("?" / "none" when unknown).
  std::string platform_status(const std::string& code);
  std::string province_status(const std::string& code);

 private:
  std::string login(const std::string& user, const std::string& password);

  Status connect_province(int port);

  std::string error_;
  std::optional<crypto::Certificate> province_cert_;  // verifies the emulator's replies
  std::shared_ptr<province::ProvinceService> service_;
  std::unique_ptr<province::ProvinceServer> province_server_;
  std::string province_root_pem_;
  std::unique_ptr<server::Platform> platform_;
  std::unique_ptr<service::ApiServer> api_;
  std::unique_ptr<httplib::Client> client_;
  std::string admin_, operator_, reviewer_;
};

}  // namespace gmseal::testing
