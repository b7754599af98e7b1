// The /api/v1 routes of the platform, one file per area (documented in docs/api.md).
#pragma once

#include "server/http/api_server.h"
#include "server/platform.h"

namespace gmseal::server {

void add_session_routes(ApiServer& api, Platform& platform);
void add_user_routes(ApiServer& api, Platform& platform);
void add_application_routes(ApiServer& api, Platform& platform);
void add_seal_routes(ApiServer& api, Platform& platform);
void add_audit_routes(ApiServer& api, Platform& platform);

// All of the above plus /metrics gauges and the /downloads/ folder (when it exists).
void add_all_routes(ApiServer& api, Platform& platform);

}  // namespace gmseal::server
