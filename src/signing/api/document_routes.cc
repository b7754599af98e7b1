// Page previews (signing/document_previews.h; docs/signing-api.md §4):
// POST /api/v1/documents (signer, sealadmin): a PDF or OFD as the body (or {"document":
//   "<base64>"}) -> 201 {"id","kind":"pdf"|"ofd","pages":[{"widthMm","heightMm"}...],"expiresIn"}
// GET  /api/v1/documents/{id}/pages/{n}.svg (the uploader only): page n of an OFD, image/svg+xml
// GET  /api/v1/verify/documents/{id}/pages/{n}.svg (no login): page n of an OFD that a public
//   verification kept; its id comes only in that verification's answer ("preview").
#include <cmath>

#include "service/http/api_error.h"
#include "service/http/response_body.h"
#include "signing/api/routes.h"
#include "signing/signing_service.h"

namespace gmseal::signing::api {

namespace {

using service::Role;

double two_decimals(double mm) { return std::round(mm * 100) / 100; }

void send_svg(const httplib::Request& req, httplib::Response& res, const Result<std::string>& svg,
              std::chrono::seconds keep) {
  if (!svg.ok()) return send_error(res, svg.error());
  // Opened on its own (not as an <img>), an SVG is a document of this origin: nothing in it
  // may run or load.
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; img-src data:; style-src "
                 "'unsafe-inline'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "private, max-age=" + std::to_string(keep.count()));
  service::set_text_body(req, res, *svg, "image/svg+xml; charset=utf-8");
}

int page_number(const std::string& text) {
  try {
    return std::stoi(text);
  } catch (...) {
    return 0;  // out of range: no such page
  }
}

}  // namespace

nlohmann::json preview_json(const PreviewDocument& doc, std::chrono::seconds lifetime) {
  nlohmann::json pages = nlohmann::json::array();
  for (const PreviewPage& p : doc.pages) {
    pages.push_back(
        {{"widthMm", two_decimals(p.width_mm)}, {"heightMm", two_decimals(p.height_mm)}});
  }
  return {{"id", doc.id}, {"kind", doc.kind}, {"pages", pages}, {"expiresIn", lifetime.count()}};
}

Result<Bytes> document_body(const httplib::Request& req) {
  if (!is_json(req)) return Bytes(req.body.begin(), req.body.end());
  const nlohmann::json fields = request_fields(req);
  if (!fields.is_object() || !fields.contains("document") || !fields.at("document").is_string()) {
    return make_error("invalid_field", "document is required (base64)", "document");
  }
  auto decoded = base64_decode(fields.at("document").get<std::string>());
  if (!decoded.ok()) return make_error("invalid_field", "document must be base64", "document");
  return decoded;
}

void add_document_routes(service::ApiServer& api, SigningService& s) {
  const std::set<Role> uploaders = {Role::kSigner, Role::kSealAdmin};
  api.post("/api/v1/documents", uploaders,
           [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
             if (req.body.size() > s.config().max_body_bytes) {
               return send_error(res, make_error("request.too_large",
                                                 "the body is larger than the " +
                                                     std::to_string(s.config().max_body_bytes) +
                                                     " bytes a document may have",
                                                 "document"));
             }
             auto body = document_body(req);
             if (!body.ok()) return send_error(res, body.error());
             auto kept = s.previews().add(c.user.username, *body);
             if (!kept.ok()) return send_error(res, kept.error());
             service::send_json(res, preview_json(**kept, s.config().preview_lifetime), 201);
           });
  api.get(R"(/api/v1/documents/([0-9a-f]{1,64})/pages/(\d{1,9})\.svg)", uploaders,
          [&s](const httplib::Request& req, httplib::Response& res, const service::Caller& c) {
            send_svg(
                req, res,
                s.previews().page_svg(req.matches[1], c.user.username, page_number(req.matches[2])),
                s.config().preview_lifetime);
          });
  api.get_public(
      R"(/api/v1/verify/documents/([0-9a-f]{1,64})/pages/(\d{1,9})\.svg)",
      [&s](const httplib::Request& req, httplib::Response& res) {
        send_svg(req, res,
                 s.public_previews().page_svg(req.matches[1], "", page_number(req.matches[2])),
                 s.config().public_preview_lifetime);
      });
}

}  // namespace gmseal::signing::api
