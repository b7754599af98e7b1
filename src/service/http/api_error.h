// Mapping gmseal::Error codes to HTTP statuses and the API's error body
// {"code", "message", "field"}.
#pragma once

#include <httplib.h>

#include "util/error.h"

namespace gmseal::service {

// The status from the error code registry (util/error_codes.h, docs/error-codes.md); 500 for a
// code the registry lacks.
int http_status_for(const Error& error);

// Writes the JSON error body and status. A validate.* error (a field breaking a rule) is
// answered as {"code":"invalid_field","rule":"validate....","field":...}: invalid_field is the
// issued contract, rule names the check.
void send_error(httplib::Response& response, const Error& error);
void send_error(httplib::Response& response, int status, const std::string& code,
                const std::string& message, const std::string& field = {});

}  // namespace gmseal::service
