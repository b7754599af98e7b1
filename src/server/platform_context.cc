#include "server/platform_context.h"

#include <unistd.h>

#include <cstdio>

#include "crypto/cert_builder.h"
#include "server/store/platform_schema.h"
#include "server/ukey/ukey_station.h"
#include "util/file_io.h"
#include "validate/uscc.h"

namespace gmseal::server {

namespace fs = std::filesystem;

namespace {

// The platform's own unit code for its system certificate (demo: derived and valid).
std::string demo_platform_uscc() {
  const std::string first17 = "91430100MA4PLATF0";
  return first17 + validate::uscc_check_character(first17);
}

// Audit records of the outbox worker name the node (host and process), so that work shared
// by several nodes stays attributable.
std::string worker_source_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  return "worker@" + std::string(host) + ":" + std::to_string(::getpid());
}

// The built-in CA connector: the test CA issues signer and system certificates.
Result<ca::TestCa> open_builtin_ca(const PlatformConfig& config, const KeyStore& keys) {
  const std::string ca_pass = keys.derived_password("ca");
  auto ca = ca::TestCa::open(config.data_dir / "ca", ca_pass);
  if (!ca.ok() && ca.error().code == "ca.not_found") {
    ca = ca::TestCa::init(config.data_dir / "ca", config.platform_name + " CA", 3650, ca_pass);
  }
  return ca;
}

// The platform's system key and certificate (signs envelopes and status answers), made on the
// first start.
Status open_system_identity(PlatformContext& c) {
  const fs::path cert_file = c.config.data_dir / "system.cert.pem";
  if (!fs::exists(cert_file)) {
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PrivateKey key, crypto::Sm2PrivateKey::generate());
    crypto::CertTemplate spec{
        crypto::CertProfile::kSystem,    c.config.platform_name,          demo_platform_uscc(),
        now() - std::chrono::minutes(5), now() + std::chrono::days(3650), ""};
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert, c.ca->issue(spec, key.public_key()));
    GMSEAL_RETURN_IF_ERROR(c.keys->store_private_key("system", key));
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(cert_file, cert.pem()));
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::string cert_pem, read_text_file(cert_file));
  GMSEAL_ASSIGN_OR_RETURN(c.system_cert, crypto::Certificate::from_pem(cert_pem));
  GMSEAL_ASSIGN_OR_RETURN(c.system_key, c.keys->load_private_key("keys/system.key.pem"));
  return {};
}

}  // namespace

const std::set<Role>& platform_roles() {
  static const std::set<Role> roles = {Role::kAdmin, Role::kOperator, Role::kReviewer,
                                       Role::kAuditor};
  return roles;
}

void ProvinceLink::set_gateway(std::shared_ptr<ProvinceGateway> gateway) {
  std::lock_guard<std::mutex> lock(mutex_);
  gateway_ = std::move(gateway);
}

std::shared_ptr<ProvinceGateway> ProvinceLink::gateway() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return gateway_;
}

void ProvinceLink::set_root(crypto::Certificate root) {
  std::lock_guard<std::mutex> lock(mutex_);
  root_ = std::move(root);
}

std::optional<crypto::Certificate> ProvinceLink::root() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return root_;
}

PlatformContext::PlatformContext() = default;
PlatformContext::~PlatformContext() = default;

Result<std::unique_ptr<PlatformContext>> PlatformContext::open(
    const PlatformConfig& config, std::shared_ptr<ProvinceGateway> province) {
  auto c = std::make_unique<PlatformContext>();
  c->worker_source = worker_source_name();
  c->config = config;
  c->province.set_gateway(std::move(province));
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec)
    return make_error("server.data_dir",
                      "cannot create " + config.data_dir.string() + ": " + ec.message());
  GMSEAL_ASSIGN_OR_RETURN(KeyStore keys, KeyStore::open(config.data_dir));
  c->keys = std::make_unique<KeyStore>(std::move(keys));
  const std::string url = config.db_url.empty()
                              ? "sqlite://" + (config.data_dir / "gmseal.db").string()
                              : config.db_url;
  GMSEAL_ASSIGN_OR_RETURN(c->db, Database::open(url, platform_schema()));
  c->users = std::make_shared<UserStore>(c->db, platform_roles());
  if (!config.admin_user.empty()) {
    GMSEAL_RETURN_IF_ERROR(c->users->bootstrap_admin(config.admin_user, config.admin_password));
  }
  GMSEAL_ASSIGN_OR_RETURN(ca::TestCa ca, open_builtin_ca(config, *c->keys));
  c->ca = std::make_unique<ca::TestCa>(std::move(ca));
  GMSEAL_RETURN_IF_ERROR(open_system_identity(*c));
  if (!config.ukey_station.library.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(c->ukey_station, UkeyStation::open(config.ukey_station));
  }
  return c;
}

}  // namespace gmseal::server
