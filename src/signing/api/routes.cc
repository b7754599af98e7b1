#include "signing/api/routes.h"

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
