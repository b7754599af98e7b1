// Applications::approve: what each lifecycle operation does when a reviewer approves it (the spec's
// seal-management flows), all in one transaction with its audit records and outbox rows.
#include "server/workflow/applications.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "crypto/cert_builder.h"
#include "crypto/random.h"
#include "protocol/seal_request_package.h"
#include "server/outbox/outbox.h"
#include "server/ukey/ukey_station.h"
#include "server/workflow/application_store.h"
#include "service/audit/audit_log.h"
#include "util/json_text.h"
#include "validate/seal_code.h"
#include "validate/seal_fields.h"

namespace gmseal::server {

using nlohmann::json;

struct Applications::NewSeal {
  SealRecord record;
  SealMakingRequestData making;
  // A UKey the station personalised for this seal, with its PINs sealed for the `ukeys` table.
  std::optional<IssuedUkey> ukey;
  std::string ukey_admin_pin_sealed;
  std::string ukey_user_pin_sealed;
};

namespace {

// The effective seal data of an application: a new application's own body, or for change /
// renew / replace / loss the body that made the target seal, overridden by what this one says.
json merged_request(const json& base, const json& overrides) {
  json out = base;
  for (const char* part : {"unit", "legalRep", "agent", "approver", "seal"}) {
    if (overrides.contains(part) && overrides.at(part).is_object()) {
      for (auto it = overrides.at(part).begin(); it != overrides.at(part).end(); ++it) {
        out[part][it.key()] = it.value();
      }
    }
  }
  return out;
}

std::string size_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : json_text(value);
}

// Digits only: vendor middleware and PIN pads accept them everywhere. The admin PIN is never
// typed by the unit (the platform releases it), the user PIN is.
constexpr std::size_t kUkeyAdminPinLength = 12;
constexpr std::size_t kUkeyUserPinLength = 8;

// The new seal's record as reserved (pending), its code drawn for the unit's region.
Result<SealRecord> reserved_record(const Application& app, const json& unit, const json& seal,
                                   const std::string& vendor_initials) {
  SealRecord r;
  r.status = SealStatus::kPending;
  r.since = r.created_at = now();
  r.application_id = app.id;
  r.unit_uscc = unit.at("uscc").get<std::string>();
  r.unit_name = unit.at("name").get<std::string>();
  r.name = seal.at("name").get<std::string>();
  r.category = seal.at("category").get<std::string>();
  r.carrier = seal.at("carrier").get<std::string>();
  GMSEAL_ASSIGN_OR_RETURN(r.valid_from, validate::parse_wire_time(
                                            seal.at("validFrom").get<std::string>(), "validFrom"));
  GMSEAL_ASSIGN_OR_RETURN(
      r.valid_to, validate::parse_wire_time(seal.at("validTo").get<std::string>(), "validTo"));
  // Seal code: vendor initials + the unit's region + 8 random digits (appendix 2 sealNum).
  GMSEAL_ASSIGN_OR_RETURN(
      const validate::SealCode code,
      validate::SealCode::random(vendor_initials, unit.at("regionCode").get<std::string>()));
  r.code = code.text();
  return r;
}

// The appendix 2 making request for the reserved seal `r` with its signer certificate.
SealMakingRequestData making_request(const SealRecord& r, const json& seal,
                                     const crypto::Certificate& cert, const std::string& bak_type,
                                     const std::string& org_code) {
  SealMakingRequestData m;
  m.seal_name = r.name;
  m.seal_num = r.code;
  m.category = r.category;
  m.height_mm = size_text(seal.at("heightMm"));
  m.width_mm = size_text(seal.at("widthMm"));
  m.image_base64 = seal.at("imagePng").get<std::string>();
  m.valid_start = seal.at("validFrom").get<std::string>();
  m.valid_end = seal.at("validTo").get<std::string>();
  m.sign_cert_base64 = base64_encode(cert.der());
  m.bak_type = bak_type;
  m.carrier = r.carrier == "ukey" ? "1" : "2";
  m.org_code = org_code;
  return m;
}

}  // namespace

