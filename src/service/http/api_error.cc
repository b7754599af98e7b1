#include "service/http/api_error.h"
#include "util/json_text.h"

#include <nlohmann/json.hpp>

namespace gmseal::service {

namespace {
bool has(const std::string& code, const char* part) { return code.find(part) != std::string::npos; }
}  // namespace

int http_status_for(const Error& error) {
  const std::string& c = error.code;
  if (c == "auth.bad_credentials" || c == "auth.bad_token" || c == "unauthenticated") return 401;
  if (c == "invalid_field" || c.rfind("validate.", 0) == 0 || has(c, ".bad_") ||
      c == "bad_request" || c == "auth.weak_password") {
    return 400;
  }
  if (c == "forbidden") return 403;
  if (has(c, "not_found")) return 404;
  if (has(c, "conflict") || has(c, "exists") || has(c, "illegal_transition") || has(c, "already")) {
    return 409;
  }
  if (has(c, "unavailable")) return 503;
  return 500;
}

void send_error(httplib::Response& response, int status, const std::string& code,
                const std::string& message, const std::string& field) {
  nlohmann::json body = {{"code", code}, {"message", message}};
  body["field"] = field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field);
  response.status = status;
  response.set_content(json_text(body), "application/json");
}

void send_error(httplib::Response& response, const Error& error) {
  send_error(response, http_status_for(error), error.code, error.message, error.field);
}

}  // namespace gmseal::service
