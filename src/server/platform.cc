#include "server/platform.h"
#include "server/store/platform_schema.h"

#include <unistd.h>

#include <cstdio>

#include "crypto/cert_builder.h"
#include "crypto/random.h"
#include "crypto/signer.h"
#include "crypto/sm3.h"
#include "server/outbox/outbox.h"
#include "server/ukey/ukey_station.h"
#include "server/workflow/application_store.h"
#include "server/workflow/application_validation.h"
#include "server/workflow/request_package_check.h"
#include "service/audit/audit_log.h"
#include "util/file_io.h"
#include "util/json_text.h"
#include "validate/uscc.h"

namespace gmseal::server {

namespace fs = std::filesystem;
using nlohmann::json;

Platform::~Platform() { stop_worker(); }

namespace {

// The platform's own unit code for its system certificate (demo: derived and valid).
std::string demo_platform_uscc() {
  const std::string first17 = "91430100MA4PLATF0";
  return first17 + validate::uscc_check_character(first17);
}

}  // namespace

const std::set<Role>& platform_roles() {
  static const std::set<Role> roles = {Role::kAdmin, Role::kOperator, Role::kReviewer,
                                       Role::kAuditor};
  return roles;
}

Result<std::unique_ptr<Platform>> Platform::open(const PlatformConfig& config,
                                                 std::shared_ptr<ProvinceGateway> province) {
  std::unique_ptr<Platform> p(new Platform());
  // Audit records of the outbox worker name the node (host and process), so that work shared
  // by several nodes stays attributable.
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  p->worker_source_ = "worker@" + std::string(host) + ":" + std::to_string(::getpid());
  p->config_ = config;
  p->province_ = std::move(province);
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec)
    return make_error("server.data_dir",
                      "cannot create " + config.data_dir.string() + ": " + ec.message());
  GMSEAL_ASSIGN_OR_RETURN(KeyStore keys, KeyStore::open(config.data_dir));
  p->keys_ = std::make_unique<KeyStore>(std::move(keys));
  const std::string url = config.db_url.empty()
                              ? "sqlite://" + (config.data_dir / "gmseal.db").string()
                              : config.db_url;
  GMSEAL_ASSIGN_OR_RETURN(p->db_, Database::open(url, platform_schema()));
  p->users_ = std::make_shared<UserStore>(p->db_, platform_roles());
  if (!config.admin_user.empty()) {
    GMSEAL_RETURN_IF_ERROR(p->users_->bootstrap_admin(config.admin_user, config.admin_password));
  }
  // The built-in CA connector: the test CA issues signer and system certificates.
  const std::string ca_pass = p->keys_->derived_password("ca");
  auto ca = ca::TestCa::open(config.data_dir / "ca", ca_pass);
  if (!ca.ok() && ca.error().code == "ca.not_found") {
    ca = ca::TestCa::init(config.data_dir / "ca", config.platform_name + " CA", 3650, ca_pass);
  }
  if (!ca.ok()) return ca.error();
  p->ca_ = std::make_unique<ca::TestCa>(std::move(*ca));
  // The platform's system key and certificate (signs envelopes and status answers).
  const fs::path cert_file = config.data_dir / "system.cert.pem";
  if (!fs::exists(cert_file)) {
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PrivateKey key, crypto::Sm2PrivateKey::generate());
    crypto::CertTemplate spec{crypto::CertProfile::kSystem,
                              config.platform_name,
                              demo_platform_uscc(),
                              now() - std::chrono::minutes(5),
                              now() + std::chrono::days(3650),
                              ""};
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert, p->ca_->issue(spec, key.public_key()));
    GMSEAL_RETURN_IF_ERROR(p->keys_->store_private_key("system", key));
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(cert_file, cert.pem()));
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::string cert_pem, read_text_file(cert_file));
  GMSEAL_ASSIGN_OR_RETURN(p->system_cert_, crypto::Certificate::from_pem(cert_pem));
  GMSEAL_ASSIGN_OR_RETURN(p->system_key_, p->keys_->load_private_key("keys/system.key.pem"));
  if (!config.ukey_station.library.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(p->ukey_station_, UkeyStation::open(config.ukey_station));
  }
  return p;
}

