#include "signing/api/routes.h"

#include <map>

#include "service/http/account_routes.h"
#include "service/http/api_error.h"
#include "service/http/audit_routes.h"
#include "service/http/openapi_route.h"
#include "signing/signing_service.h"

namespace gmseal::embedded {
// docs/openapi/signing.json (gmseal_embed_text in src/signing/CMakeLists.txt).
std::string_view signing_openapi();
}  // namespace gmseal::embedded

namespace gmseal::signing::api {

int http_status(const Error& error) {
  static const std::map<std::string, int> table = {
      {"grant.none", 403},
      {"grant.expired", 403},
      {"grant.kind", 403},
      {"grant.quota", 403},
      {"grant.approval_required", 403},
      {"grant.not_found", 404},
      {"approval.not_found", 404},
      {"approval.conflict", 409},
      {"signing.seal.not_found", 404},
      {"signing.seal.disabled", 403},
      {"signing.seal.not_in_force", 403},
      {"signing.platform.untrusted", 502},
      {"signing.platform.unavailable", 503},
      {"signing.import.bad_seal", 400},
      {"signing.import.seal_invalid", 422},
      {"signing.import.bad_key", 422},
      {"signing.import.conflict", 409},
      {"signing.document.not_pdf", 415},
      {"signing.document.not_ofd", 415},
      {"signing.document.unknown_format", 415},
      {"signing.device.full", 507},
      {"signing.device.no_key_generation", 503},
      {"seal_request.not_found", 404},
      {"batch.not_found", 404},
      {"batch.not_signed", 409},
      {"request.too_large", 413},
      {"rate_limited", 429},
      {"pdf.open_failed", 422},
      {"pdf.encrypted", 422},
      {"pdf.repaired", 422},
      {"pdf.sign.bad_page", 422},
      {"pdf.sign.keyword_not_found", 422},
      {"ofd.place.bad_page", 422},
      {"ofd.place.keyword_not_found", 422},
      {"ofd.place.bad_occurrence", 422},
  };
  if (auto it = table.find(error.code); it != table.end()) return it->second;
  // Any other error of a document the caller sent is about that document.
  if (error.code.rfind("ofd.package.", 0) == 0 || error.code.rfind("ofd.document.", 0) == 0) {
    return 422;
  }
  return service::http_status_for(error);
}

void send_error(httplib::Response& response, const Error& error) {
  service::send_error(response, http_status(error), error.code, error.message, error.field);
}

bool is_json(const httplib::Request& request) {
  return request.get_header_value("Content-Type").rfind("application/json", 0) == 0;
}

nlohmann::json request_fields(const httplib::Request& request) {
  if (is_json(request)) {
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object()) return body;
    return nlohmann::json();  // null: not an object
  }
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [key, value] : request.params) fields[key] = value;
  return fields;
}

void add_all_routes(service::ApiServer& api, SigningService& s) {
  service::add_account_routes(api, *s.users(), s.config().session_lifetime);
  service::add_audit_routes(api, s.db());
  service::add_openapi_route(api, embedded::signing_openapi());
  add_seal_request_routes(api, s);
  add_seal_routes(api, s);
  add_grant_routes(api, s);
  add_sign_routes(api, s);
  add_verify_routes(api, s);
}

}  // namespace gmseal::signing::api
