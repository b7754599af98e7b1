// POST /api/v1/grants {"username","sealCode","notBefore","notAfter","kinds":["pdf","ofd","digest"],
//                      "dailyLimit":0,"totalLimit":0,"approvalRequired":false} (sealadmin) -> 201
// GET  /api/v1/grants (sealadmin, auditor; a signer sees their own) -> {"grants":[...]}
// POST /api/v1/grants/{id}/revoke (sealadmin)
// POST /api/v1/approvals {"sealCode","kind","reason"} (signer) -> 201 {"id","status":"pending",...}
// GET  /api/v1/approvals[?status=pending|approved|used|rejected|all] (sealadmin, auditor; a
//      signer sees their own) -> {"approvals":[...]} newest first, pending by default
// POST /api/v1/approvals/{id}/approve | /reject (sealadmin; not the requester)
#include "service/audit/audit_log.h"
#include "service/http/api_error.h"
#include "signing/api/routes.h"
#include "signing/grants.h"
#include "signing/signing_service.h"
#include "util/json_text.h"

namespace gmseal::signing::api {

namespace {

using service::Role;

nlohmann::json grant_json(const Grant& g) {
  return {{"id", g.id},
          {"username", g.username},
          {"sealCode", g.seal_code},
          {"notBefore", format_iso8601(g.not_before)},
          {"notAfter", format_iso8601(g.not_after)},
          {"kinds", g.kinds},
          {"dailyLimit", g.daily_limit},
          {"totalLimit", g.total_limit},
          {"approvalRequired", g.approval_required},
          {"createdBy", g.created_by},
          {"createdAt", format_iso8601(g.created_at)},
          {"revoked", g.revoked}};
}

nlohmann::json approval_json(const Approval& a) {
  return {
      {"id", a.id},
      {"username", a.username},
      {"sealCode", a.seal_code},
      {"kind", a.kind},
      {"reason", a.reason},
      {"status", a.status},
      {"requestedAt", format_iso8601(a.requested_at)},
      {"decidedBy", a.decided_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.decided_by)}};
}

Result<Grant> grant_from_body(const nlohmann::json& b) {
  Grant g;
  const auto str = [&b](const char* key) {
    return b.contains(key) && b.at(key).is_string() ? b.at(key).get<std::string>() : "";
  };
  g.username = str("username");
  g.seal_code = str("sealCode");
  if (g.seal_code.empty()) return make_error("invalid_field", "sealCode is required", "sealCode");
  for (const char* key : {"notBefore", "notAfter"}) {
    auto t = parse_time_argument(str(key));
    if (!t.ok()) {
      return make_error("invalid_field", std::string(key) + " must be an ISO 8601 time", key);
    }
    (std::string(key) == "notBefore" ? g.not_before : g.not_after) = *t;
  }
  if (!b.contains("kinds") || !b.at("kinds").is_array()) {
    return make_error("invalid_field", "kinds must be an array of pdf, ofd, digest", "kinds");
  }
  for (const auto& k : b.at("kinds")) {
    if (!k.is_string()) return make_error("invalid_field", "kinds holds strings", "kinds");
    g.kinds.push_back(k.get<std::string>());
  }
  for (const char* key : {"dailyLimit", "totalLimit"}) {
    if (!b.contains(key)) continue;
    if (!b.at(key).is_number_integer()) {
      return make_error("invalid_field", std::string(key) + " must be an integer", key);
    }
    (std::string(key) == "dailyLimit" ? g.daily_limit : g.total_limit) = b.at(key).get<int>();
  }
  if (b.contains("approvalRequired")) {
    if (!b.at("approvalRequired").is_boolean()) {
      return make_error("invalid_field", "approvalRequired must be true or false",
                        "approvalRequired");
    }
    g.approval_required = b.at("approvalRequired").get<bool>();
  }
  return g;
}

}  // namespace

