// POST /api/v1/seal-requests {"unit":{"uscc","name"},"seal":{"name","category"}} (sealadmin)
//   -> 201 {"id","unit","seal","keyIndex","publicKey","package":"<base64 DER>","packageSm3",
//           "createdAt","createdBy","sealCode"}
// GET  /api/v1/seal-requests (sealadmin, auditor) -> {"requests":[...]} (without the package)
// GET  /api/v1/seal-requests/{id} (sealadmin, auditor) -> the request with its package
// GET  /api/v1/seal-requests/{id}/package (sealadmin) -> the .sreq file (application/octet-stream)
#include "service/http/api_error.h"
#include "signing/api/routes.h"
#include "signing/signing_service.h"

namespace gmseal::signing::api {

namespace {

using service::Role;

nlohmann::json request_json(const SealRequestRecord& r, bool with_package) {
  nlohmann::json out = {
      {"id", r.id},
      {"unit", {{"uscc", r.uscc}, {"name", r.unit_name}}},
      {"seal", {{"name", r.seal_name}, {"category", r.category}}},
      {"keyIndex", r.key_index},
      {"publicKey", r.public_key_hex},
      {"packageSm3", r.package_sm3},
      {"createdAt", format_iso8601(r.created_at)},
      {"createdBy", r.created_by},
      {"sealCode", r.seal_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.seal_code)}};
  if (with_package) out["package"] = base64_encode(r.package);
  return out;
}

std::string text(const nlohmann::json& body, const char* object, const char* key) {
  if (!body.contains(object) || !body.at(object).is_object()) return {};
  const nlohmann::json& o = body.at(object);
  return o.contains(key) && o.at(key).is_string() ? o.at(key).get<std::string>() : "";
}

}  // namespace

void add_seal_request_routes(service::ApiServer& api, SigningService& s) {
  api.post("/api/v1/seal-requests", {Role::kSealAdmin},
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             auto body = service::parse_json_body(req, res);
             if (!body) return;
             const SealRequestInput input{text(*body, "unit", "uscc"), text(*body, "unit", "name"),
                                          text(*body, "seal", "name"),
                                          text(*body, "seal", "category")};
             auto made = s.requests().create(input, c.user.username, c.source);
             if (!made.ok()) return send_error(res, made.error());
             service::send_json(res, request_json(*made, true), 201);
           });
  api.get("/api/v1/seal-requests", {Role::kSealAdmin, Role::kAuditor},
          [&s](const httplib::Request&, httplib::Response& res, const service::Caller&) {
            auto all = s.requests().list();
            if (!all.ok()) return send_error(res, all.error());
            nlohmann::json out = nlohmann::json::array();
            for (const SealRequestRecord& r : *all) out.push_back(request_json(r, false));
            service::send_json(res, {{"requests", out}});
          });
  api.get(R"(/api/v1/seal-requests/([0-9a-f]+))", {Role::kSealAdmin, Role::kAuditor},
          [&s](const httplib::Request& req, httplib::Response& res, const service::Caller&) {
            auto r = s.requests().get(req.matches[1]);
            if (!r.ok()) return send_error(res, r.error());
            service::send_json(res, request_json(*r, true));
          });
  api.get(R"(/api/v1/seal-requests/([0-9a-f]+)/package)", {Role::kSealAdmin},
          [&s](const httplib::Request& req, httplib::Response& res, const service::Caller&) {
            auto r = s.requests().get(req.matches[1]);
            if (!r.ok()) return send_error(res, r.error());
            res.set_header("Content-Disposition", "attachment; filename=\"" + r->id + ".sreq\"");
            res.set_content(std::string(r->package.begin(), r->package.end()),
                            "application/octet-stream");
          });
}

}  // namespace gmseal::signing::api
