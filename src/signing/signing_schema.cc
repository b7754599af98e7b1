#include "signing/signing_schema.h"

namespace gmseal::signing {

namespace {

// Version 1: the foundation's tables and API keys, then:
//   seal_requests  keys generated for seal requests, their packages and sealed access passwords
//   seals          imported seals (the .esl as received), usable while status = 'active'
//   grants         who may use which seal, when, for what, how often, with whose approval
//   approvals      second-person approvals, each good for one use
//   uses           one row per signature made (counts the quotas)
//   batch_jobs / batch_items   batch signing, each document's outcome
std::vector<std::string> version_1(service::DbEngine engine) {
  std::vector<std::string> steps = service::foundation_tables(engine);
  for (std::string& step : service::api_key_tables()) steps.push_back(std::move(step));
  const std::vector<std::string> own = {
      "CREATE TABLE seal_requests (id TEXT PRIMARY KEY, unit_uscc TEXT NOT NULL, "
      "unit_name TEXT NOT NULL, seal_name TEXT NOT NULL, category TEXT NOT NULL, "
      "key_index INTEGER NOT NULL UNIQUE, key_password_sealed TEXT NOT NULL, "
      "public_key TEXT NOT NULL, package TEXT NOT NULL, package_sm3 TEXT NOT NULL, "
      "created_by TEXT NOT NULL, created_at BIGINT NOT NULL, seal_code TEXT)",
      "CREATE TABLE seals (code TEXT PRIMARY KEY, request_id TEXT NOT NULL UNIQUE, "
      "seal_der TEXT NOT NULL, cert_pem TEXT NOT NULL, name TEXT NOT NULL, "
      "unit_uscc TEXT NOT NULL, valid_to BIGINT NOT NULL, status TEXT NOT NULL, "
      "imported_by TEXT NOT NULL, imported_at BIGINT NOT NULL)",
      "CREATE TABLE grants (id TEXT PRIMARY KEY, username TEXT NOT NULL, seal_code TEXT NOT NULL, "
      "not_before BIGINT NOT NULL, not_after BIGINT NOT NULL, kinds TEXT NOT NULL, "
      "daily_limit INTEGER NOT NULL, total_limit INTEGER NOT NULL, "
      "approval_required INTEGER NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL, "
      "revoked INTEGER NOT NULL DEFAULT 0)",
      "CREATE INDEX grants_user_seal ON grants(username, seal_code)",
      "CREATE TABLE approvals (id TEXT PRIMARY KEY, username TEXT NOT NULL, "
      "seal_code TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, status TEXT NOT NULL, "
      "requested_at BIGINT NOT NULL, decided_by TEXT, decided_at BIGINT)",
      "CREATE TABLE uses (id TEXT PRIMARY KEY, grant_id TEXT NOT NULL, username TEXT NOT NULL, "
      "seal_code TEXT NOT NULL, kind TEXT NOT NULL, at BIGINT NOT NULL, day TEXT NOT NULL, "
      "approval_id TEXT, batch_item TEXT UNIQUE)",
      "CREATE INDEX uses_grant_day ON uses(grant_id, day)",
      "CREATE TABLE batch_jobs (id TEXT PRIMARY KEY, username TEXT NOT NULL, "
      "api_client TEXT NOT NULL, source TEXT NOT NULL, seal_code TEXT NOT NULL, "
      "kind TEXT NOT NULL, position TEXT NOT NULL, total INTEGER NOT NULL, "
      "status TEXT NOT NULL, created_at BIGINT NOT NULL)",
      "CREATE TABLE batch_items (job_id TEXT NOT NULL, idx INTEGER NOT NULL, name TEXT NOT NULL, "
      "status TEXT NOT NULL, error TEXT, sm3_in TEXT, sm3_out TEXT, PRIMARY KEY (job_id, idx))",
  };
  steps.insert(steps.end(), own.begin(), own.end());
  return steps;
}

}  // namespace

const service::Schema& signing_schema() {
  static const service::Schema schema{"signing", {version_1}};
  return schema;
}

}  // namespace gmseal::signing