Result<crypto::Certificate> Applications::signer_certificate(const Application& app,
                                                             const json& seal, NewSeal& out) {
  SealRecord& r = out.record;
  const crypto::CertTemplate spec{crypto::CertProfile::kUnit,
                                  r.unit_name,
                                  r.unit_uscc,
                                  now() - std::chrono::minutes(5),
                                  std::max(r.valid_to, now() + std::chrono::days(1)),
                                  ""};
  const json own = app.payload.value("seal", json::object());
  if (seal.contains("requestPackage") && seal.at("requestPackage").is_string() &&
      !own.value("requestPackage", "").empty()) {
    // The key lives in the unit's seal application system (docs/seal-request-package.md); the
    // package was verified when THIS application was filed (a later change or renewal of the
    // seal files a new package rather than certify the old key again).
    GMSEAL_ASSIGN_OR_RETURN(const Bytes der,
                            base64_decode(seal.at("requestPackage").get<std::string>()));
    GMSEAL_ASSIGN_OR_RETURN(const auto package, protocol::SealRequestPackage::parse(der));
    r.key_ref = "request-package:" + package.fingerprint();
    return context_.ca->issue(spec, package.certificate_request().public_key());
  }
  if (seal.contains("signerCertPem") && seal.at("signerCertPem").is_string() &&
      !own.value("signerCertPem", "").empty()) {
    // Only a certificate supplied with THIS application is reused; a replacement seal always
    // gets a new one (one certificate serves one seal). A UKey seal with the unit's own
    // certificate lives on the unit's own token, whose PINs the platform never knows.
    return crypto::Certificate::from_pem(seal.at("signerCertPem").get<std::string>());
  }
  if (r.carrier == "ukey") {
    // The platform issues the UKey: the key is generated on the token at the issuing station.
    // The PINs are sealed first, so nothing can fail once a token is personalised.
    if (!context_.ukey_station) return no_ukey_station();
    UkeyOrder order;
    order.label = order.container = r.code;
    order.admin_pin = crypto::random_string(kUkeyAdminPinLength, "0123456789");
    order.user_pin = crypto::random_string(kUkeyUserPinLength, "0123456789");
    GMSEAL_ASSIGN_OR_RETURN(
        out.ukey_admin_pin_sealed,
        context_.keys->seal_secret(order.admin_pin, ukey_admin_pin_context(r.code)));
    GMSEAL_ASSIGN_OR_RETURN(
        out.ukey_user_pin_sealed,
        context_.keys->seal_secret(order.user_pin, ukey_user_pin_context(r.code)));
    GMSEAL_ASSIGN_OR_RETURN(
        out.ukey, context_.ukey_station->issue(order, [&](const crypto::Sm2PublicKey& public_key) {
          return context_.ca->issue(spec, public_key);
        }));
    r.key_ref = context_.ukey_station->key_uri(*out.ukey);
    return out.ukey->certificate;
  }
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PrivateKey key, crypto::Sm2PrivateKey::generate());
  GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate cert, context_.ca->issue(spec, key.public_key()));
  GMSEAL_ASSIGN_OR_RETURN(r.key_ref, context_.keys->store_private_key("seal-" + r.code, key));
  return cert;
}

Result<Applications::NewSeal> Applications::prepare_new_seal(const Application& app,
                                                             const json& data,
                                                             const std::string& bak_type) {
  const json& seal = data.at("seal");
  NewSeal out;
  GMSEAL_ASSIGN_OR_RETURN(
      out.record, reserved_record(app, data.at("unit"), seal, context_.config.vendor_initials));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate cert, signer_certificate(app, seal, out));
  out.record.cert_pem = cert.pem();
  out.record.cert_sm3 = hex_encode(cert.sm3_fingerprint());
  out.making = making_request(out.record, seal, cert, bak_type, context_.config.org_code);
  return out;
}

