// POST /api/v1/session {"username","password"} -> {"token","expiresAt","roles"}; throttled
// after repeated failures (service/http/login_route.h)
// DELETE-like logout: POST /api/v1/session/logout (bearer)
#include "server/api/routes.h"
#include "service/http/api_error.h"
#include "service/http/login_route.h"

namespace gmseal::server {

void add_session_routes(ApiServer& api, Platform& platform) {
  api.post_public(
      "/api/v1/session", [&platform](const httplib::Request& req, httplib::Response& res) {
        service::answer_login(req, res, *platform.users(), platform.config().session_lifetime);
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
