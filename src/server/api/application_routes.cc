// POST /api/v1/applications (operator)                 -> 201 the application
// GET  /api/v1/applications[?status=S] (operator, reviewer, auditor)
// GET  /api/v1/applications/{id} (operator, reviewer, auditor)
// GET  /api/v1/applications/{id}/image (operator, reviewer, auditor): the seal image it carries
// POST /api/v1/applications/{id}/approve (reviewer)
// POST /api/v1/applications/{id}/reject {"reason"} (reviewer)
// POST /api/v1/applications/{id}/unlock-pin (operator): the UKey admin PIN of an approved unlock
//                                                      -> {"adminPin","serial"}
#include "server/api/routes.h"
#include "service/http/api_error.h"
#include "util/bytes.h"

namespace gmseal::server {

namespace {
Actor actor_of(const Caller& caller) { return Actor{caller.user.username, caller.source}; }
}  // namespace

void add_application_routes(ApiServer& api, Platform& platform) {
  const std::set<Role> readers{Role::kOperator, Role::kReviewer, Role::kAuditor, Role::kAdmin};
  api.post("/api/v1/applications", {Role::kOperator},
           [&platform](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             auto body = parse_json_body(req, res);
             if (!body) return;
             auto app = platform.applications().submit(*body, actor_of(caller));
             if (!app.ok()) return send_error(res, app.error());
             send_json(res, app->to_json(), 201);
           });
  api.get("/api/v1/applications", readers,
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            std::optional<ApplicationStatus> status;
            if (req.has_param("status")) {
              auto parsed = parse_application_status(req.get_param_value("status"));
              if (!parsed.ok())
                return send_error(res, 400, "invalid_field", "unknown status", "status");
              status = *parsed;
            }
            auto apps = platform.applications().list(status, 200);
            if (!apps.ok()) return send_error(res, apps.error());
            nlohmann::json out = nlohmann::json::array();
            for (const Application& a : *apps) {
              nlohmann::json j = a.to_json();
              j.erase("request");
              j.erase("history");
              out.push_back(j);
            }
            send_json(res, {{"applications", out}});
          });
  api.get(R"(/api/v1/applications/([0-9a-f]{24}))", readers,
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            auto app = platform.applications().get(req.matches[1]);
            if (!app.ok()) return send_error(res, app.error());
            send_json(res, app->to_json());
          });
  // The application's JSON shows the image's size only; the reviewer sees the picture here
  // (a new seal has no code, hence no /seals/{code}/image, before it is approved).
  api.get(
      R"(/api/v1/applications/([0-9a-f]{24})/image)", readers,
      [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
        auto app = platform.applications().get(req.matches[1]);
        if (!app.ok()) return send_error(res, app.error());
        const nlohmann::json seal = app->payload.value("seal", nlohmann::json::object());
        if (!seal.is_object() || !seal.contains("imagePng") || !seal.at("imagePng").is_string()) {
          return send_error(res, 404, "seal.no_image", "the application carries no seal image", "");
        }
        auto png = base64_decode(seal.at("imagePng").get<std::string>());
        if (!png.ok()) return send_error(res, png.error());
        res.set_header("Cache-Control", "private, max-age=3600");
        res.set_content(std::string(png->begin(), png->end()), "image/png");
      });
  api.post(R"(/api/v1/applications/([0-9a-f]{24})/approve)", {Role::kReviewer},
           [&platform](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             auto app = platform.applications().approve(req.matches[1], actor_of(caller));
             if (!app.ok()) return send_error(res, app.error());
             send_json(res, app->to_json());
           });
  api.post(R"(/api/v1/applications/([0-9a-f]{24})/reject)", {Role::kReviewer},
           [&platform](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             auto body = parse_json_body(req, res);
             if (!body) return;
             auto app = platform.applications().reject(req.matches[1], body->value("reason", ""),
                                                       actor_of(caller));
             if (!app.ok()) return send_error(res, app.error());
             send_json(res, app->to_json());
           });
  api.post(R"(/api/v1/applications/([0-9a-f]{24})/unlock-pin)", {Role::kOperator},
           [&platform](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             auto release =
                 platform.applications().release_unlock_pin(req.matches[1], actor_of(caller));
             if (!release.ok()) return send_error(res, release.error());
             send_json(res, {{"adminPin", release->admin_pin}, {"serial", release->serial}});
           });
}

}  // namespace gmseal::server
