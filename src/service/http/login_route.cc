#include "service/http/login_route.h"

#include <algorithm>

#include "net/request_log.h"
#include "service/http/api_error.h"
#include "service/http/api_server.h"

namespace gmseal::service {

void answer_login(const httplib::Request& request, httplib::Response& response, UserStore& users,
                  std::chrono::seconds session_lifetime) {
  auto body = parse_json_body(request, response);
  if (!body) return;
  const nlohmann::json& username_value = (*body)["username"];
  const nlohmann::json& password_value = (*body)["password"];
  const std::string username = username_value.is_string() ? username_value.get<std::string>() : "";
  const std::string password = password_value.is_string() ? password_value.get<std::string>() : "";
  auto session = users.login(username, password, request.remote_addr, session_lifetime);
  if (!session.ok()) {
    if (session.error().code == "auth.throttled") {
      const auto wait = users.throttle().retry_after(username, request.remote_addr);
      response.set_header("Retry-After", std::to_string(std::max<long long>(1, wait.count())));
    }
    return send_error(response, session.error());
  }
  net::note_caller(session->user.username);
  nlohmann::json roles = nlohmann::json::array();
  for (Role r : session->user.roles) roles.push_back(to_string(r));
  send_json(response, {{"token", session->token},
                       {"expiresAt", format_iso8601(session->expires_at)},
                       {"username", session->user.username},
                       {"roles", roles}});
}

}  // namespace gmseal::service
