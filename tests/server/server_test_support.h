// Parameterised database fixtures: each server test runs on SQLite and on a real PostgreSQL.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "cli/cli_test_support.h"
#include "postgres_fixture.h"
#include "service/store/database.h"

namespace gmseal::testing {

enum class Engine { kSqlite, kPostgres };

inline std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

// A database URL for a fresh database of `engine` (SQLite files live in `dir`).
inline std::string fresh_database_url(Engine engine, const std::filesystem::path& dir) {
  if (engine == Engine::kSqlite) return "sqlite://" + (dir / "test.db").string();
  std::string error;
  const std::string url = fresh_postgres_database(&error);
  if (url.empty()) ADD_FAILURE() << "PostgreSQL test server unavailable: " << error;
  return url;
}

}  // namespace gmseal::testing
