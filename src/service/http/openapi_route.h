// GET /api/v1/openapi.json (no authentication): the service's OpenAPI 3 document, embedded at
// build time from docs/openapi/<service>.json (gmseal_embed_text in src/service/embed_text.cmake,
// called from each service's CMakeLists.txt).
#pragma once

#include <string_view>

#include "service/http/api_server.h"

namespace gmseal::service {

void add_openapi_route(ApiServer& api, std::string_view document);

}  // namespace gmseal::service