void Platform::set_province(std::shared_ptr<ProvinceGateway> province) {
  std::lock_guard<std::mutex> lock(province_mutex_);
  province_ = std::move(province);
}

std::shared_ptr<ProvinceGateway> Platform::province() {
  std::lock_guard<std::mutex> lock(province_mutex_);
  return province_;
}

// Which seal states each lifecycle operation starts from.
Status Platform::check_target(soci::session& sql, ApplicationKind kind, const std::string& code) {
  const std::optional<SealRecord> seal = find_seal(sql, code);
  if (!seal) return make_error("seal.not_found", "no seal with code " + code, "sealCode");
  const SealStatus s = seal->effective_status(now());
  auto refuse = [&](const std::string& why) {
    return make_error("seal.illegal_transition",
                      "seal " + code + " is " + std::string(to_string(s)) + ": " + why, "sealCode");
  };
  using K = ApplicationKind;
  using S = SealStatus;
  switch (kind) {
    case K::kFreeze:
      if (s != S::kValid) return refuse("only a valid seal can be frozen");
      break;
    case K::kUnfreeze:
      if (s != S::kFrozen) return refuse("only a frozen seal can be unfrozen");
      break;
    case K::kCancel:
      if (s != S::kValid && s != S::kFrozen && s != S::kLost && s != S::kExpired) {
        return refuse("it cannot be cancelled");
      }
      break;
    case K::kLoss:
    case K::kChange:
    case K::kReplace:
      if (s != S::kValid && s != S::kFrozen)
        return refuse("the operation needs a valid or frozen seal");
      break;
    case K::kRenew:
      if (s != S::kValid && s != S::kFrozen && s != S::kExpired)
        return refuse("it cannot be renewed");
      break;
    case K::kUnlock:
      if (seal->carrier != "ukey") return refuse("only UKey seals have a PIN to unlock");
      if (s != S::kValid && s != S::kFrozen) return refuse("only a live seal's UKey is unlocked");
      if (!find_ukey_for_seal(sql, code)) {
        return refuse(
            "its UKey is the unit's own, so the platform holds no admin PIN for it; the unit "
            "unblocks the PIN with its own admin PIN");
      }
      break;
    case K::kNew:
      break;
  }
  if (has_open_application_for(sql, code)) {
    return make_error("application.conflict",
                      "seal " + code + " already has an application in progress", "sealCode");
  }
  return {};
}

namespace {

// A request package makes one seal: filed again (a replay), it is refused.
Status check_package_unused(soci::session& sql, const std::string& sm3) {
  std::string application;
  soci::indicator ind = soci::i_null;
  sql << "SELECT application_id FROM seal_request_packages WHERE sm3 = :s", soci::use(sm3),
      soci::into(application, ind);
  if (sql.got_data()) {
    return make_error("invalid_field",
                      "seal.requestPackage: this package was already filed with application " +
                          application + " (protocol.request_package.replayed)",
                      kRequestPackageField);
  }
  return {};
}

}  // namespace

