#include "service/store/schema.h"

namespace gmseal::service {

namespace {

// The audit table refuses UPDATE and DELETE at the database level; the hash chain detects what
// someone with the power to drop these triggers changes anyway.
std::vector<std::string> audit_guards(DbEngine engine) {
  if (engine == DbEngine::kSqlite) {
    return {
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
        "SELECT RAISE(ABORT, 'audit log is append-only'); END",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "
        "SELECT RAISE(ABORT, 'audit log is append-only'); END",
    };
  }
  return {
      "CREATE OR REPLACE FUNCTION gmseal_audit_append_only() RETURNS trigger AS $$ BEGIN "
      "RAISE EXCEPTION 'audit log is append-only'; END; $$ LANGUAGE plpgsql",
      "CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit "
      "FOR EACH ROW EXECUTE FUNCTION gmseal_audit_append_only()",
  };
}

}  // namespace

std::vector<std::string> foundation_tables(DbEngine engine) {
  std::vector<std::string> steps = {
      "CREATE TABLE users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
      "roles TEXT NOT NULL, created_at BIGINT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0)",
      "CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, "
      "created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
      "CREATE TABLE audit (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, "
      "source TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL, "
      "prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
      "CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
      "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, "
      "'0000000000000000000000000000000000000000000000000000000000000000')",
      "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
  };
  for (std::string& step : audit_guards(engine)) steps.push_back(std::move(step));
  return steps;
}

std::vector<std::string> api_key_tables() {
  return {
      "CREATE TABLE api_keys (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, "
      "username TEXT NOT NULL, label TEXT NOT NULL, created_by TEXT NOT NULL, "
      "created_at BIGINT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)",
  };
}

}  // namespace gmseal::service
