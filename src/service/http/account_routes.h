// The accounts part of a service's API (both services): sessions, users, API keys.
//
// POST /api/v1/session {"username","password"} -> {"token","expiresAt","username","roles"}
// POST /api/v1/session/logout (bearer)
// POST /api/v1/users {"username","password","roles":[...]} (admin) -> 201 the user
// GET  /api/v1/users (admin), GET /api/v1/me (any user)
// POST /api/v1/api-keys {"username","label"} (admin) -> 201 {"id","key","username","label",...}
//      (the key is shown once; machine clients send it as "Authorization: Bearer <key>" or
//      "X-API-Key: <key>" and act as that user)
// GET  /api/v1/api-keys (admin), POST /api/v1/api-keys/{id}/revoke (admin)
#pragma once

#include <chrono>

#include "service/auth/users.h"
#include "service/http/api_server.h"

namespace gmseal::service {

void add_account_routes(ApiServer& api, UserStore& users, std::chrono::seconds session_lifetime);

}  // namespace gmseal::service
