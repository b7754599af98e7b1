#include "signing/signing_service.h"

#include "signing/api/routes.h"
#include "signing/signing_schema.h"
#include "tsa/http/tsa_client.h"
#include "util/file_io.h"

namespace gmseal::signing {

const std::set<service::Role>& signing_roles() {
  static const std::set<service::Role> roles = {service::Role::kAdmin, service::Role::kSealAdmin,
                                                service::Role::kSigner, service::Role::kAuditor};
  return roles;
}

SigningService::~SigningService() { stop(); }

Result<std::unique_ptr<SigningService>> SigningService::open(const SigningConfig& config,
                                                             const std::string& admin_user,
                                                             const std::string& admin_password) {
  std::unique_ptr<SigningService> s(new SigningService(config));
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return make_error("signing.data_dir",
                      "cannot create " + config.data_dir.string() + ": " + ec.message());
  }
  const std::string url = config.db_url.empty()
                              ? "sqlite://" + (config.data_dir / "signing.db").string()
                              : config.db_url;
  GMSEAL_ASSIGN_OR_RETURN(s->db_, service::Database::open(url, signing_schema()));
  s->users_ = std::make_shared<service::UserStore>(s->db_, signing_roles());
  if (!admin_user.empty()) {
    GMSEAL_RETURN_IF_ERROR(s->users_->bootstrap_admin(admin_user, admin_password));
  }
  GMSEAL_ASSIGN_OR_RETURN(service::KeyStore keys, service::KeyStore::open(config.data_dir));
  s->keys_ = std::make_unique<service::KeyStore>(std::move(keys));
  GMSEAL_ASSIGN_OR_RETURN(s->device_, KeyDevice::open(config));
  GMSEAL_ASSIGN_OR_RETURN(SystemIdentity identity,
                          load_system_identity(config, *s->device_, *s->db_, *s->keys_));
  s->identity_ = std::make_unique<SystemIdentity>(std::move(identity));
  std::vector<crypto::Certificate> pinned;
  for (const std::string& path : config.platform_cert_files) {
    GMSEAL_ASSIGN_OR_RETURN(const std::string pem, read_text_file(path));
    GMSEAL_ASSIGN_OR_RETURN(auto certs, crypto::Certificate::from_pem_bundle(pem));
    pinned.insert(pinned.end(), certs.begin(), certs.end());
  }
  s->status_ = std::make_unique<PlatformStatus>(config.platform_url, std::move(pinned),
                                                config.status_cache, s->db_);
  s->requests_ = std::make_unique<SealRequests>(s->db_, *s->device_, *s->keys_, *s->identity_);
  s->vault_ = std::make_unique<SealVault>(s->db_, *s->keys_, *s->status_);
  ses::TimestampFn timestamper;
  if (!config.tsa_url.empty()) {
    timestamper = [url = config.tsa_url](ByteView value) { return tsa::request_token(url, value); };
  }
  s->use_ = std::make_unique<SealUse>(s->db_, *s->vault_, *s->device_, *s->status_,
                                      std::move(timestamper));
  s->batches_ = std::make_unique<BatchJobs>(s->db_, *s->use_, config.data_dir / "batches");
  s->previews_ = std::make_unique<DocumentPreviews>(PreviewLimits{
      config.preview_lifetime, config.previews_per_user, config.preview_budget_bytes});
  s->public_previews_ = std::make_unique<DocumentPreviews>(PreviewLimits{
      config.public_preview_lifetime, config.public_previews, config.public_preview_budget_bytes});
  return s;
}

Status SigningService::start(const std::string& host, int port,
                             std::unique_ptr<httplib::Server> http,
                             const std::function<Status(service::ApiServer&)>& after_routes) {
  api_ = http ? std::make_unique<service::ApiServer>(users_, config_.http_threads, std::move(http))
              : std::make_unique<service::ApiServer>(users_, config_.http_threads);
  // The transport's cap (a batch carries many documents); each document's own limit,
  // max_body_bytes, is checked where a document arrives.
  api_->set_max_body_bytes(std::max<std::size_t>(config_.max_body_bytes, 64u << 20));
  api::add_all_routes(*api_, *this);
  if (after_routes) GMSEAL_RETURN_IF_ERROR(after_routes(*api_));
  GMSEAL_RETURN_IF_ERROR(api_->start(host, port));
  batches_->start();
  return {};
}

void SigningService::stop() {
  if (batches_) batches_->stop();
  if (api_) api_->stop();
}

int SigningService::port() const { return api_ ? api_->port() : 0; }

}  // namespace gmseal::signing
