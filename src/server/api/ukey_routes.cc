// POST /api/v1/seals/{code}/ukey-delivery {"serial"} (operator)
//   -> {"serial","device","application","container","adminPin","userPin"}
// The PINs of the UKey the platform issued for a seal, so that the operator's client can write
// the seal onto that token (gmseal client deliver-seal). Only for the token with that serial,
// only while the making application is ready; "userPin" is null once the seal was delivered.
// Every release is an audit record ("ukey.release").
#include "server/api/routes.h"
#include "service/http/api_error.h"

namespace gmseal::server {

void add_ukey_routes(ApiServer& api, Platform& platform) {
  api.post(seal_code_route("/api/v1/seals/", "/ukey-delivery"), {Role::kOperator},
           [&platform](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
             auto body = parse_json_body(req, res);
             if (!body) return;
             if (!body->contains("serial") || !body->at("serial").is_string()) {
               return send_error(res, 400, "invalid_field",
                                 "serial (the token's serial number) is required", "serial");
             }
             auto release = platform.seals().release_ukey_for_delivery(
                 req.matches[1], body->at("serial").get<std::string>(),
                 Actor{caller.user.username, caller.source});
             if (!release.ok()) return send_error(res, release.error());
             nlohmann::json answer = {{"serial", release->serial},
                                      {"device", release->device},
                                      {"application", release->application},
                                      {"container", release->container},
                                      {"adminPin", release->admin_pin}};
             answer["userPin"] =
                 release->user_pin ? nlohmann::json(*release->user_pin) : nlohmann::json(nullptr);
             res.set_header("Cache-Control", "no-store");
             send_json(res, answer);
           });
}

}  // namespace gmseal::server
