#include "server/outbox/outbox.h"

#include <algorithm>

#include "crypto/random.h"
#include "service/store/row_values.h"
#include "util/json_text.h"
#include "util/time.h"

namespace gmseal::server {

std::string enqueue_outbox(soci::session& sql, const std::string& kind,
                           const nlohmann::json& payload) {
  const std::string id = hex_encode(crypto::random_bytes(12));
  // 32 lower-case hex characters: the transId form of the specification's samples.
  const std::string trans_id = hex_encode(crypto::random_bytes(16));
  const std::string text = json_text(payload);
  const std::string seal_code = payload.value("sealCode", "");
  const long long at = to_unix(now());
  sql << "INSERT INTO outbox (id, kind, payload, trans_id, status, attempts, next_attempt_at, "
         "created_at, seal_code) VALUES (:id, :kind, :payload, :trans, 'pending', 0, :at, "
         ":created, :seal)",
      soci::use(id), soci::use(kind), soci::use(text), soci::use(trans_id), soci::use(at),
      soci::use(at), soci::use(seal_code);
  return id;
}

bool outbox_pending_for_seal(soci::session& sql, const std::string& seal_code) {
  long long count = 0;
  sql << "SELECT COUNT(*) FROM outbox WHERE seal_code = :c AND status = 'pending'",
      soci::use(seal_code), soci::into(count);
  return count > 0;
}

Result<std::vector<OutboxItem>> claim_due_outbox(Database& db, int limit, int lease_seconds) {
  return db.transact_value<std::vector<OutboxItem>>([&](soci::session& sql)
                                                        -> Result<std::vector<OutboxItem>> {
    std::vector<OutboxItem> items;
    const long long at = to_unix(now());
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, kind, payload, trans_id, attempts FROM outbox WHERE status = "
                        "'pending' AND next_attempt_at <= :at ORDER BY created_at, id LIMIT :lim" +
                            std::string(db.skip_locked()),
         soci::use(at), soci::use(limit));
    for (const soci::row& row : rows) {
      OutboxItem item;
      item.id = row.get<std::string>(0);
      item.kind = row.get<std::string>(1);
      item.payload = nlohmann::json::parse(row.get<std::string>(2), nullptr, false);
      item.trans_id = row.get<std::string>(3);
      item.attempts = row.get<int>(4);
      item.status = "pending";
      items.push_back(std::move(item));
    }
    // The attempt is counted when it is claimed, not when it ends: a node that dies mid-call
    // leaves the count raised, so whoever takes the item over knows an earlier attempt may have
    // reached the province (item.attempts > 0) and accepts its "already done" answer.
    const long long lease_until = at + lease_seconds;
    for (const OutboxItem& item : items) {
      sql << "UPDATE outbox SET next_attempt_at = :t, attempts = attempts + 1 WHERE id = :id",
          soci::use(lease_until), soci::use(item.id);
    }
    return items;
  });
}

bool outbox_item_pending(soci::session& sql, const std::string& id) {
  std::string status;
  sql << "SELECT status FROM outbox WHERE id = :id", soci::use(id), soci::into(status);
  return sql.got_data() && status == "pending";
}

void mark_outbox_done(soci::session& sql, const std::string& id) {
  const long long at = to_unix(now());
  sql << "UPDATE outbox SET status = 'done', done_at = :t WHERE id = :id", soci::use(at),
      soci::use(id);
}

void mark_outbox_retry(soci::session& sql, const OutboxItem& item, const std::string& error) {
  const int delay = std::min(300, 1 << std::min(item.attempts, 9));
  const long long next = to_unix(now()) + delay;
  sql << "UPDATE outbox SET next_attempt_at = :n, last_error = :e WHERE id = :id", soci::use(next),
      soci::use(error), soci::use(item.id);
}

void mark_outbox_failed(soci::session& sql, const std::string& id, const std::string& error) {
  const long long at = to_unix(now());
  sql << "UPDATE outbox SET status = 'failed', last_error = :e, done_at = :t WHERE id = :id",
      soci::use(error), soci::use(at), soci::use(id);
}

OutboxCounts count_outbox(soci::session& sql) {
  OutboxCounts counts;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT status, COUNT(*) FROM outbox GROUP BY status");
  for (const soci::row& row : rows) {
    const long long n = row_int64(row, 1);
    const std::string status = row.get<std::string>(0);
    if (status == "pending") counts.pending = n;
    if (status == "done") counts.done = n;
    if (status == "failed") counts.failed = n;
  }
  return counts;
}

}  // namespace gmseal::server
