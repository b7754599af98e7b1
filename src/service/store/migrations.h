// Schema migrations: each version of a service's schema (schema.h) runs once, in order, inside
// the opening transaction, and bumps schema_version.
#pragma once

#include "service/store/soci.h"

#include "service/store/db_engine.h"
#include "service/store/schema.h"
#include "util/error.h"

namespace gmseal::service {

// Errors: store.migration_failed (the database is newer than `schema`).
Status run_migrations(soci::session& sql, DbEngine engine, const Schema& schema);

}  // namespace gmseal::service
