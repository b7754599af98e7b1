#include "service/http/audit_routes.h"

#include "service/audit/audit_log.h"
#include "service/http/api_error.h"
#include "util/json_text.h"

namespace gmseal::service {

namespace {

nlohmann::json record_json(const AuditRecord& r) {
  return {{"seq", r.seq},
          {"at", format_iso8601(r.at)},
          {"actor", r.actor},
          {"source", r.source},
          {"action", r.action},
          {"object", r.object},
          {"detail", nlohmann::json::parse(r.detail, nullptr, false)},
          {"prevHash", r.prev_hash},
          {"hash", r.hash}};
}

// "after" and "limit" query parameters; false (400 sent) when they do not read.
bool paging(const httplib::Request& req, httplib::Response& res, std::int64_t& after, int& limit,
            int max_limit) {
  try {
    if (req.has_param("after")) after = std::stoll(req.get_param_value("after"));
    if (req.has_param("limit")) {
      limit = std::clamp(std::stoi(req.get_param_value("limit")), 1, max_limit);
    }
  } catch (const std::exception&) {
    send_error(res, 400, "invalid_field", "after and limit must be integers", "after");
    return false;
  }
  return true;
}

}  // namespace

void add_audit_routes(ApiServer& api, Database& db) {
  api.get("/api/v1/audit", {Role::kAuditor},
          [&db](const httplib::Request& req, httplib::Response& res, const Caller&) {
            std::int64_t after = 0;
            int limit = 100;
            if (!paging(req, res, after, limit, 1000)) return;
            // Filters (substring of actor, prefix of action, exact object) scan the log in
            // batches from `after`; `next` is the last seq scanned, so paging goes on from there.
            const std::string actor = req.get_param_value("actor");
            const std::string action = req.get_param_value("action");
            const std::string object = req.get_param_value("object");
            const bool filtered = !actor.empty() || !action.empty() || !object.empty();
            nlohmann::json out = nlohmann::json::array();
            std::int64_t next = after;
            for (;;) {
              auto records = read_audit(db, next, filtered ? 1000 : limit);
              if (!records.ok()) return send_error(res, records.error());
              for (const AuditRecord& r : *records) {
                next = r.seq;
                if ((!actor.empty() && r.actor.find(actor) == std::string::npos) ||
                    (!action.empty() && r.action.rfind(action, 0) != 0) ||
                    (!object.empty() && r.object != object)) {
                  continue;
                }
                out.push_back(record_json(r));
                if (static_cast<int>(out.size()) == limit) break;
              }
              if (!filtered || records->empty() || static_cast<int>(out.size()) == limit) break;
            }
            send_json(res, {{"records", out}, {"next", next}});
          });
  api.get("/api/v1/audit/verify", {Role::kAuditor},
          [&db](const httplib::Request&, httplib::Response& res, const Caller&) {
            auto verdict = verify_audit(db);
            if (!verdict.ok()) return send_error(res, verdict.error());
            send_json(res, {{"intact", verdict->intact},
                            {"records", verdict->records},
                            {"problems", verdict->problems}});
          });
  api.get("/api/v1/audit/export", {Role::kAuditor},
          [&db](const httplib::Request& req, httplib::Response& res, const Caller&) {
            std::int64_t after = 0;
            int limit =
                1000;  // checked like the list's; the export takes every record after `after`
            if (!paging(req, res, after, limit, 1000)) return;
            std::string lines;
            while (true) {
              auto records = read_audit(db, after, 1000);
              if (!records.ok()) return send_error(res, records.error());
              for (const AuditRecord& r : *records) lines += json_text(record_json(r)) + "\n";
              if (records->size() < 1000) break;
              after = records->back().seq;
            }
            res.set_content(lines, "application/x-ndjson");
          });
}

}  // namespace gmseal::service
