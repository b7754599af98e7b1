// service::Database: a service's store, through SOCI, on SQLite (default, embedded, WAL) or
// PostgreSQL (several nodes). Every state change runs in one transaction through transact().
//
// URLs: "sqlite:///abs/path.db", "sqlite:relative.db", a plain file path (SQLite), or
// "postgresql://user:password@host:port/dbname" (also "postgres://...", or a libpq
// "dbname=... host=..." string after "postgresql:").
//
// Thread-safe: sessions come from a pool; one transaction holds one session.
#pragma once

#include "service/store/soci.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "service/store/db_engine.h"
#include "service/store/schema.h"
#include "util/error.h"

namespace gmseal::service {

class Database {
 public:
  // Opens the pool and brings the database to `schema` (its migrations). Errors:
  // store.open_failed, store.migration_failed.
  static Result<std::shared_ptr<Database>> open(std::string_view url, const Schema& schema,
                                                std::size_t pool_size = 8);
  // Opens the pool without migrating (tools that only read, e.g. `gmseal audit verify`, on
  // either service's database). Errors: store.open_failed.
  static Result<std::shared_ptr<Database>> open_existing(std::string_view url,
                                                         std::size_t pool_size = 1);
  ~Database();

  DbEngine engine() const { return engine_; }
  const std::string& url_for_display() const { return display_url_; }

  // Runs `body` in one transaction: committed when it returns ok, rolled back on an error or an
  // exception. Lock conflicts (SQLite busy, PostgreSQL serialization/deadlock) retry the whole
  // body up to `attempts` times, so bodies must not have effects outside the database.
  // SQL errors become store.sql_error.
  static constexpr int kAttempts = 8;
  Status transact(const std::function<Status(soci::session&)>& body, int attempts = kAttempts);

  // As transact(), returning a value.
  template <typename T>
  Result<T> transact_value(const std::function<Result<T>(soci::session&)>& body) {
    return run_value<T>(body, false);
  }

  // As transact(), for bodies that only read. On SQLite the transaction is deferred: a WAL
  // reader neither waits for the writer nor holds others up, where transact() takes the write
  // lock up front (BEGIN IMMEDIATE) and so serialises every caller. The public status query
  // reads through this: with BEGIN IMMEDIATE its API threads queued on the lock (SQLite's busy
  // handler sleeps a millisecond or more per conflict). On PostgreSQL the statements run
  // without an explicit transaction, each seeing the latest committed data (as they would
  // under READ COMMITTED): bodies that need one snapshot for several statements use transact().
  Status read(const std::function<Status(soci::session&)>& body);

  // As read(), returning a value.
  template <typename T>
  Result<T> read_value(const std::function<Result<T>(soci::session&)>& body) {
    return run_value<T>(body, true);
  }

  // "FOR UPDATE SKIP LOCKED" on PostgreSQL, "" on SQLite (whose writers are serialised by
  // BEGIN IMMEDIATE).
  std::string_view skip_locked() const;

 private:
  Database(DbEngine engine, std::size_t pool_size, std::string display_url);
  Status migrate(const Schema& schema);
  Status run(const std::function<Status(soci::session&)>& body, int attempts, bool read_only);
  // run() for a body that answers a value (transact_value, read_value).
  template <typename T>
  Result<T> run_value(const std::function<Result<T>(soci::session&)>& body, bool read_only) {
    std::optional<T> out;
    const Status status = run(
        [&](soci::session& sql) -> Status {
          auto r = body(sql);
          if (!r.ok()) return r.error();
          out = std::move(r).value();
          return {};
        },
        kAttempts, read_only);
    if (!status.ok()) return status.error();
    return std::move(*out);
  }

  DbEngine engine_;
  std::size_t pool_size_;
  std::string display_url_;
  std::unique_ptr<soci::connection_pool> pool_;
  std::mutex sqlite_writer_;  // see run()
  std::atomic<std::thread::id> sqlite_writer_thread_;
};

}  // namespace gmseal::service
