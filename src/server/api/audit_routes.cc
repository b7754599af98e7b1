// GET /api/v1/audit[?after=SEQ&limit=N&actor=&action=&object=] (auditor)
//                                                 -> {"records":[...],"next":SEQ}
// GET /api/v1/audit/verify (auditor)              -> {"intact","records","problems"}
#include "server/api/routes.h"
#include "service/audit/audit_log.h"
#include "service/http/api_error.h"

namespace gmseal::server {

void add_audit_routes(ApiServer& api, Platform& platform) {
  api.get("/api/v1/audit", {Role::kAuditor},
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            std::int64_t after = 0;
            int limit = 100;
            try {
              if (req.has_param("after")) after = std::stoll(req.get_param_value("after"));
              if (req.has_param("limit"))
                limit = std::clamp(std::stoi(req.get_param_value("limit")), 1, 1000);
            } catch (const std::exception&) {
              return send_error(res, 400, "invalid_field", "after and limit must be integers",
                                "after");
            }
            // Filters (substring of actor, prefix of action, exact object) scan the log in
            // batches from `after`; `next` is the last seq scanned, so paging goes on from there.
            const std::string actor = req.get_param_value("actor");
            const std::string action = req.get_param_value("action");
            const std::string object = req.get_param_value("object");
            const bool filtered = !actor.empty() || !action.empty() || !object.empty();
            nlohmann::json out = nlohmann::json::array();
            std::int64_t next = after;
            for (;;) {
              auto records = read_audit(platform.db(), next, filtered ? 1000 : limit);
              if (!records.ok()) return send_error(res, records.error());
              for (const AuditRecord& r : *records) {
                next = r.seq;
                if ((!actor.empty() && r.actor.find(actor) == std::string::npos) ||
                    (!action.empty() && r.action.rfind(action, 0) != 0) ||
                    (!object.empty() && r.object != object))
                  continue;
                out.push_back({{"seq", r.seq},
                               {"at", format_iso8601(r.at)},
                               {"actor", r.actor},
                               {"source", r.source},
                               {"action", r.action},
                               {"object", r.object},
                               {"detail", nlohmann::json::parse(r.detail, nullptr, false)},
                               {"hash", r.hash}});
                if (static_cast<int>(out.size()) == limit) break;
              }
              if (!filtered || records->empty() || static_cast<int>(out.size()) == limit) break;
            }
            send_json(res, {{"records", out}, {"next", next}});
          });
  api.get("/api/v1/audit/verify", {Role::kAuditor},
          [&platform](const httplib::Request&, httplib::Response& res, const Caller&) {
            auto verdict = verify_audit(platform.db());
            if (!verdict.ok()) return send_error(res, verdict.error());
            send_json(res, {{"intact", verdict->intact},
                            {"records", verdict->records},
                            {"problems", verdict->problems}});
          });
}

}  // namespace gmseal::server
