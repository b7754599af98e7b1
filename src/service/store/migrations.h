// Schema migrations: an ordered list of steps; each step runs once, inside the opening
// transaction, and bumps schema_version.
#pragma once

#include "service/store/soci.h"

#include "service/store/database.h"
#include "util/error.h"

namespace gmseal::service {

Status run_migrations(soci::session& sql, DbEngine engine);

}  // namespace gmseal::service
