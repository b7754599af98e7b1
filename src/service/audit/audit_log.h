// The platform's audit log: append-only and hash-chained.
//
// Record n stores hash_n = SM3(hash_{n-1} || canonical(record n)) and the table `audit_head`
// holds the last (seq, hash). The database refuses UPDATE/DELETE on the table (triggers); the
// chain and the head detect anything changed or removed by someone able to bypass them.
// Appends happen inside the caller's transaction, so an action and its audit record commit
// together or not at all.
#pragma once

#include "service/store/soci.h"

#include <string>
#include <vector>

#include "service/store/database.h"
#include "util/time.h"

namespace gmseal::service {

struct AuditRecord {
  std::int64_t seq = 0;
  Time at{};
  std::string actor;   // user name, or "system" / "province"
  std::string source;  // client address, or "worker@HOST:PID"
  std::string action;  // e.g. "application.approve"
  std::string object;  // e.g. "application:9f2c..." or "seal:HNCA43010000000001"
  std::string detail;  // JSON text
  std::string prev_hash;
  std::string hash;
};

// Appends one record in the current transaction (locks the head row).
Status append_audit(soci::session& sql, const std::string& actor, const std::string& source,
                    const std::string& action, const std::string& object,
                    const std::string& detail = "{}");

// What a caller says of one record; seq, time and hashes are the log's.
struct AuditEntry {
  std::string actor, source, action, object;
  std::string detail = "{}";
};

// Appends the records in order, chained, in the current transaction: the head is locked and read
// once and the INSERT prepared once (many uses recorded by one request).
Status append_audit_many(soci::session& sql, const std::vector<AuditEntry>& entries);

// Records with seq > after_seq, oldest first, at most `limit`.
Result<std::vector<AuditRecord>> read_audit(Database& db, std::int64_t after_seq, int limit);

struct AuditVerdict {
  bool intact = true;
  std::int64_t records = 0;
  std::vector<std::string> problems;  // each names the seq and what is wrong
};

// Recomputes the whole chain and compares it with the head.
Result<AuditVerdict> verify_audit(Database& db);

// The hash of a record given its predecessor's hash (exposed for tests and tools).
std::string audit_record_hash(const AuditRecord& record);

}  // namespace gmseal::service
