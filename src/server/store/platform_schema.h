// The platform's database schema (service/store/schema.h): the foundation's tables and the
// platform's own, version by version.
#pragma once

#include "service/store/schema.h"

namespace gmseal::server {

const service::Schema& platform_schema();

}  // namespace gmseal::server