void add_grant_routes(service::ApiServer& api, SigningService& s) {
  api.post("/api/v1/grants", {Role::kSealAdmin},
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             auto body = service::parse_json_body(req, res);
             if (!body) return;
             auto spec = grant_from_body(*body);
             if (!spec.ok()) return send_error(res, spec.error());
             spec->created_by = c.user.username;
             auto made = s.db().transact_value<Grant>([&](soci::session& sql) -> Result<Grant> {
               GMSEAL_ASSIGN_OR_RETURN(Grant g, insert_grant(sql, *spec));
               GMSEAL_RETURN_IF_ERROR(service::append_audit(sql, c.user.username, c.source,
                                                            "grant.create", "grant:" + g.id,
                                                            json_text(grant_json(g))));
               return g;
             });
             if (!made.ok()) return send_error(res, made.error());
             service::send_json(res, grant_json(*made), 201);
           });
  api.get("/api/v1/grants", {},
          [&s](const httplib::Request&, httplib::Response& res, const service::Caller& c) {
            auto all = s.db().transact_value<std::vector<Grant>>(
                [](soci::session& sql) { return list_grants(sql); });
            if (!all.ok()) return send_error(res, all.error());
            const bool everyone = c.user.has(Role::kSealAdmin) || c.user.has(Role::kAuditor);
            nlohmann::json out = nlohmann::json::array();
            for (const Grant& g : *all) {
              if (everyone || g.username == c.user.username) out.push_back(grant_json(g));
            }
            service::send_json(res, {{"grants", out}});
          });
  api.post(R"(/api/v1/grants/([0-9a-f]+)/revoke)", {Role::kSealAdmin},
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             const std::string id = req.matches[1];
             const Status done = s.db().transact([&](soci::session& sql) -> Status {
               GMSEAL_RETURN_IF_ERROR(revoke_grant(sql, id));
               return service::append_audit(sql, c.user.username, c.source, "grant.revoke",
                                            "grant:" + id);
             });
             if (!done.ok()) return send_error(res, done.error());
             service::send_json(res, {{"id", id}, {"revoked", true}});
           });
  api.post("/api/v1/approvals", {Role::kSigner},
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             auto body = service::parse_json_body(req, res);
             if (!body) return;
             Approval a;
             a.username = c.user.username;
             a.seal_code = body->value("sealCode", "");
             a.kind = body->value("kind", "");
             a.reason = body->value("reason", "");
             auto made =
                 s.db().transact_value<Approval>([&](soci::session& sql) -> Result<Approval> {
                   GMSEAL_ASSIGN_OR_RETURN(Approval out, insert_approval(sql, a));
                   GMSEAL_RETURN_IF_ERROR(
                       service::append_audit(sql, c.user.username, c.source, "approval.request",
                                             "approval:" + out.id, json_text(approval_json(out))));
                   return out;
                 });
             if (!made.ok()) return send_error(res, made.error());
             service::send_json(res, approval_json(*made), 201);
           });
  api.get("/api/v1/approvals", {Role::kSealAdmin, Role::kAuditor, Role::kSigner},
          [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
            std::string status =
                req.has_param("status") ? req.get_param_value("status") : "pending";
            if (status == "all") status.clear();
            const bool everyone = c.user.has(Role::kSealAdmin) || c.user.has(Role::kAuditor);
            std::vector<Approval> listed;
            const Status read = s.db().read([&](soci::session& sql) -> Status {
              GMSEAL_ASSIGN_OR_RETURN(
                  listed, list_approvals(sql, status, everyone ? "" : c.user.username, 500));
              return {};
            });
            if (!read.ok()) return send_error(res, read.error());
            nlohmann::json out = nlohmann::json::array();
            for (const Approval& a : listed) out.push_back(approval_json(a));
            service::send_json(res, {{"approvals", out}});
          });
  for (const char* verb : {"approve", "reject"}) {
    const bool approve = std::string(verb) == "approve";
    api.post(std::string(R"(/api/v1/approvals/([0-9a-f]+)/)") + verb, {Role::kSealAdmin},
             [&s, approve](const httplib::Request& req, httplib::Response& res,
                           const service::Caller& c) {
               const std::string id = req.matches[1];
               auto decided =
                   s.db().transact_value<Approval>([&](soci::session& sql) -> Result<Approval> {
                     GMSEAL_ASSIGN_OR_RETURN(Approval a,
                                             decide_approval(sql, id, approve, c.user.username));
                     GMSEAL_RETURN_IF_ERROR(
                         service::append_audit(sql, c.user.username, c.source,
                                               approve ? "approval.approve" : "approval.reject",
                                               "approval:" + id, json_text(approval_json(a))));
                     return a;
                   });
               if (!decided.ok()) return send_error(res, decided.error());
               service::send_json(res, approval_json(*decided));
             });
  }
}

}  // namespace gmseal::signing::api
