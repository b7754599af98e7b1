// The log-in answer every service gives at POST /api/v1/session:
//   {"username","password"} -> 200 {"token","expiresAt","username","roles"}
// 401 auth.bad_credentials; 429 auth.throttled with a Retry-After header (seconds) after too
// many failures for the user or from the address (auth/login_throttle.h).
#pragma once

#include <httplib.h>

#include <chrono>

#include "service/auth/users.h"

namespace gmseal::service {

void answer_login(const httplib::Request& request, httplib::Response& response, UserStore& users,
                  std::chrono::seconds session_lifetime);

}  // namespace gmseal::service
