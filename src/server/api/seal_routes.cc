// GET /api/v1/seals/{code} (any role)            -> {"code","status",...}; "ukey":{"serial",
//                                                   "device","application","container"} when
//                                                   the platform issued the seal's UKey
// GET /api/v1/seals/{code}/download (operator)   -> the DER seal (.esl); marks the application
//                                                   delivered
// GET /api/v1/status/{code} (no authentication)  -> {"code","status","since","signedAt",
//                                                   "signature","signerCert"}
#include "server/api/routes.h"
#include "service/http/api_error.h"
#include "service/http/response_body.h"

namespace gmseal::server {

void add_seal_routes(ApiServer& api, Platform& platform) {
  api.get(seal_code_route("/api/v1/seals/"), {},
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            auto seal = platform.seals().seal(req.matches[1]);
            if (!seal.ok()) return send_error(res, seal.error());
            auto ukey = platform.seals().issued_ukey(req.matches[1]);
            if (!ukey.ok()) return send_error(res, ukey.error());
            nlohmann::json body = seal->to_json(now());
            if (*ukey) {
              body["ukey"] = {{"serial", (*ukey)->serial},
                              {"device", (*ukey)->device},
                              {"application", (*ukey)->application},
                              {"container", (*ukey)->container}};
            }
            send_json(res, body);
          });
  api.get(seal_code_route("/api/v1/seals/", "/download"), {Role::kOperator},
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller& caller) {
            auto der = platform.seals().seal_file(req.matches[1],
                                                  Actor{caller.user.username, caller.source});
            if (!der.ok()) return send_error(res, der.error());
            res.set_header("Content-Disposition",
                           "attachment; filename=\"" + std::string(req.matches[1]) + ".esl\"");
            res.set_content(std::string(der->begin(), der->end()), "application/octet-stream");
          });
  api.get_public(seal_code_route("/api/v1/status/"),
                 [&platform](const httplib::Request& req, httplib::Response& res) {
                   auto answer = platform.status().signed_status(req.matches[1]);
                   if (!answer.ok()) return send_error(res, answer.error());
                   res.set_content(*answer, service::kJsonType);
                 });
}

}  // namespace gmseal::server
