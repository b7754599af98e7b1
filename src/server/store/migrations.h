// Schema migrations: an ordered list of steps; each step runs once, inside the opening
// transaction, and bumps schema_version.
#pragma once

#include "server/store/soci.h"

#include "server/store/database.h"
#include "util/error.h"

namespace gmseal::server {

Status run_migrations(soci::session& sql, DbEngine engine);

}  // namespace gmseal::server
