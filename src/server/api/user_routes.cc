// POST /api/v1/users {"username","password","roles":[...]} (admin) -> the user
// GET  /api/v1/users (admin), GET /api/v1/me (any user)
#include "server/api/routes.h"
#include "service/http/api_error.h"

namespace gmseal::server {

namespace {
nlohmann::json user_json(const User& user) {
  nlohmann::json roles = nlohmann::json::array();
  for (Role r : user.roles) roles.push_back(to_string(r));
  return {{"username", user.username},
          {"roles", roles},
          {"createdAt", format_iso8601(user.created_at)},
          {"disabled", user.disabled}};
}
}  // namespace

void add_user_routes(ApiServer& api, Platform& platform) {
  api.post("/api/v1/users", {Role::kAdmin},
           [&platform](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             auto body = parse_json_body(req, res);
             if (!body) return;
             std::vector<std::string> roles;
             if (body->contains("roles") && body->at("roles").is_array()) {
               for (const auto& r : body->at("roles")) {
                 if (r.is_string()) roles.push_back(r.get<std::string>());
               }
             }
             auto user =
                 platform.users()->create(body->value("username", ""), body->value("password", ""),
                                          roles, caller.user.username, caller.source);
             if (!user.ok()) return send_error(res, user.error());
             send_json(res, user_json(*user), 201);
           });
  api.get("/api/v1/users", {Role::kAdmin},
          [&platform](const httplib::Request&, httplib::Response& res, const Caller&) {
            auto users = platform.users()->list();
            if (!users.ok()) return send_error(res, users.error());
            nlohmann::json out = nlohmann::json::array();
            for (const User& u : *users) out.push_back(user_json(u));
            send_json(res, {{"users", out}});
          });
  api.get("/api/v1/me", {},
          [](const httplib::Request&, httplib::Response& res, const Caller& caller) {
            send_json(res, user_json(caller.user));
          });
}

}  // namespace gmseal::server
