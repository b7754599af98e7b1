#include "server/workflow/applications.h"

#include "crypto/sm3.h"
#include "server/ukey/ukey_station.h"
#include "server/workflow/application_store.h"
#include "server/workflow/application_validation.h"
#include "server/workflow/request_package_check.h"
#include "service/audit/audit_log.h"
#include "util/json_text.h"

namespace gmseal::server {

using nlohmann::json;

// Which seal states each lifecycle operation starts from.
Status Applications::check_target(soci::session& sql, ApplicationKind kind,
                                  const std::string& code) {
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
    return make_error(
        "protocol.request_package.replayed",
        "seal.requestPackage: this package was already filed with application " + application,
        kRequestPackageField);
  }
  return {};
}

}  // namespace

Result<Application> Applications::submit(const json& body, const Actor& actor) {
  if (!body.contains("kind") || !body.at("kind").is_string()) {
    return make_error("invalid_field", "kind is required", "kind");
  }
  GMSEAL_ASSIGN_OR_RETURN(const ApplicationKind kind,
                          parse_application_kind(body.at("kind").get<std::string>()));
  GMSEAL_RETURN_IF_ERROR(validate_application(kind, body, now()));
  const json seal_part = body.value("seal", json::object());
  if (!context_.ukey_station && seal_part.value("carrier", "") == "ukey" &&
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
  return context_.db->transact_value<Application>([&](soci::session& sql) -> Result<Application> {
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

Result<Application> Applications::reject(const std::string& id, const std::string& reason,
                                         const Actor& reviewer) {
  if (reason.empty()) return make_error("invalid_field", "a rejection needs a reason", "reason");
  return context_.db->transact_value<Application>([&](soci::session& sql) -> Result<Application> {
    GMSEAL_ASSIGN_OR_RETURN(Application app, load_application(sql, id));
    GMSEAL_RETURN_IF_ERROR(transition_application(sql, app, ApplicationStatus::kRejected,
                                                  reviewer.name, reviewer.source, reason));
    return app;
  });
}

Result<Application> Applications::get(const std::string& id) {
  return context_.db->transact_value<Application>(
      [&](soci::session& sql) -> Result<Application> { return load_application(sql, id); });
}

Result<std::vector<Application>> Applications::list(std::optional<ApplicationStatus> status,
                                                    int limit) {
  return context_.db->transact_value<std::vector<Application>>(
      [&](soci::session& sql) -> Result<std::vector<Application>> {
        return list_applications(sql, status, limit);
      });
}

Result<UkeyRelease> Applications::release_unlock_pin(const std::string& id, const Actor& actor) {
  return context_.db->transact_value<UkeyRelease>([&](soci::session& sql) -> Result<UkeyRelease> {
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
    GMSEAL_ASSIGN_OR_RETURN(UkeyRelease release, open_ukey_release(*context_.keys, *ukey));
    release.user_pin.reset();  // an unlock sets a new user PIN; the old one is not handed out
    return release;
  });
}

}  // namespace gmseal::server
