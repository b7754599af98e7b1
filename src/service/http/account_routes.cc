#include "service/http/account_routes.h"

#include "service/http/api_error.h"
#include "service/http/login_route.h"

namespace gmseal::service {

namespace {

nlohmann::json roles_json(const std::set<Role>& roles) {
  nlohmann::json out = nlohmann::json::array();
  for (Role r : roles) out.push_back(to_string(r));
  return out;
}

nlohmann::json user_json(const User& user) {
  return {{"username", user.username},
          {"roles", roles_json(user.roles)},
          {"createdAt", format_iso8601(user.created_at)},
          {"disabled", user.disabled}};
}

nlohmann::json api_key_json(const ApiKey& key) {
  nlohmann::json out = {{"id", key.id},
                        {"username", key.username},
                        {"label", key.label},
                        {"createdBy", key.created_by},
                        {"createdAt", format_iso8601(key.created_at)},
                        {"revoked", key.revoked}};
  if (!key.key.empty()) out["key"] = key.key;
  return out;
}

}  // namespace

void add_account_routes(ApiServer& api, UserStore& users, std::chrono::seconds session_lifetime) {
  api.post_public("/api/v1/session",
                  [&users, session_lifetime](const httplib::Request& req, httplib::Response& res) {
                    answer_login(req, res, users, session_lifetime);
                  });
  api.post("/api/v1/session/logout", {},
           [&users](const httplib::Request& req, httplib::Response& res, const Caller&) {
             const std::string header = req.get_header_value("Authorization");
             if (auto s = users.logout(header.substr(7)); !s.ok())
               return send_error(res, s.error());
             send_json(res, {{"loggedOut", true}});
           });
  api.post("/api/v1/users", {Role::kAdmin},
           [&users](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             auto body = parse_json_body(req, res);
             if (!body) return;
             std::vector<std::string> roles;
             if (body->contains("roles") && body->at("roles").is_array()) {
               for (const auto& r : body->at("roles")) {
                 if (r.is_string()) roles.push_back(r.get<std::string>());
               }
             }
             auto user = users.create(body->value("username", ""), body->value("password", ""),
                                      roles, caller.user.username, caller.source);
             if (!user.ok()) return send_error(res, user.error());
             send_json(res, user_json(*user), 201);
           });
  api.get("/api/v1/users", {Role::kAdmin},
          [&users](const httplib::Request&, httplib::Response& res, const Caller&) {
            auto all = users.list();
            if (!all.ok()) return send_error(res, all.error());
            nlohmann::json out = nlohmann::json::array();
            for (const User& u : *all) out.push_back(user_json(u));
            send_json(res, {{"users", out}});
          });
  api.get("/api/v1/me", {}, [](const httplib::Request&, httplib::Response& res, const Caller& c) {
    nlohmann::json me = user_json(c.user);
    if (!c.api_client.empty()) me["apiClient"] = c.api_client;
    send_json(res, me);
  });
  api.post("/api/v1/api-keys", {Role::kAdmin},
           [&users](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             auto body = parse_json_body(req, res);
             if (!body) return;
             auto key = users.create_api_key(body->value("username", ""), body->value("label", ""),
                                             caller.user.username, caller.source);
             if (!key.ok()) return send_error(res, key.error());
             send_json(res, api_key_json(*key), 201);
           });
  api.get("/api/v1/api-keys", {Role::kAdmin},
          [&users](const httplib::Request&, httplib::Response& res, const Caller&) {
            auto keys = users.list_api_keys();
            if (!keys.ok()) return send_error(res, keys.error());
            nlohmann::json out = nlohmann::json::array();
            for (const ApiKey& k : *keys) out.push_back(api_key_json(k));
            send_json(res, {{"apiKeys", out}});
          });
  api.post(R"(/api/v1/api-keys/([0-9a-f]+)/revoke)", {Role::kAdmin},
           [&users](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             const std::string id = req.matches[1];
             if (auto s = users.revoke_api_key(id, caller.user.username, caller.source); !s.ok()) {
               return send_error(res, s.error());
             }
             send_json(res, {{"id", id}, {"revoked", true}});
           });
}

}  // namespace gmseal::service