namespace {

json making_payload(const std::string& app_id, const SealMakingRequestData& m) {
  return {{"applicationId", app_id},
          {"sealCode", m.seal_num},
          {"data",
           {{"sealName", m.seal_name},
            {"sealNum", m.seal_num},
            {"sealSpecificCategory", m.category},
            {"sealHeight", m.height_mm},
            {"sealWidth", m.width_mm},
            {"sealImg", m.image_base64},
            {"validStartTime", m.valid_start},
            {"validEndTime", m.valid_end},
            {"signCert", m.sign_cert_base64},
            {"bakType", m.bak_type},
            {"sealCarrier", m.carrier},
            {"localOr", m.local_or},
            {"sealType", m.seal_type},
            {"orgCode", m.org_code}}}};
}

// Only a submitted application is approved, and not by whoever filed it.
Status check_approvable(const Application& app, const Actor& reviewer) {
  if (app.status != ApplicationStatus::kSubmitted) {
    return make_error("application.illegal_transition",
                      "application " + app.id + " is " + std::string(to_string(app.status)) +
                          ", only a submitted one can be approved",
                      "status");
  }
  if (app.created_by == reviewer.name) {
    return make_error("forbidden",
                      "four-eyes rule: the reviewer cannot approve their own application");
  }
  return {};
}

// What an approved operation does to the seal it targets, and what the province is told.
Status apply_to_target_seal(soci::session& sql, const Application& app, const Actor& reviewer) {
  const std::string& id = app.id;
  const std::string& target = app.target_seal;
  const std::string& who = reviewer.name;
  const std::string& from = reviewer.source;
  using K = ApplicationKind;
  switch (app.kind) {
    case K::kCancel:
      GMSEAL_RETURN_IF_ERROR(
          set_seal_status(sql, target, SealStatus::kCancelled, who, from, "cancel"));
      enqueue_outbox(sql, "revoke",
                     {{"applicationId", id}, {"sealCode", target}, {"reason", "cancel"}});
      break;
    case K::kChange:
      GMSEAL_RETURN_IF_ERROR(
          set_seal_status(sql, target, SealStatus::kCancelled, who, from, "change"));
      enqueue_outbox(sql, "revoke", {{"sealCode", target}, {"reason", "change"}});
      break;
    case K::kLoss:
      GMSEAL_RETURN_IF_ERROR(
          set_seal_status(sql, target, SealStatus::kLost, who, from, "loss reported"));
      enqueue_outbox(sql, "status", {{"sealCode", target}, {"change", "loss"}});
      enqueue_outbox(sql, "revoke", {{"sealCode", target}, {"reason", "loss"}});
      break;
    case K::kReplace:
      GMSEAL_RETURN_IF_ERROR(
          set_seal_status(sql, target, SealStatus::kRevoked, who, from, "carrier replaced"));
      enqueue_outbox(sql, "revoke", {{"sealCode", target}, {"reason", "replace"}});
      break;
    case K::kFreeze:
      GMSEAL_RETURN_IF_ERROR(
          set_seal_status(sql, target, SealStatus::kFrozen, who, from, "freeze"));
      enqueue_outbox(sql, "status",
                     {{"applicationId", id}, {"sealCode", target}, {"change", "freeze"}});
      break;
    case K::kUnfreeze:
      GMSEAL_RETURN_IF_ERROR(
          set_seal_status(sql, target, SealStatus::kValid, who, from, "unfreeze"));
      enqueue_outbox(sql, "status",
                     {{"applicationId", id}, {"sealCode", target}, {"change", "unfreeze"}});
      break;
    case K::kRenew:  // the old seal stays valid until the renewed one is ready
    case K::kNew:
    case K::kUnlock:
      break;
  }
  return {};
}

}  // namespace

Result<json> Applications::resolved_request(const Application& app) {
  if (app.kind == ApplicationKind::kNew) return app.payload;
  GMSEAL_ASSIGN_OR_RETURN(const SealRecord old, seals_.seal(app.target_seal));
  GMSEAL_ASSIGN_OR_RETURN(const Application origin, get(old.application_id));
  json base = origin.payload;
  if (origin.kind != ApplicationKind::kNew && origin.payload.contains("resolvedRequest")) {
    base = origin.payload.at("resolvedRequest");
  }
  json data = merged_request(base, app.payload);
  if (app.kind == ApplicationKind::kReplace && app.payload.contains("seal") &&
      app.payload.at("seal").contains("carrier")) {
    data["seal"]["carrier"] = app.payload.at("seal").at("carrier");
  }
  if (!app.payload.value("seal", json::object()).contains("signerCertPem"))
    data["seal"].erase("signerCertPem");
  return data;
}

