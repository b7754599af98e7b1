// Read-only views of the seal registry for the web console: the filtered seal library, a seal's
// history (its audit records) and the dashboard's counts.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/registry/seal_store.h"
#include "service/store/database.h"

namespace gmseal::server {

struct SealFilter {
  std::string status;             // effective status (valid, frozen, expired, ...); empty = any
  std::string unit;               // USCC, or part of the unit name; empty = any
  std::string category;           // "01".."05"; empty = any
  std::string query;              // part of the code or the seal name; empty = any
  int expiring_within_days = -1;  // valid or frozen seals whose validTo is within N days
  int offset = 0;
  int limit = 50;
};

struct SealPage {
  std::vector<SealRecord> seals;  // without certificate, key reference or seal data
  long long total = 0;            // matching seals before offset/limit
};

// Newest first. The filters run over the registry's light columns (no DER, no PEM).
Result<SealPage> list_seals(Database& db, const SealFilter& filter, Time at);

// The audit records whose object is seal:CODE, oldest first.
Result<nlohmann::json> seal_history(Database& db, const std::string& code);

// {"seals":{status:n}, "applicationsWaiting", "expiringSeals":[...], "expiringCertificates":[...],
//  "outbox":{"pending","failed","done"}} for seals/certificates ending within `days` of `at`.
Result<nlohmann::json> dashboard_counts(Database& db, Time at, int days);

}  // namespace gmseal::server
