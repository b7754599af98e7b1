#include "server/ukey/ukey_registry.h"

namespace gmseal::server {

namespace {

std::string text_or_empty(const soci::row& row, std::size_t i) {
  return row.get_indicator(i) == soci::i_null ? "" : row.get<std::string>(i);
}

}  // namespace

std::string ukey_admin_pin_context(const std::string& seal_code) {
  return "ukey-admin-pin:" + seal_code;
}

std::string ukey_user_pin_context(const std::string& seal_code) {
  return "ukey-user-pin:" + seal_code;
}

void insert_ukey(soci::session& sql, const UkeyRecord& ukey) {
  const long long created = to_unix(ukey.created_at);
  sql << "INSERT INTO ukeys (serial, seal_code, device, application, container, "
         "admin_pin_sealed, user_pin_sealed, created_at) VALUES (:serial, :code, :device, :app, "
         ":con, :admin, :user, :created)",
      soci::use(ukey.serial), soci::use(ukey.seal_code), soci::use(ukey.device),
      soci::use(ukey.application), soci::use(ukey.container), soci::use(ukey.admin_pin_sealed),
      soci::use(ukey.user_pin_sealed), soci::use(created);
}

std::optional<UkeyRecord> find_ukey_for_seal(soci::session& sql, const std::string& seal_code) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT serial, seal_code, device, application, container, "
                      "admin_pin_sealed, user_pin_sealed, created_at FROM ukeys "
                      "WHERE seal_code = :code",
       soci::use(seal_code));
  for (const soci::row& row : rows) {
    UkeyRecord u;
    u.serial = row.get<std::string>(0);
    u.seal_code = text_or_empty(row, 1);
    u.device = text_or_empty(row, 2);
    u.application = text_or_empty(row, 3);
    u.container = text_or_empty(row, 4);
    u.admin_pin_sealed = row.get<std::string>(5);
    u.user_pin_sealed = text_or_empty(row, 6);
    u.created_at = from_unix(row.get<long long>(7));
    return u;
  }
  return std::nullopt;
}

void forget_ukey_user_pin(soci::session& sql, const std::string& seal_code) {
  sql << "UPDATE ukeys SET user_pin_sealed = NULL WHERE seal_code = :code", soci::use(seal_code);
}

Result<UkeyRelease> open_ukey_release(const KeyStore& keys, const UkeyRecord& ukey) {
  UkeyRelease out{ukey.serial, ukey.device, ukey.application, ukey.container, {}, std::nullopt};
  GMSEAL_ASSIGN_OR_RETURN(out.admin_pin, keys.open_secret(ukey.admin_pin_sealed,
                                                          ukey_admin_pin_context(ukey.seal_code)));
  if (!ukey.user_pin_sealed.empty()) {
    GMSEAL_ASSIGN_OR_RETURN(out.user_pin, keys.open_secret(ukey.user_pin_sealed,
                                                           ukey_user_pin_context(ukey.seal_code)));
  }
  return out;
}

Error no_issued_ukey(const std::string& seal_code) {
  return make_error("ukey.not_found",
                    "the platform issued no UKey for seal " + seal_code +
                        " (a unit's own UKey: its PINs are the unit's)",
                    "code");
}

}  // namespace gmseal::server
