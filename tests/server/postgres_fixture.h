// A real PostgreSQL server for the tests: initdb into a temporary folder and start it on a free
// loopback port (once per test binary), as the `postgres` user when the tests run as root.
// scripts/setup installs the server; its absence is a test failure, not a skip.
#pragma once

#include <string>

namespace gmseal::testing {

// The connection URL of the shared test server, starting it on first use; empty with `error`
// set when it cannot start.
std::string postgres_url(std::string* error);

// A fresh, empty database on that server (CREATE DATABASE), for one test.
std::string fresh_postgres_database(std::string* error);

}  // namespace gmseal::testing
