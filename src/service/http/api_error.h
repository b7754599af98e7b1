// Mapping gmseal::Error codes to HTTP statuses and the API's error body
// {"code", "message", "field"}.
#pragma once

#include <httplib.h>

#include "util/error.h"

namespace gmseal::service {

// 400 invalid_field / *.bad_* / validate.*, 401 auth.bad_credentials / auth.bad_token,
// 403 forbidden, 404 *.not_found, 409 *.conflict / *.exists / illegal transitions,
// 503 province unavailable, 500 otherwise.
int http_status_for(const Error& error);

// Writes the JSON error body and status.
void send_error(httplib::Response& response, const Error& error);
void send_error(httplib::Response& response, int status, const std::string& code,
                const std::string& message, const std::string& field = {});

}  // namespace gmseal::service
