// The audit part of a service's API (both services), for auditors:
//
// GET /api/v1/audit[?after=SEQ&limit=N&actor=&action=&object=] -> {"records":[...],"next":SEQ}
//     (actor: substring, action: prefix, object: exact)
// GET /api/v1/audit/verify               -> {"intact","records","problems"}
// GET /api/v1/audit/export[?after=SEQ]   -> JSON lines (application/x-ndjson), one record a
//     line with prevHash and hash, so that the chain can be rechecked away from the service
#pragma once

#include "service/http/api_server.h"
#include "service/store/database.h"

namespace gmseal::service {

void add_audit_routes(ApiServer& api, Database& db);

}  // namespace gmseal::service
