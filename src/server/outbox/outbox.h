// The outbox: messages the province must receive, written in the same transaction as the state
// change that needs them, and delivered by a worker with retries and backoff. Each row keeps its
// transId for life, so a retry after a crash or timeout is recognisable at the province as the
// same request (no duplicate seal, no duplicate revocation).
//
// Several server processes may share one PostgreSQL database: claim_due() leases rows with
// SELECT ... FOR UPDATE SKIP LOCKED and pushes their next attempt past the lease, so a row is
// worked on by one process at a time and picked up again if that process dies.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/foundation.h"
#include "service/store/database.h"
#include "service/store/soci.h"

namespace gmseal::server {

struct OutboxItem {
  std::string id;
  std::string kind;  // "make", "download", "revoke", "status"
  nlohmann::json payload;
  std::string trans_id;
  int attempts = 0;    // earlier attempts (claims), including any a dead node did not finish
  std::string status;  // "pending", "done", "failed"
  std::string last_error;
};

// Queues an item in the caller's transaction; returns its id.
std::string enqueue_outbox(soci::session& sql, const std::string& kind,
                           const nlohmann::json& payload);

// Whether a message about this seal (payload sealCode) is still waiting to reach the province.
bool outbox_pending_for_seal(soci::session& sql, const std::string& seal_code);

// Leases up to `limit` due items for `lease_seconds`.
Result<std::vector<OutboxItem>> claim_due_outbox(Database& db, int limit, int lease_seconds);

// Whether `item` is still leased to us (not done or failed meanwhile).
bool outbox_item_pending(soci::session& sql, const std::string& id);
void mark_outbox_done(soci::session& sql, const std::string& id);
// Schedules a retry after an exponential backoff (1 s doubling, capped at 5 min).
void mark_outbox_retry(soci::session& sql, const OutboxItem& item, const std::string& error);
void mark_outbox_failed(soci::session& sql, const std::string& id, const std::string& error);

struct OutboxCounts {
  long long pending = 0, done = 0, failed = 0;
};
OutboxCounts count_outbox(soci::session& sql);

}  // namespace gmseal::server
