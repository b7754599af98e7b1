// POST /api/v1/seals/import (sealadmin): the .esl as the body (application/octet-stream), or
//   {"esl":"<base64>"} -> 201 {"code","requestId","name","unitUscc","status","validTo",...}
// GET  /api/v1/seals (any user) -> {"seals":[...]}, each with "picture": {"mediaType",
//   "widthMm","heightMm","bytes"} (mediaType empty when no browser can show it: an OFD vector seal)
// GET  /api/v1/seals/{code}/image (any user) -> the seal's picture as stored in the seal, with
//   its media type (404 signing.seal.not_found; 415 signing.seal.no_raster_picture)
// POST /api/v1/seals/{code}/state {"state":"active"|"disabled"} (sealadmin)
#include "service/http/api_error.h"
#include "signing/api/routes.h"
#include "signing/signing_service.h"

namespace gmseal::signing::api {

namespace {

using service::Role;

nlohmann::json seal_json(const HeldSeal& h) {
  return {{"code", h.code},
          {"requestId", h.request_id},
          {"name", h.name},
          {"unitUscc", h.unit_uscc},
          {"status", h.status},
          {"validTo", format_iso8601(h.valid_to)},
          {"importedBy", h.imported_by},
          {"importedAt", format_iso8601(h.imported_at)},
          {"picture",
           {{"mediaType", h.picture_media_type},
            {"widthMm", h.width_mm},
            {"heightMm", h.height_mm},
            {"bytes", h.picture.size()}}}};
}

}  // namespace

void add_seal_routes(service::ApiServer& api, SigningService& s) {
  api.post("/api/v1/seals/import", {Role::kSealAdmin},
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             Bytes esl;
             if (is_json(req)) {
               const nlohmann::json body = request_fields(req);
               if (!body.is_object() || !body.contains("esl") || !body.at("esl").is_string()) {
                 return send_error(res, make_error("invalid_field",
                                                   "esl must be the seal file in base64", "esl"));
               }
               auto decoded = base64_decode(body.at("esl").get<std::string>());
               if (!decoded.ok()) {
                 return send_error(res, make_error("invalid_field", "esl is not base64", "esl"));
               }
               esl = std::move(*decoded);
             } else {
               esl.assign(req.body.begin(), req.body.end());
             }
             auto held = s.vault().import(esl, c.user.username, c.source);
             if (!held.ok()) return send_error(res, held.error());
             service::send_json(res, seal_json(*held), 201);
           });
  api.get("/api/v1/seals", {},
          [&s](const httplib::Request&, httplib::Response& res, const service::Caller&) {
            auto all = s.vault().list();
            if (!all.ok()) return send_error(res, all.error());
            nlohmann::json out = nlohmann::json::array();
            for (const HeldSeal& h : *all) out.push_back(seal_json(h));
            service::send_json(res, {{"seals", out}});
          });
  const std::string seal_path = "/api/v1/seals/" + std::string(kHeldSealCodePattern);
  api.get(seal_path + "/image", {},
          [&s](const httplib::Request& req, httplib::Response& res, const service::Caller&) {
            auto held = s.vault().held(req.matches[1]);
            if (!held.ok()) return send_error(res, held.error());
            if (held->picture_media_type.empty()) {
              return send_error(
                  res, make_error("signing.seal.no_raster_picture",
                                  "seal " + held->code +
                                      "'s picture is not PNG, JPEG, GIF or BMP (an OFD vector "
                                      "seal?); read it from the seal file",
                                  "code"));
            }
            res.set_header("Cache-Control", "private, max-age=3600");
            res.set_content(std::string(held->picture.begin(), held->picture.end()),
                            held->picture_media_type);
          });
  api.post(seal_path + "/state", {Role::kSealAdmin},
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             auto body = service::parse_json_body(req, res);
             if (!body) return;
             auto held = s.vault().set_state(req.matches[1], body->value("state", ""),
                                             c.user.username, c.source);
             if (!held.ok()) return send_error(res, held.error());
             service::send_json(res, seal_json(*held));
           });
}

}  // namespace gmseal::signing::api
