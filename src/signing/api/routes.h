// The signing service's HTTP API under /api/v1 (docs/signing-api.md), added to a
// service::ApiServer. One file per area; the accounts and audit routes come from the service
// foundation, as the platform's do.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>

#include "service/http/api_error.h"
#include "service/http/api_server.h"
#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::signing {
class SigningService;
struct PreviewDocument;
}  // namespace gmseal::signing

namespace gmseal::signing::api {

void add_all_routes(service::ApiServer& api, SigningService& service);

void add_seal_request_routes(service::ApiServer& api, SigningService& service);
void add_seal_routes(service::ApiServer& api, SigningService& service);
void add_grant_routes(service::ApiServer& api, SigningService& service);
void add_sign_routes(service::ApiServer& api, SigningService& service);
void add_verify_routes(service::ApiServer& api, SigningService& service);
void add_document_routes(service::ApiServer& api, SigningService& service);

// Errors answer as every gmseal service's do: the registry's status (util/error_codes.h) and,
// for a validate.* rule, invalid_field with the field and the rule.
using service::send_error;

// A request's fields: the JSON object body, or else the query parameters (for requests whose
// body is the document itself).
nlohmann::json request_fields(const httplib::Request& request);
bool is_json(const httplib::Request& request);

// A document sent as the body itself, or as JSON {"document":"<base64>"}. Errors: invalid_field.
Result<Bytes> document_body(const httplib::Request& request);
// {"id","kind","pages":[{"widthMm","heightMm"}...],"expiresIn":seconds} of a kept preview.
nlohmann::json preview_json(const PreviewDocument& document, std::chrono::seconds lifetime);

}  // namespace gmseal::signing::api
