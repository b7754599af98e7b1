#include "service/audit/audit_log.h"

#include <nlohmann/json.hpp>

#include "crypto/sm3.h"
#include "util/json_text.h"

namespace gmseal::service {

std::string audit_record_hash(const AuditRecord& r) {
  // Canonical form: a JSON array, so that no field can bleed into the next.
  const nlohmann::json fields = {r.seq,    to_unix(r.at), r.actor, r.source,
                                 r.action, r.object,      r.detail};
  crypto::Sm3 h;
  h.update(to_bytes(r.prev_hash));
  h.update(to_bytes("\n"));
  h.update(to_bytes(json_text(fields)));
  return hex_encode(h.final());
}

Status append_audit(soci::session& sql, const std::string& actor, const std::string& source,
                    const std::string& action, const std::string& object,
                    const std::string& detail) {
  return append_audit_many(sql, {AuditEntry{actor, source, action, object, detail}});
}

Status append_audit_many(soci::session& sql, const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return {};
  AuditRecord r;
  long long head_seq = 0;
  // The UPDATE takes the head row lock first (PostgreSQL), serialising appenders across nodes.
  sql << "UPDATE audit_head SET seq = seq WHERE id = 1";
  sql << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(head_seq),
      soci::into(r.prev_hash);
  long long seq = head_seq;
  long long at = 0;
  soci::statement insert =
      (sql.prepare << "INSERT INTO audit (seq, at, actor, source, action, object, detail, "
                      "prev_hash, hash) VALUES (:seq, :at, :actor, :source, :action, :object, "
                      ":detail, :prev, :hash)",
       soci::use(seq), soci::use(at), soci::use(r.actor), soci::use(r.source), soci::use(r.action),
       soci::use(r.object), soci::use(r.detail), soci::use(r.prev_hash), soci::use(r.hash));
  for (const AuditEntry& e : entries) {
    r.seq = seq = seq + 1;
    r.at = now();
    at = to_unix(r.at);
    r.actor = e.actor;
    r.source = e.source;
    r.action = e.action;
    r.object = e.object;
    r.detail = e.detail;
    r.hash = audit_record_hash(r);
    insert.execute(true);
    r.prev_hash = r.hash;
  }
  sql << "UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1", soci::use(seq),
      soci::use(r.hash);
  return {};
}

namespace {

AuditRecord from_row(const soci::row& row) {
  AuditRecord r;
  r.seq = row.get<long long>(0);
  r.at = from_unix(row.get<long long>(1));
  r.actor = row.get<std::string>(2);
  r.source = row.get<std::string>(3);
  r.action = row.get<std::string>(4);
  r.object = row.get<std::string>(5);
  r.detail = row.get<std::string>(6);
  r.prev_hash = row.get<std::string>(7);
  r.hash = row.get<std::string>(8);
  return r;
}

constexpr const char* kColumns =
    "SELECT seq, at, actor, source, action, object, detail, "
    "prev_hash, hash FROM audit";

}  // namespace

Result<std::vector<AuditRecord>> read_audit(Database& db, std::int64_t after_seq, int limit) {
  return db.transact_value<std::vector<AuditRecord>>(
      [&](soci::session& sql) -> Result<std::vector<AuditRecord>> {
        std::vector<AuditRecord> out;
        const long long after = after_seq;
        soci::rowset<soci::row> rows =
            (sql.prepare << std::string(kColumns) + " WHERE seq > :after ORDER BY seq LIMIT :lim",
             soci::use(after), soci::use(limit));
        for (const soci::row& row : rows) out.push_back(from_row(row));
        return out;
      });
}

Result<AuditVerdict> verify_audit(Database& db) {
  return db.transact_value<AuditVerdict>([&](soci::session& sql) -> Result<AuditVerdict> {
    AuditVerdict verdict;
    std::string expected_prev(64, '0');
    std::int64_t expected_seq = 1;
    soci::rowset<soci::row> rows = (sql.prepare << std::string(kColumns) + " ORDER BY seq");
    for (const soci::row& row : rows) {
      const AuditRecord r = from_row(row);
      const std::string where = "record " + std::to_string(r.seq);
      if (r.seq != expected_seq) {
        verdict.problems.push_back("records " + std::to_string(expected_seq) + ".." +
                                   std::to_string(r.seq - 1) + " are missing");
      }
      if (r.prev_hash != expected_prev) {
        verdict.problems.push_back(where + ": link to the previous record is broken");
      }
      if (audit_record_hash(r) != r.hash) {
        verdict.problems.push_back(where + ": content was altered (hash mismatch)");
      }
      expected_prev = r.hash;
      expected_seq = r.seq + 1;
      ++verdict.records;
    }
    long long head_seq = 0;
    std::string head_hash;
    sql << "SELECT seq, hash FROM audit_head WHERE id = 1", soci::into(head_seq),
        soci::into(head_hash);
    if (head_seq != expected_seq - 1 || head_hash != expected_prev) {
      verdict.problems.push_back("the chain ends at record " + std::to_string(expected_seq - 1) +
                                 " but the head says " + std::to_string(head_seq) +
                                 ": records were removed from the end or the head was altered");
    }
    verdict.intact = verdict.problems.empty();
    return verdict;
  });
}

}  // namespace gmseal::service
