// The SQL engines a service store runs on.
#pragma once

namespace gmseal::service {

enum class DbEngine { kSqlite, kPostgres };

}  // namespace gmseal::service
