// The /api/v1 routes of the platform, one file per area (documented in docs/api.md). Sessions,
// users, API keys and the audit log come from the service foundation (service/http).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "server/foundation.h"
#include "server/platform.h"
#include "service/http/api_server.h"

namespace gmseal::server {

void add_application_routes(ApiServer& api, Platform& platform);
void add_seal_routes(ApiServer& api, Platform& platform);
void add_ukey_routes(ApiServer& api, Platform& platform);
void add_seal_image_routes(ApiServer& api, Platform& platform);
// Read views for the web console: seal library, seal image/history/certificate, dashboard.
void add_console_routes(ApiServer& api, Platform& platform);
// The tools published in `dir` (downloads/tool_downloads.h); none when nothing was published.
void add_download_routes(ApiServer& api, const std::filesystem::path& dir);

// The pattern of a path with a seal code in it: `before` + the code + `after`, the code being
// req.matches[1] (its shape: validate::SealCode::kRoutePattern).
std::string seal_code_route(std::string_view before, std::string_view after = "");

// All of the above plus /metrics gauges; the downloads are DATA/downloads.
void add_all_routes(ApiServer& api, Platform& platform);

}  // namespace gmseal::server
