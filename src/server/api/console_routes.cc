// Read endpoints the web console needs (docs/api.md, "Console"):
// GET /api/v1/seals[?status&unit&category&q&expiringWithinDays&offset&limit] (any role)
//                                                -> {"seals":[...],"total","offset","limit"}
// GET /api/v1/seals/{code}/image (any role)      -> the seal's PNG as applied for
// GET /api/v1/seals/{code}/history (any role)    -> {"history":[{"seq","at","actor","action",
//                                                   "detail"}]}
// GET /api/v1/seals/{code}/certificate (any)     -> {"subject","serial","notBefore","notAfter",
//                                                   "issuer"}
// GET /api/v1/dashboard (any role)               -> counts, expiring seals and certificates,
//                                                   outbox and province sync
#include "crypto/certificate.h"
#include "server/api/routes.h"
#include "server/registry/seal_list.h"
#include "service/http/api_error.h"
#include "util/bytes.h"

namespace gmseal::server {

namespace {

// Integer query parameter in [low, high]; nullopt (and a 400 sent) when it is not one.
std::optional<int> int_param(const httplib::Request& req, httplib::Response& res,
                             const std::string& name, int fallback, int low, int high) {
  if (!req.has_param(name)) return fallback;
  try {
    const int value = std::stoi(req.get_param_value(name));
    if (value >= low && value <= high) return value;
  } catch (const std::exception&) {
  }
  send_error(
      res, 400, "invalid_field",
      name + " must be an integer from " + std::to_string(low) + " to " + std::to_string(high),
      name);
  return std::nullopt;
}

// The PNG of the application that made the seal; change/renew/replace applications that did not
// bring a new image use the image of the seal they act on.
Result<Bytes> seal_image(Platform& platform, const std::string& code) {
  std::string current = code;
  for (int hop = 0; hop < 16; ++hop) {
    GMSEAL_ASSIGN_OR_RETURN(SealRecord seal, platform.seals().seal(current));
    GMSEAL_ASSIGN_OR_RETURN(Application app, platform.applications().get(seal.application_id));
    const nlohmann::json& payload = app.payload;
    if (payload.contains("seal") && payload["seal"].is_object() &&
        payload["seal"].contains("imagePng") && payload["seal"]["imagePng"].is_string())
      return base64_decode(payload["seal"]["imagePng"].get<std::string>());
    if (app.target_seal.empty() || app.target_seal == current) break;
    current = app.target_seal;
  }
  return make_error("seal.no_image", "no image was applied for with seal " + code, "sealCode");
}

}  // namespace

void add_console_routes(ApiServer& api, Platform& platform) {
  api.get("/api/v1/seals", {},
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            SealFilter filter;
            filter.status = req.get_param_value("status");
            if (!filter.status.empty() && !parse_seal_status(filter.status).ok())
              return send_error(res, 400, "invalid_field", "unknown seal status", "status");
            filter.unit = req.get_param_value("unit");
            filter.category = req.get_param_value("category");
            filter.query = req.get_param_value("q");
            auto days = int_param(req, res, "expiringWithinDays", -1, -1, 36500);
            auto offset = int_param(req, res, "offset", 0, 0, 1 << 30);
            auto limit = int_param(req, res, "limit", 50, 1, 500);
            if (!days || !offset || !limit) return;
            filter.expiring_within_days = *days;
            filter.offset = *offset;
            filter.limit = *limit;
            const Time at = now();
            auto page = list_seals(platform.db(), filter, at);
            if (!page.ok()) return send_error(res, page.error());
            nlohmann::json seals = nlohmann::json::array();
            for (const SealRecord& s : page->seals) {
              nlohmann::json j = s.to_json(at);
              j.erase("signerCertSm3");
              j.erase("downloaded");
              seals.push_back(j);
            }
            send_json(res, {{"seals", seals},
                            {"total", page->total},
                            {"offset", filter.offset},
                            {"limit", filter.limit}});
          });
  api.get(seal_code_route("/api/v1/seals/", "/image"), {},
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            auto png = seal_image(platform, req.matches[1]);
            if (!png.ok()) return send_error(res, png.error());
            res.set_header("Cache-Control", "private, max-age=3600");
            res.set_content(std::string(png->begin(), png->end()), "image/png");
          });
  api.get(seal_code_route("/api/v1/seals/", "/history"), {},
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            auto seal = platform.seals().seal(req.matches[1]);
            if (!seal.ok()) return send_error(res, seal.error());
            auto history = seal_history(platform.db(), req.matches[1]);
            if (!history.ok()) return send_error(res, history.error());
            send_json(res, {{"history", *history}});
          });
  api.get(seal_code_route("/api/v1/seals/", "/certificate"), {},
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            auto seal = platform.seals().seal(req.matches[1]);
            if (!seal.ok()) return send_error(res, seal.error());
            auto cert = crypto::Certificate::from_pem(seal->cert_pem);
            if (!cert.ok()) return send_error(res, cert.error());
            send_json(res, {{"subject", cert->subject().to_string()},
                            {"issuer", cert->issuer().to_string()},
                            {"serial", cert->serial_hex()},
                            {"notBefore", format_iso8601(cert->not_before())},
                            {"notAfter", format_iso8601(cert->not_after())}});
          });
  api.get("/api/v1/dashboard", {},
          [&platform](const httplib::Request& req, httplib::Response& res, const Caller&) {
            auto days = int_param(req, res, "days", 30, 1, 3650);
            if (!days) return;
            auto counts = dashboard_counts(platform.db(), now(), *days);
            if (!counts.ok()) return send_error(res, counts.error());
            const StatusPublisher::SyncStats& sync = platform.status().sync_stats();
            const long long last = sync.last_success.load();
            (*counts)["provinceSync"] = {
                {"lastSuccess", last == 0 ? nlohmann::json(nullptr)
                                          : nlohmann::json(format_iso8601(from_unix(last)))},
                {"failures", sync.failures.load()},
                {"applied", sync.applied.load()}};
            send_json(res, *counts);
          });
}

}  // namespace gmseal::server
