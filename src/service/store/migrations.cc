#include "service/store/migrations.h"

#include <string>
#include <vector>

namespace gmseal::service {

Status run_migrations(soci::session& sql, DbEngine engine, const Schema& schema) {
  if (engine == DbEngine::kPostgres) {
    // Two nodes starting together must not both migrate.
    sql << "SELECT pg_advisory_xact_lock(7405001)";
  }
  sql << "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
  int count = 0;
  sql << "SELECT COUNT(*) FROM schema_version", soci::into(count);
  if (count == 0) sql << "INSERT INTO schema_version (version) VALUES (0)";
  int version = 0;
  sql << "SELECT version FROM schema_version", soci::into(version);
  if (version > schema.version()) {
    return make_error("store.migration_failed",
                      "the database schema (version " + std::to_string(version) +
                          ") is newer than this gmseal's " + schema.name + " schema (" +
                          std::to_string(schema.version()) + ")");
  }
  for (int v = version; v < schema.version(); ++v) {
    for (const std::string& step : schema.versions[static_cast<std::size_t>(v)](engine)) {
      sql << step;
    }
    const int next = v + 1;
    sql << "UPDATE schema_version SET version = :v", soci::use(next);
  }
  return {};
}

}  // namespace gmseal::service