Result<Application> Platform::submit(const json& body, const Actor& actor) {
  if (!body.contains("kind") || !body.at("kind").is_string()) {
    return make_error("invalid_field", "kind is required", "kind");
  }
  GMSEAL_ASSIGN_OR_RETURN(const ApplicationKind kind,
                          parse_application_kind(body.at("kind").get<std::string>()));
  GMSEAL_RETURN_IF_ERROR(validate_application(kind, body, now()));
  const json seal_part = body.value("seal", json::object());
  if (!ukey_station_ && seal_part.value("carrier", "") == "ukey" &&
      seal_part.value("signerCertPem", "").empty()) {
    return no_ukey_station();
  }
  const std::string target = kind_targets_seal(kind) ? body.at("sealCode").get<std::string>() : "";
  std::string package_sm3;
  if (seal_part.contains("requestPackage")) {
    // validate_application() verified the package; its SM3 identifies it for the replay check.
    GMSEAL_ASSIGN_OR_RETURN(const Bytes der,
                            base64_decode(seal_part.at("requestPackage").get<std::string>()));
    package_sm3 = hex_encode(crypto::sm3(der));
  }
  return db_->transact_value<Application>([&](soci::session& sql) -> Result<Application> {
    if (!target.empty()) GMSEAL_RETURN_IF_ERROR(check_target(sql, kind, target));
    if (!package_sm3.empty()) GMSEAL_RETURN_IF_ERROR(check_package_unused(sql, package_sm3));
    GMSEAL_ASSIGN_OR_RETURN(Application app,
                            insert_application(sql, kind, body, target, actor.name, actor.source));
    if (!package_sm3.empty()) {
      const long long at = to_unix(app.created_at);
      sql << "INSERT INTO seal_request_packages (sm3, application_id, filed_at) VALUES (:s, :a, "
             ":t)",
          soci::use(package_sm3), soci::use(app.id), soci::use(at);
    }
    return app;
  });
}

Result<Application> Platform::reject(const std::string& id, const std::string& reason,
                                     const Actor& reviewer) {
  if (reason.empty()) return make_error("invalid_field", "a rejection needs a reason", "reason");
  return db_->transact_value<Application>([&](soci::session& sql) -> Result<Application> {
    GMSEAL_ASSIGN_OR_RETURN(Application app, load_application(sql, id));
    GMSEAL_RETURN_IF_ERROR(transition_application(sql, app, ApplicationStatus::kRejected,
                                                  reviewer.name, reviewer.source, reason));
    return app;
  });
}

Result<Application> Platform::application(const std::string& id) {
  return db_->transact_value<Application>(
      [&](soci::session& sql) -> Result<Application> { return load_application(sql, id); });
}

Result<std::vector<Application>> Platform::applications(std::optional<ApplicationStatus> status,
                                                        int limit) {
  return db_->transact_value<std::vector<Application>>(
      [&](soci::session& sql) -> Result<std::vector<Application>> {
        return list_applications(sql, status, limit);
      });
}

Result<SealRecord> Platform::seal(const std::string& code) {
  return db_->transact_value<SealRecord>([&](soci::session& sql) -> Result<SealRecord> {
    auto s = find_seal(sql, code);
    if (!s) return make_error("seal.not_found", "no seal with code " + code, "code");
    return *s;
  });
}

Result<Bytes> Platform::seal_file(const std::string& code, const Actor& actor) {
  return db_->transact_value<Bytes>([&](soci::session& sql) -> Result<Bytes> {
    auto s = find_seal(sql, code);
    if (!s) return make_error("seal.not_found", "no seal with code " + code, "code");
    if (s->seal_der_base64.empty()) {
      return make_error("seal.not_ready", "seal " + code + " has not been made yet", "code");
    }
    GMSEAL_ASSIGN_OR_RETURN(Bytes der, base64_decode(s->seal_der_base64));
    auto app = load_application(sql, s->application_id);
    if (app.ok() && app->status == ApplicationStatus::kReady) {
      GMSEAL_RETURN_IF_ERROR(transition_application(sql, *app, ApplicationStatus::kDelivered,
                                                    actor.name, actor.source,
                                                    "seal file downloaded"));
      // Delivered: the unit has its token and PIN; the platform keeps only the admin PIN.
      forget_ukey_user_pin(sql, code);
    }
    GMSEAL_RETURN_IF_ERROR(
        append_audit(sql, actor.name, actor.source, "seal.download", "seal:" + code));
    return der;
  });
}

