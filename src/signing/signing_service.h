// signing::SigningService: the seal application system (电子印章应用系统), `gmseal signing
// serve`. It holds seal keys in its crypto device, exports seal request packages, imports the
// seals the platform delivers, and signs PDF, OFD and digests for authorised users under grants,
// gated by the platform's status service, every use audited. API: docs/signing-api.md.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "service/auth/users.h"
#include "service/http/api_server.h"
#include "service/secrets/keystore.h"
#include "service/store/database.h"
#include "signing/batch_jobs.h"
#include "signing/document_previews.h"
#include "signing/key_device.h"
#include "signing/platform_status.h"
#include "signing/seal_requests.h"
#include "signing/seal_use.h"
#include "signing/seal_vault.h"
#include "signing/signing_config.h"
#include "signing/system_identity.h"

namespace gmseal::signing {

// The roles of this service.
const std::set<service::Role>& signing_roles();

class SigningService {
 public:
  // Opens the store (migrating it), the key store, the device and the system identity, and
  // creates the first admin from `admin_user` / `admin_password` when there is no user.
  static Result<std::unique_ptr<SigningService>> open(const SigningConfig& config,
                                                      const std::string& admin_user,
                                                      const std::string& admin_password);
  ~SigningService();

  // Binds the API and starts the batch worker; `http` is the server object to use (TLS, from
  // the CLI's service flags), or null for plain HTTP; `after_routes` may add handlers after the
  // API's (the web console's static files). Errors: server.bind_failed, those of after_routes.
  Status start(const std::string& host, int port, std::unique_ptr<httplib::Server> http = nullptr,
               const std::function<Status(service::ApiServer&)>& after_routes = {});
  void stop();
  int port() const;

  const SigningConfig& config() const { return config_; }
  service::Database& db() { return *db_; }
  std::shared_ptr<service::UserStore> users() { return users_; }
  KeyDevice& device() { return *device_; }
  const SystemIdentity& identity() const { return *identity_; }
  PlatformStatus& platform_status() { return *status_; }
  SealRequests& requests() { return *requests_; }
  SealVault& vault() { return *vault_; }
  SealUse& seal_use() { return *use_; }
  BatchJobs& batches() { return *batches_; }
  // Users' uploads for page previews; public verification previews (owner "").
  DocumentPreviews& previews() { return *previews_; }
  DocumentPreviews& public_previews() { return *public_previews_; }

 private:
  explicit SigningService(SigningConfig config) : config_(std::move(config)) {}

  SigningConfig config_;
  std::shared_ptr<service::Database> db_;
  std::shared_ptr<service::UserStore> users_;
  std::unique_ptr<service::KeyStore> keys_;
  std::unique_ptr<KeyDevice> device_;
  std::unique_ptr<SystemIdentity> identity_;
  std::unique_ptr<PlatformStatus> status_;
  std::unique_ptr<SealRequests> requests_;
  std::unique_ptr<SealVault> vault_;
  std::unique_ptr<SealUse> use_;
  std::unique_ptr<BatchJobs> batches_;
  std::unique_ptr<DocumentPreviews> previews_;
  std::unique_ptr<DocumentPreviews> public_previews_;
  std::unique_ptr<service::ApiServer> api_;
};

}  // namespace gmseal::signing
