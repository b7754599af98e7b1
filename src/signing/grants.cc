#include "signing/grants.h"

#include <algorithm>

#include "crypto/random.h"
#include "service/store/row_values.h"
#include "util/bytes.h"

namespace gmseal::signing {

namespace {

std::string new_id() { return hex_encode(crypto::random_bytes(12)); }

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ",") + part;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::size_t end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr const char* kGrantColumns =
    "SELECT id, username, seal_code, not_before, not_after, kinds, daily_limit, total_limit, "
    "approval_required, created_by, created_at, revoked FROM grants";

Grant grant_from_row(const soci::row& row) {
  Grant g;
  g.id = row.get<std::string>(0);
  g.username = row.get<std::string>(1);
  g.seal_code = row.get<std::string>(2);
  g.not_before = from_unix(service::row_int64(row, 3));
  g.not_after = from_unix(service::row_int64(row, 4));
  g.kinds = split(row.get<std::string>(5));
  g.daily_limit = static_cast<int>(service::row_int64(row, 6));
  g.total_limit = static_cast<int>(service::row_int64(row, 7));
  g.approval_required = service::row_int64(row, 8) != 0;
  g.created_by = row.get<std::string>(9);
  g.created_at = from_unix(service::row_int64(row, 10));
  g.revoked = service::row_int64(row, 11) != 0;
  return g;
}

long long count(soci::session& sql, const std::string& query, const std::string& a,
                const std::string& b = "") {
  long long n = 0;
  if (b.empty()) {
    sql << query, soci::use(a), soci::into(n);
  } else {
    sql << query, soci::use(a), soci::use(b), soci::into(n);
  }
  return n;
}

}  // namespace

std::string beijing_day(Time t) { return format_beijing_time(t).substr(0, 10); }

Result<Grant> insert_grant(soci::session& sql, Grant g) {
  if (g.username.empty()) return make_error("invalid_field", "username is required", "username");
  if (g.not_after <= g.not_before) {
    return make_error("invalid_field", "notAfter must be after notBefore", "notAfter");
  }
  if (g.kinds.empty()) return make_error("invalid_field", "kinds must name one or more", "kinds");
  for (const std::string& kind : g.kinds) {
    if (std::find(std::begin(kKinds), std::end(kKinds), kind) == std::end(kKinds)) {
      return make_error("invalid_field", "unknown kind '" + kind + "' (pdf, ofd, digest)", "kinds");
    }
  }
  if (g.daily_limit < 0 || g.total_limit < 0) {
    return make_error("invalid_field", "limits are counts from 0 (0 = none)", "dailyLimit");
  }
  if (count(sql, "SELECT COUNT(*) FROM seals WHERE code = :c", g.seal_code) == 0) {
    return make_error("signing.seal.not_found", "no imported seal with code " + g.seal_code,
                      "sealCode");
  }
  if (count(sql, "SELECT COUNT(*) FROM users WHERE username = :u", g.username) == 0) {
    return make_error("invalid_field", "no user '" + g.username + "'", "username");
  }
  g.id = new_id();
  g.created_at = now();
  const long long from = to_unix(g.not_before), to = to_unix(g.not_after),
                  created = to_unix(g.created_at);
  const std::string kinds = join(g.kinds);
  const int approval = g.approval_required ? 1 : 0;
  sql << "INSERT INTO grants (id, username, seal_code, not_before, not_after, kinds, daily_limit, "
         "total_limit, approval_required, created_by, created_at, revoked) VALUES (:id, :u, :s, "
         ":f, :t, :k, :d, :tl, :a, :by, :at, 0)",
      soci::use(g.id), soci::use(g.username), soci::use(g.seal_code), soci::use(from),
      soci::use(to), soci::use(kinds), soci::use(g.daily_limit), soci::use(g.total_limit),
      soci::use(approval), soci::use(g.created_by), soci::use(created);
  return g;
}

Result<std::vector<Grant>> list_grants(soci::session& sql) {
  std::vector<Grant> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kGrantColumns) + " ORDER BY created_at");
  for (const soci::row& row : rows) out.push_back(grant_from_row(row));
  return out;
}

Status revoke_grant(soci::session& sql, const std::string& id) {
  if (count(sql, "SELECT COUNT(*) FROM grants WHERE id = :id", id) == 0) {
    return make_error("grant.not_found", "no grant " + id, "id");
  }
  sql << "UPDATE grants SET revoked = 1 WHERE id = :id", soci::use(id);
  return {};
}

