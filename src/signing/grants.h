// Grants: which user may use which seal, when, for which kinds of document, how often, and
// whether each use needs a second person's approval. Checked for every signature.
//
// Refusals name the rule:
//   grant.none               no grant of this seal to this user (another user's seal)
//   grant.expired            outside the grant's window (before or after)
//   grant.kind               the kind (pdf, ofd, digest) is not granted
//   grant.quota              the daily or total count is used up
//   grant.approval_required  the grant needs an approved, unused approval for this use
// Days are Beijing calendar days (UTC+8), as the unit's staff count them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/store/database.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::signing {

inline constexpr const char* kKinds[] = {"pdf", "ofd", "digest"};

struct Grant {
  std::string id;
  std::string username;
  std::string seal_code;
  Time not_before{}, not_after{};
  std::vector<std::string> kinds;
  int daily_limit = 0;  // 0 = no daily limit
  int total_limit = 0;  // 0 = no total limit
  bool approval_required = false;
  std::string created_by;
  Time created_at{};
  bool revoked = false;
};

struct Approval {
  std::string id;
  std::string username, seal_code, kind, reason, status;  // pending | approved | used | rejected
  Time requested_at{};
  std::string decided_by;
};

// What a permitted use consumes: the grant and, if one was needed, the approval.
struct Permit {
  std::string grant_id;
  std::string approval_id;
};

// The Beijing calendar day of `t`, "yyyy-MM-dd".
std::string beijing_day(Time t);

// Inside the caller's transaction. Errors: invalid_field (field named), signing.seal.not_found.
Result<Grant> insert_grant(soci::session& sql, Grant grant);
Result<std::vector<Grant>> list_grants(soci::session& sql);
Status revoke_grant(soci::session& sql, const std::string& id);

Result<Approval> insert_approval(soci::session& sql, Approval approval);
// Approvals with `status` (pending | approved | used | rejected; empty = any), only those asked
// by `username` when it is not empty; newest first, at most `limit`. Errors: invalid_field.
Result<std::vector<Approval>> list_approvals(soci::session& sql, const std::string& status,
                                             const std::string& username, int limit);
// Errors: approval.not_found, approval.conflict (not pending), forbidden (the requester
// approving their own use).
Result<Approval> decide_approval(soci::session& sql, const std::string& id, bool approve,
                                 const std::string& approver);

// Whether `username` may use `seal_code` for `kind` at `at`, `uses` times (the quotas must
// hold them all); with `approval_id` for grants that need one (an approval covers one use).
// Errors: the grant.* codes above.
Result<Permit> check_grant(soci::session& sql, const std::string& username,
                           const std::string& seal_code, const std::string& kind,
                           const std::string& approval_id, Time at, int uses = 1);

// Records one use (counts towards the quotas, consumes the approval). `batch_item` (job:index)
// makes a batch document's use idempotent: recorded once however often it is retried.
// Returns false when that batch item was already recorded.
Result<bool> record_use(soci::session& sql, const Permit& permit, const std::string& username,
                        const std::string& seal_code, const std::string& kind, Time at,
                        const std::string& batch_item = "");

// Records `count` uses under one permit without an approval (many digests in one request), with
// one prepared INSERT.
Status record_uses(soci::session& sql, const Permit& permit, const std::string& username,
                   const std::string& seal_code, const std::string& kind, Time at, int count);
// Whether the use of this batch item is already recorded.
bool use_recorded(soci::session& sql, const std::string& batch_item);

}  // namespace gmseal::signing