namespace {

Result<UkeyRelease> open_release(const KeyStore& keys, const UkeyRecord& ukey) {
  UkeyRelease out{ukey.serial, ukey.device, ukey.application, ukey.container, {}, std::nullopt};
  GMSEAL_ASSIGN_OR_RETURN(out.admin_pin, keys.open_secret(ukey.admin_pin_sealed,
                                                          ukey_admin_pin_context(ukey.seal_code)));
  if (!ukey.user_pin_sealed.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(out.user_pin, keys.open_secret(ukey.user_pin_sealed,
                                                           ukey_user_pin_context(ukey.seal_code)));
  }
  return out;
}

Error no_issued_ukey(const std::string& code) {
  return make_error("ukey.not_found",
                    "the platform issued no UKey for seal " + code +
                        " (a unit's own UKey: its PINs are the unit's)",
                    "code");
}

}  // namespace

Result<UkeyRelease> Platform::release_unlock_pin(const std::string& id, const Actor& actor) {
  return db_->transact_value<UkeyRelease>([&](soci::session& sql) -> Result<UkeyRelease> {
    GMSEAL_ASSIGN_OR_RETURN(Application app, load_application(sql, id));
    if (app.kind != ApplicationKind::kUnlock) {
      return make_error("application.illegal_transition",
                        "application " + id + " is not an unlock");
    }
    const std::optional<UkeyRecord> ukey = find_ukey_for_seal(sql, app.target_seal);
    if (!ukey) return no_issued_ukey(app.target_seal);
    GMSEAL_RETURN_IF_ERROR(transition_application(sql, app, ApplicationStatus::kDelivered,
                                                  actor.name, actor.source,
                                                  "UKey admin PIN released"));
    GMSEAL_RETURN_IF_ERROR(append_audit(
        sql, actor.name, actor.source, "ukey.release", "seal:" + app.target_seal,
        json_text(json({{"serial", ukey->serial}, {"purpose", "unlock"}, {"application", id}}))));
    GMSEAL_ASSIGN_OR_RETURN(UkeyRelease release, open_release(*keys_, *ukey));
    release.user_pin.reset();  // an unlock sets a new user PIN; the old one is not handed out
    return release;
  });
}

Result<std::optional<UkeyRecord>> Platform::issued_ukey(const std::string& code) {
  return db_->transact_value<std::optional<UkeyRecord>>(
      [&](soci::session& sql) -> Result<std::optional<UkeyRecord>> {
        return find_ukey_for_seal(sql, code);
      });
}

Result<UkeyRelease> Platform::release_ukey_for_delivery(const std::string& code,
                                                        const std::string& serial,
                                                        const Actor& actor) {
  return db_->transact_value<UkeyRelease>([&](soci::session& sql) -> Result<UkeyRelease> {
    const std::optional<SealRecord> seal = find_seal(sql, code);
    if (!seal) return make_error("seal.not_found", "no seal with code " + code, "code");
    const std::optional<UkeyRecord> ukey = find_ukey_for_seal(sql, code);
    if (!ukey) return no_issued_ukey(code);
    if (ukey->serial != serial) {
      return make_error("ukey.bad_serial",
                        "the token presented (serial " + serial + ") is not the UKey issued for " +
                            code + " (serial " + ukey->serial + ")",
                        "serial");
    }
    GMSEAL_ASSIGN_OR_RETURN(const Application app, load_application(sql, seal->application_id));
    if (app.status != ApplicationStatus::kReady) {
      return make_error("application.illegal_transition",
                        "the PINs of a UKey are released for delivery only while the application "
                        "that made its seal is ready; application " +
                            app.id + " is " + std::string(to_string(app.status)) +
                            " (after delivery, an unlock application releases the admin PIN)",
                        "code");
    }
    GMSEAL_RETURN_IF_ERROR(append_audit(
        sql, actor.name, actor.source, "ukey.release", "seal:" + code,
        json_text(json({{"serial", serial}, {"purpose", "delivery"}, {"application", app.id}}))));
    return open_release(*keys_, *ukey);
  });
}

}  // namespace gmseal::server
