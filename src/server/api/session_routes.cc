// POST /api/v1/session {"username","password"} -> {"token","expiresAt","roles"}
// DELETE-like logout: POST /api/v1/session/logout (bearer)
#include "server/api/routes.h"
#include "service/http/api_error.h"

namespace gmseal::server {

void add_session_routes(ApiServer& api, Platform& platform) {
  api.post_public("/api/v1/session",
                  [&platform](const httplib::Request& req, httplib::Response& res) {
                    auto body = parse_json_body(req, res);
                    if (!body) return;
                    const std::string username = body->value("username", "");
                    const std::string password = body->value("password", "");
                    auto session = platform.users()->login(username, password, req.remote_addr,
                                                           platform.config().session_lifetime);
                    if (!session.ok()) return send_error(res, session.error());
                    nlohmann::json roles = nlohmann::json::array();
                    for (Role r : session->user.roles) roles.push_back(to_string(r));
                    send_json(res, {{"token", session->token},
                                    {"expiresAt", format_iso8601(session->expires_at)},
                                    {"username", session->user.username},
                                    {"roles", roles}});
                  });
  api.post("/api/v1/session/logout", {},
           [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
             const std::string header = req.get_header_value("Authorization");
             if (auto s = platform.users()->logout(header.substr(7)); !s.ok())
               return send_error(res, s.error());
             send_json(res, {{"loggedOut", true}});
           });
}

}  // namespace gmseal::server
