#include "server/store/platform_schema.h"

namespace gmseal::server {

namespace {

using service::DbEngine;

std::vector<std::string> version_1(DbEngine engine) {
  std::vector<std::string> steps = service::foundation_tables(engine);
  const std::vector<std::string> own = {
      "CREATE TABLE applications (id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, "
      "seal_code TEXT, target_seal TEXT, payload TEXT NOT NULL, reason TEXT, "
      "created_by TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
      "CREATE INDEX applications_status ON applications(status)",
      "CREATE TABLE application_history (id TEXT PRIMARY KEY, application_id TEXT NOT NULL, "
      "at BIGINT NOT NULL, actor TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, "
      "note TEXT)",
      "CREATE INDEX application_history_app ON application_history(application_id)",
      "CREATE TABLE seals (code TEXT PRIMARY KEY, status TEXT NOT NULL, since BIGINT NOT NULL, "
      "application_id TEXT NOT NULL, unit_uscc TEXT NOT NULL, unit_name TEXT NOT NULL, "
      "name TEXT NOT NULL, category TEXT NOT NULL, carrier TEXT NOT NULL, "
      "valid_from BIGINT NOT NULL, valid_to BIGINT NOT NULL, cert_sm3 TEXT UNIQUE, "
      "cert_pem TEXT, key_ref TEXT, seal_der TEXT, province_status TEXT, "
      "created_at BIGINT NOT NULL, replaced_by TEXT)",
      "CREATE TABLE outbox (id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, "
      "trans_id TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
      "next_attempt_at BIGINT NOT NULL, last_error TEXT, created_at BIGINT NOT NULL, "
      "done_at BIGINT)",
      "CREATE INDEX outbox_pending ON outbox(status, next_attempt_at)",
      "CREATE TABLE ukeys (serial TEXT PRIMARY KEY, seal_code TEXT, admin_pin_sealed TEXT NOT "
      "NULL, created_at BIGINT NOT NULL)",
  };
  steps.insert(steps.end(), own.begin(), own.end());
  return steps;
}

// Version 2: outbox rows name their seal, so that the provincial status sync can tell a change
// the platform is still sending from one the province made.
std::vector<std::string> version_2(DbEngine) {
  return {
      "ALTER TABLE outbox ADD COLUMN seal_code TEXT",
      "CREATE INDEX outbox_seal ON outbox(seal_code, status)",
  };
}

// Version 3: UKeys the platform issues at its UKey station (server/ukey): where the key was
// made (device, application, container) and the initial user PIN, kept sealed until the seal
// is delivered and then cleared.
std::vector<std::string> version_3(DbEngine) {
  return {
      "ALTER TABLE ukeys ADD COLUMN device TEXT",
      "ALTER TABLE ukeys ADD COLUMN application TEXT",
      "ALTER TABLE ukeys ADD COLUMN container TEXT",
      "ALTER TABLE ukeys ADD COLUMN user_pin_sealed TEXT",
      "CREATE INDEX ukeys_seal ON ukeys(seal_code)",
  };
}

// Version 4: the seal request packages filed with applications (docs/seal-request-package.md),
// each accepted once: a replayed package makes no second seal.
std::vector<std::string> version_4(DbEngine) {
  return {
      "CREATE TABLE seal_request_packages (sm3 TEXT PRIMARY KEY, application_id TEXT NOT NULL, "
      "filed_at BIGINT NOT NULL)",
  };
}

// Version 5: API keys for machine clients (service foundation).
std::vector<std::string> version_5(DbEngine) { return service::api_key_tables(); }

}  // namespace

const service::Schema& platform_schema() {
  static const service::Schema schema{"platform",
                                      {version_1, version_2, version_3, version_4, version_5}};
  return schema;
}

}  // namespace gmseal::server