Result<Approval> insert_approval(soci::session& sql, Approval a) {
  if (std::find(std::begin(kKinds), std::end(kKinds), a.kind) == std::end(kKinds)) {
    return make_error("invalid_field", "kind is pdf, ofd or digest", "kind");
  }
  a.id = new_id();
  a.status = "pending";
  a.requested_at = now();
  const long long at = to_unix(a.requested_at);
  sql << "INSERT INTO approvals (id, username, seal_code, kind, reason, status, requested_at) "
         "VALUES (:id, :u, :s, :k, :r, :st, :at)",
      soci::use(a.id), soci::use(a.username), soci::use(a.seal_code), soci::use(a.kind),
      soci::use(a.reason), soci::use(a.status), soci::use(at);
  return a;
}

Result<std::vector<Approval>> list_approvals(soci::session& sql, const std::string& status,
                                             const std::string& username, int limit) {
  static const std::vector<std::string> kStatuses = {"pending", "approved", "used", "rejected"};
  if (!status.empty() && std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end()) {
    return make_error("invalid_field", "status is pending, approved, used or rejected", "status");
  }
  // An empty filter matches every row, so one statement serves every combination (the casts
  // give PostgreSQL the parameters' type).
  soci::rowset<soci::row> rows =
      (sql.prepare
           << "SELECT id, username, seal_code, kind, reason, status, requested_at, "
              "decided_by FROM approvals WHERE (CAST(:s1 AS TEXT) = '' OR status = :s2) AND "
              "(CAST(:u1 AS TEXT) = '' OR username = :u2) ORDER BY requested_at DESC, id",
       soci::use(status), soci::use(status), soci::use(username), soci::use(username));
  std::vector<Approval> out;
  for (const soci::row& row : rows) {
    if (static_cast<int>(out.size()) >= limit) break;
    Approval a;
    a.id = row.get<std::string>(0);
    a.username = row.get<std::string>(1);
    a.seal_code = row.get<std::string>(2);
    a.kind = row.get<std::string>(3);
    a.reason = row.get<std::string>(4);
    a.status = row.get<std::string>(5);
    a.requested_at = from_unix(service::row_int64(row, 6));
    if (row.get_indicator(7) == soci::i_ok) a.decided_by = row.get<std::string>(7);
    out.push_back(std::move(a));
  }
  return out;
}

Result<Approval> decide_approval(soci::session& sql, const std::string& id, bool approve,
                                 const std::string& approver) {
  Approval a;
  a.id = id;
  long long at = 0;
  soci::indicator found = soci::i_null;
  sql << "SELECT username, seal_code, kind, reason, status, requested_at FROM approvals WHERE id "
         "= :id",
      soci::use(id), soci::into(a.username, found), soci::into(a.seal_code), soci::into(a.kind),
      soci::into(a.reason), soci::into(a.status), soci::into(at);
  if (!sql.got_data()) return make_error("approval.not_found", "no approval " + id, "id");
  if (a.status != "pending") {
    return make_error("approval.conflict", "approval " + id + " is already " + a.status, "id");
  }
  if (a.username == approver) {
    return make_error("forbidden", "a use is approved by a second person, not its requester");
  }
  a.requested_at = from_unix(at);
  a.status = approve ? "approved" : "rejected";
  a.decided_by = approver;
  const long long decided = to_unix(now());
  sql << "UPDATE approvals SET status = :st, decided_by = :by, decided_at = :at WHERE id = :id",
      soci::use(a.status), soci::use(approver), soci::use(decided), soci::use(id);
  return a;
}

