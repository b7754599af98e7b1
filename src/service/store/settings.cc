#include "service/store/settings.h"

namespace gmseal::service {

std::optional<std::string> read_setting(soci::session& sql, const std::string& name) {
  std::string value;
  soci::indicator indicator = soci::i_null;
  sql << "SELECT value FROM settings WHERE name = :n", soci::use(name),
      soci::into(value, indicator);
  if (!sql.got_data() || indicator != soci::i_ok) return std::nullopt;
  return value;
}

void write_setting(soci::session& sql, const std::string& name, const std::string& value) {
  // Portable upsert (SQLite and PostgreSQL): the caller's transaction makes the pair atomic.
  sql << "DELETE FROM settings WHERE name = :n", soci::use(name);
  sql << "INSERT INTO settings (name, value) VALUES (:n, :v)", soci::use(name), soci::use(value);
}

}  // namespace gmseal::service
