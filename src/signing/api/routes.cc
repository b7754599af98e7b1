#include "signing/api/routes.h"

#include <set>
#include <string>

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
  // The signing service's own codes answer with their registry status (util/error_codes.cc).
  // The core's codes about a document the caller sent are that document's fault here (422),
  // where the CLI and the platform treat them as their own input errors.
  static const std::set<std::string> document_faults = {
      "pdf.open_failed",
      "pdf.encrypted",
      "pdf.repaired",
      "pdf.sign.bad_page",
      "pdf.sign.keyword_not_found",
      "ofd.place.bad_page",
      "ofd.place.keyword_not_found",
      "ofd.place.bad_occurrence",
  };
  if (document_faults.count(error.code) != 0 || error.code.rfind("ofd.package.", 0) == 0 ||
      error.code.rfind("ofd.document.", 0) == 0) {
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
  add_document_routes(api, s);
}

}  // namespace gmseal::signing::api