Status Applications::reserve_new_seal(soci::session& sql, Application& app,
                                      const json& resolved_payload, const NewSeal& new_seal,
                                      const Actor& reviewer) {
  const std::string& code = new_seal.record.code;
  GMSEAL_RETURN_IF_ERROR(insert_seal(sql, new_seal.record));
  if (!app.target_seal.empty()) set_replaced_by(sql, app.target_seal, code);
  set_application_seal(sql, app, code);
  const std::string payload_text = json_text(resolved_payload);
  sql << "UPDATE applications SET payload = :p WHERE id = :id", soci::use(payload_text),
      soci::use(app.id);
  app.payload = resolved_payload;
  enqueue_outbox(sql, "make", making_payload(app.id, new_seal.making));
  json reserve = {{"application", app.id}, {"signerCertSm3", new_seal.record.cert_sm3}};
  if (new_seal.ukey) {
    UkeyRecord ukey;
    ukey.serial = new_seal.ukey->serial;
    ukey.seal_code = code;
    ukey.device = new_seal.ukey->device;
    ukey.application = new_seal.ukey->application;
    ukey.container = new_seal.ukey->container;
    ukey.admin_pin_sealed = new_seal.ukey_admin_pin_sealed;
    ukey.user_pin_sealed = new_seal.ukey_user_pin_sealed;
    ukey.created_at = now();
    insert_ukey(sql, ukey);
    reserve["ukeySerial"] = ukey.serial;
  }
  return append_audit(sql, reviewer.name, reviewer.source, "seal.reserve", "seal:" + code,
                      json_text(reserve));
}

Result<Application> Applications::approve(const std::string& id, const Actor& reviewer) {
  GMSEAL_ASSIGN_OR_RETURN(Application app, get(id));
  GMSEAL_RETURN_IF_ERROR(check_approvable(app, reviewer));
  // Key generation and certificate issuance happen before the transaction: a retry of the
  // transaction (lock conflict) must not issue twice, and a failure leaves only an unused
  // certificate behind.
  std::optional<NewSeal> new_seal;
  if (kind_makes_seal(app.kind)) {
    GMSEAL_ASSIGN_OR_RETURN(const json data, resolved_request(app));
    GMSEAL_ASSIGN_OR_RETURN(
        NewSeal prepared,
        prepare_new_seal(app, data, app.kind == ApplicationKind::kRenew ? "2" : "1"));
    new_seal = std::move(prepared);
    app.payload["resolvedRequest"] = data;
  }

  auto approved =
      context_.db->transact_value<Application>([&](soci::session& sql) -> Result<Application> {
        GMSEAL_ASSIGN_OR_RETURN(Application current, load_application(sql, id));
        GMSEAL_RETURN_IF_ERROR(transition_application(sql, current, ApplicationStatus::kApproved,
                                                      reviewer.name, reviewer.source, "approved"));
        GMSEAL_RETURN_IF_ERROR(apply_to_target_seal(sql, current, reviewer));
        if (new_seal) {
          GMSEAL_RETURN_IF_ERROR(reserve_new_seal(sql, current, app.payload, *new_seal, reviewer));
        }
        if (current.kind == ApplicationKind::kUnlock) {
          GMSEAL_RETURN_IF_ERROR(transition_application(sql, current, ApplicationStatus::kReady,
                                                        "system", "workflow",
                                                        "admin PIN may be released"));
        } else {
          GMSEAL_RETURN_IF_ERROR(transition_application(sql, current, ApplicationStatus::kMaking,
                                                        "system", "workflow",
                                                        "sent to the province"));
        }
        return current;
      });
  if (!approved.ok() && new_seal && new_seal->ukey) {
    // Nothing records the token: make it blank again for the next approval.
    if (auto wiped = context_.ukey_station->discard(new_seal->ukey->device); !wiped.ok()) {
      spdlog::warn("approve: cannot wipe UKey {} after a failed approval: {}",
                   new_seal->ukey->device, wiped.error().to_string());
    }
  }
  return approved;
}

}  // namespace gmseal::server
