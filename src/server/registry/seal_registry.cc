#include "server/registry/seal_registry.h"

#include "server/workflow/application_store.h"
#include "service/audit/audit_log.h"
#include "util/json_text.h"

namespace gmseal::server {

using nlohmann::json;

Result<SealRecord> SealRegistry::seal(const std::string& code) {
  return context_.db->transact_value<SealRecord>([&](soci::session& sql) -> Result<SealRecord> {
    auto s = find_seal(sql, code);
    if (!s) return make_error("seal.not_found", "no seal with code " + code, "code");
    return *s;
  });
}

Result<Bytes> SealRegistry::seal_file(const std::string& code, const Actor& actor) {
  return context_.db->transact_value<Bytes>([&](soci::session& sql) -> Result<Bytes> {
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

Result<std::optional<UkeyRecord>> SealRegistry::issued_ukey(const std::string& code) {
  return context_.db->transact_value<std::optional<UkeyRecord>>(
      [&](soci::session& sql) -> Result<std::optional<UkeyRecord>> {
        return find_ukey_for_seal(sql, code);
      });
}

Result<UkeyRelease> SealRegistry::release_ukey_for_delivery(const std::string& code,
                                                            const std::string& serial,
                                                            const Actor& actor) {
  return context_.db->transact_value<UkeyRelease>([&](soci::session& sql) -> Result<UkeyRelease> {
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
    return open_ukey_release(*context_.keys, *ukey);
  });
}

}  // namespace gmseal::server
