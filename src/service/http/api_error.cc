#include "service/http/api_error.h"
#include "service/http/response_body.h"
#include "util/error_codes.h"
#include "util/json_text.h"

#include <nlohmann/json.hpp>

namespace gmseal::service {

int http_status_for(const Error& error) { return http_status_for_code(error.code); }

namespace {

void write_error(httplib::Response& response, int status, const std::string& code,
                 const std::string& message, const std::string& field, const std::string& rule) {
  nlohmann::json body = {{"code", code}, {"message", message}};
  body["field"] = field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field);
  if (!rule.empty()) body["rule"] = rule;
  response.status = status;
  response.set_content(json_text(body), kJsonType);
}

}  // namespace

void send_error(httplib::Response& response, int status, const std::string& code,
                const std::string& message, const std::string& field) {
  write_error(response, status, code, message, field, {});
}

namespace {

// Codes of rules that judge one field of a request body: the API answers them with the issued
// contract code invalid_field, the field, and the code as "rule".
bool is_field_rule(const Error& error) {
  if (error.code.rfind("validate.", 0) == 0) return true;
  return !error.field.empty() && error.code.rfind("protocol.request_package.", 0) == 0;
}

}  // namespace

void send_error(httplib::Response& response, const Error& error) {
  const int status = http_status_for(error);
  if (status == 400 && is_field_rule(error)) {
    write_error(response, status, "invalid_field", error.message, error.field, error.code);
    return;
  }
  write_error(response, status, error.code, error.message, error.field, {});
}

}  // namespace gmseal::service