Result<Permit> check_grant(soci::session& sql, const std::string& username,
                           const std::string& seal_code, const std::string& kind,
                           const std::string& approval_id, Time at, int uses) {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kGrantColumns) +
                          " WHERE username = :u AND seal_code = :s AND revoked = 0 "
                          "ORDER BY created_at",
       soci::use(username), soci::use(seal_code));
  std::vector<Grant> grants;
  for (const soci::row& row : rows) grants.push_back(grant_from_row(row));
  if (grants.empty()) {
    return make_error("grant.none", "user '" + username + "' holds no grant of seal " + seal_code,
                      "sealCode");
  }
  // The first grant that allows the use wins; otherwise the refusal of the most specific rule
  // met (window, then kind, then quota, then approval).
  Error refusal = make_error("grant.expired", "", "sealCode");
  int refusal_rank = -1;
  const auto refuse = [&](int rank, const std::string& code, const std::string& message) {
    if (rank > refusal_rank) {
      refusal = make_error(code, message, "sealCode");
      refusal_rank = rank;
    }
  };
  const std::string day = beijing_day(at);
  for (const Grant& g : grants) {
    if (at < g.not_before || at > g.not_after) {
      refuse(0, "grant.expired",
             "the grant of seal " + seal_code + " to '" + username + "' runs from " +
                 format_iso8601(g.not_before) + " to " + format_iso8601(g.not_after));
      continue;
    }
    if (std::find(g.kinds.begin(), g.kinds.end(), kind) == g.kinds.end()) {
      refuse(1, "grant.kind",
             "the grant of seal " + seal_code + " allows " + join(g.kinds) + ", not " + kind);
      continue;
    }
    if (g.daily_limit > 0 &&
        count(sql, "SELECT COUNT(*) FROM uses WHERE grant_id = :g AND day = :d", g.id, day) + uses >
            g.daily_limit) {
      refuse(
          2, "grant.quota",
          "the daily count of " + std::to_string(g.daily_limit) + " uses is used up (" + day + ")");
      continue;
    }
    if (g.total_limit > 0 &&
        count(sql, "SELECT COUNT(*) FROM uses WHERE grant_id = :g", g.id) + uses > g.total_limit) {
      refuse(2, "grant.quota",
             "the total count of " + std::to_string(g.total_limit) + " uses is used up");
      continue;
    }
    if (!g.approval_required) return Permit{g.id, ""};
    if (approval_id.empty() || uses != 1) {
      refuse(3, "grant.approval_required",
             "each use of seal " + seal_code + " needs a second person's approval (approvalId)");
      continue;
    }
    std::string status, who, what, sealed;
    sql << "SELECT status, username, kind, seal_code FROM approvals WHERE id = :id",
        soci::use(approval_id), soci::into(status), soci::into(who), soci::into(what),
        soci::into(sealed);
    if (!sql.got_data() || status != "approved" || who != username || what != kind ||
        sealed != seal_code) {
      refuse(3, "grant.approval_required",
             "approval " + approval_id + " is not an approved, unused approval of this use");
      continue;
    }
    return Permit{g.id, approval_id};
  }
  return refusal;
}

Result<bool> record_use(soci::session& sql, const Permit& permit, const std::string& username,
                        const std::string& seal_code, const std::string& kind, Time at,
                        const std::string& batch_item) {
  if (!batch_item.empty() &&
      count(sql, "SELECT COUNT(*) FROM uses WHERE batch_item = :b", batch_item) != 0) {
    return false;
  }
  const std::string id = new_id();
  const std::string day = beijing_day(at);
  const long long when = to_unix(at);
  soci::indicator approval_ind = permit.approval_id.empty() ? soci::i_null : soci::i_ok;
  soci::indicator batch_ind = batch_item.empty() ? soci::i_null : soci::i_ok;
  sql << "INSERT INTO uses (id, grant_id, username, seal_code, kind, at, day, approval_id, "
         "batch_item) VALUES (:id, :g, :u, :s, :k, :at, :d, :a, :b)",
      soci::use(id), soci::use(permit.grant_id), soci::use(username), soci::use(seal_code),
      soci::use(kind), soci::use(when), soci::use(day), soci::use(permit.approval_id, approval_ind),
      soci::use(batch_item, batch_ind);
  if (!permit.approval_id.empty()) {
    sql << "UPDATE approvals SET status = 'used' WHERE id = :id", soci::use(permit.approval_id);
  }
  return true;
}

Status record_uses(soci::session& sql, const Permit& permit, const std::string& username,
                   const std::string& seal_code, const std::string& kind, Time at, int count) {
  if (!permit.approval_id.empty() && count != 1) {
    return make_error("grant.approval_required", "an approval covers one use", "approvalId");
  }
  if (count == 1) {
    auto recorded = record_use(sql, permit, username, seal_code, kind, at);
    if (!recorded.ok()) return recorded.error();
    return {};
  }
  std::string id;
  const std::string day = beijing_day(at);
  const long long when = to_unix(at);
  soci::statement insert =
      (sql.prepare << "INSERT INTO uses (id, grant_id, username, seal_code, kind, at, day) "
                      "VALUES (:id, :g, :u, :s, :k, :at, :d)",
       soci::use(id), soci::use(permit.grant_id), soci::use(username), soci::use(seal_code),
       soci::use(kind), soci::use(when), soci::use(day));
  for (int i = 0; i < count; ++i) {
    id = new_id();
    insert.execute(true);
  }
  return {};
}

bool use_recorded(soci::session& sql, const std::string& batch_item) {
  return count(sql, "SELECT COUNT(*) FROM uses WHERE batch_item = :b", batch_item) != 0;
}

}  // namespace gmseal::signing
