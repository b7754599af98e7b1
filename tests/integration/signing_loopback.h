// The signing service (gmseal signing serve) in this process, next to a PlatformLoopback
// (platform + provincial emulator), with users admin / sealadmin / sealadmin2 / signer / signer2
// / auditor, and helpers that run the whole request -> application -> import flow.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "platform_loopback.h"
#include "signing/signing_service.h"

namespace gmseal::testing {

inline constexpr const char* kSigningPassword = "password signing";

struct HttpAnswer {
  int status = -1;
  nlohmann::json body;
  std::string raw;
};

// Talks to a service as one user (bearer token).
class ApiUser {
 public:
  ApiUser(std::string url, std::string token) : client_(url), token_(std::move(token)) {
    client_.set_read_timeout(120, 0);
  }
  HttpAnswer post(const std::string& path, const nlohmann::json& body);
  HttpAnswer post_raw(const std::string& path, const std::string& body,
                      const std::string& content_type);
  HttpAnswer get(const std::string& path);
  const std::string& token() const { return token_; }

 private:
  httplib::Client client_;
  std::string token_;
};

std::string login(const std::string& url, const std::string& user, const std::string& password);

class SigningLoopback {
 public:
  // `tune` may change the signing service's configuration before it opens.
  SigningLoopback(const std::filesystem::path& dir,
                  const std::function<void(signing::SigningConfig&)>& tune = {});
  ~SigningLoopback();

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  PlatformLoopback& platform() { return *platform_; }
  signing::SigningService& service() { return *service_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(service_->port()); }
  ApiUser& admin() { return *admin_; }
  ApiUser& sealadmin() { return *sealadmin_; }
  ApiUser& sealadmin2() { return *sealadmin2_; }
  ApiUser& signer() { return *signer_; }
  ApiUser& signer2() { return *signer2_; }
  ApiUser& auditor() { return *auditor_; }

  // A seal request at the signing service for `uscc` (a valid one by default).
  nlohmann::json request_seal(const std::string& uscc = "");
  // The platform's new application filing `package` (base64) for the sample unit `uscc`.
  static nlohmann::json application_with(const std::string& package, const std::string& uscc = "");
  // The whole flow: request, application, approval, making, download, import. Returns the
  // seal code ("" on failure, with a test failure recorded).
  std::string make_and_import_seal();
  // Grants `user` the seal for every kind, without limits, for a day either side of now.
  void grant_all(const std::string& user, const std::string& code);

 private:
  std::string error_;
  std::unique_ptr<PlatformLoopback> platform_;
  std::unique_ptr<signing::SigningService> service_;
  std::unique_ptr<ApiUser> admin_, sealadmin_, sealadmin2_, signer_, signer2_, auditor_;
};

}  // namespace gmseal::testing
