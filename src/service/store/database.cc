#include "service/store/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "service/store/migrations.h"

namespace gmseal::service {

namespace {

std::string postgres_keywords(const std::string& url);

struct ParsedUrl {
  DbEngine engine = DbEngine::kSqlite;
  std::string connect;  // SOCI connection string
  std::string display;  // without password
};

std::string strip_password(std::string url) {
  const std::size_t scheme = url.find("://");
  const std::size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const std::size_t colon = url.find(':', scheme + 3);
  if (colon != std::string::npos && colon < at) url.replace(colon + 1, at - colon - 1, "***");
  return url;
}

ParsedUrl parse_url(std::string_view url) {
  ParsedUrl out;
  const std::string text(url);
  if (text.rfind("postgresql:", 0) == 0 || text.rfind("postgres:", 0) == 0) {
    out.engine = DbEngine::kPostgres;
    // libpq accepts URIs directly; "postgresql:dbname=x" is a keyword string.
    const std::size_t colon = text.find(':');
    const std::string rest = text.substr(colon + 1);
    out.connect = rest.rfind("//", 0) == 0 ? postgres_keywords(text) : rest;
    out.display = strip_password(text);
    return out;
  }
  std::string path = text;
  if (path.rfind("sqlite://", 0) == 0) {
    path = path.substr(9);
  } else if (path.rfind("sqlite:", 0) == 0) {
    path = path.substr(7);
  }
  out.engine = DbEngine::kSqlite;
  // SOCI's sqlite3 backend: "db=<path> timeout=<seconds>"; the busy timeout makes writers wait
  // for each other instead of failing at once.
  out.connect = "db=\"" + path + "\" timeout=30 shared_cache=false";
  out.display = "sqlite://" + path;
  return out;
}

// libpq keyword form of a postgresql:// URL (SOCI's backend does not pass URIs through intact).
std::string postgres_keywords(const std::string& url) {
  std::string rest = url.substr(url.find("//") + 2);
  std::string user, password, host = "127.0.0.1", port, dbname, options;
  const std::size_t query = rest.find('?');
  if (query != std::string::npos) {
    options = rest.substr(query + 1);
    rest = rest.substr(0, query);
  }
  const std::size_t at = rest.rfind('@');
  if (at != std::string::npos) {
    const std::string credentials = rest.substr(0, at);
    const std::size_t colon = credentials.find(':');
    user = credentials.substr(0, colon);
    if (colon != std::string::npos) password = credentials.substr(colon + 1);
    rest = rest.substr(at + 1);
  }
  const std::size_t slash = rest.find('/');
  if (slash != std::string::npos) {
    dbname = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  const std::size_t colon = rest.rfind(':');
  if (colon != std::string::npos) {
    port = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  if (!rest.empty()) host = rest;
  std::string out = "host=" + host;
  if (!port.empty()) out += " port=" + port;
  if (!dbname.empty()) out += " dbname=" + dbname;
  if (!user.empty()) out += " user=" + user;
  if (!password.empty()) out += " password='" + password + "'";
  for (std::size_t start = 0; start < options.size();) {
    const std::size_t amp = options.find('&', start);
    out += " " + options.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return out;
}

bool is_retryable(const std::string& message) {
  // SQLite: database is locked / busy. PostgreSQL: serialization failure (40001), deadlock
  // (40P01).
  return message.find("locked") != std::string::npos || message.find("busy") != std::string::npos ||
         message.find("40001") != std::string::npos || message.find("40P01") != std::string::npos ||
         message.find("could not serialize") != std::string::npos ||
         message.find("deadlock") != std::string::npos;
}

}  // namespace

Database::Database(DbEngine engine, std::size_t pool_size, std::string display_url)
    : engine_(engine),
      pool_size_(pool_size),
      display_url_(std::move(display_url)),
      pool_(std::make_unique<soci::connection_pool>(pool_size)) {}

Database::~Database() = default;

namespace {

// SQLite keeps memory statistics by default, under one process-wide mutex taken by every
// allocation: with several API threads preparing statements, perf showed the threads queued on
// it (sqlite3Malloc -> pthread_mutex_lock) and the signing service using 1.4 of its 2 cores.
// Nothing here reads the statistics. It can only be switched off before SQLite initialises, so
// this runs before the first connection; later it is a no-op.
void disable_sqlite_memory_statistics() {
  static const bool configured = [] {
    // SOCI declares the SQLite API inside namespace sqlite_api.
    const int rc = sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    // SQLITE_MISUSE when something opened SQLite first: it then keeps counting, only slower.
    if (rc != SQLITE_OK) spdlog::debug("sqlite: memory statistics stay on (sqlite3_config {})", rc);
    return rc == SQLITE_OK;
  }();
  static_cast<void>(configured);
}

}  // namespace

Result<std::shared_ptr<Database>> Database::open(std::string_view url, const Schema& schema,
                                                 std::size_t pool_size) {
  GMSEAL_ASSIGN_OR_RETURN(std::shared_ptr<Database> db, open_existing(url, pool_size));
  GMSEAL_RETURN_IF_ERROR(db->migrate(schema));
  return db;
}

Result<std::shared_ptr<Database>> Database::open_existing(std::string_view url,
                                                          std::size_t pool_size) {
  const ParsedUrl parsed = parse_url(url);
  if (parsed.engine == DbEngine::kSqlite) disable_sqlite_memory_statistics();
  std::shared_ptr<Database> db(new Database(parsed.engine, pool_size, parsed.display));
  try {
    for (std::size_t i = 0; i < pool_size; ++i) {
      soci::session& sql = db->pool_->at(i);
      if (parsed.engine == DbEngine::kSqlite) {
        sql.open(*soci::factory_sqlite3(), parsed.connect);
        sql << "PRAGMA journal_mode=WAL";
        sql << "PRAGMA synchronous=NORMAL";
        sql << "PRAGMA foreign_keys=ON";
      } else {
        sql.open(*soci::factory_postgresql(), parsed.connect);
        sql << "SET client_min_messages TO WARNING";
      }
    }
  } catch (const std::exception& e) {
    return make_error("store.open_failed",
                      "cannot open the database " + parsed.display + ": " + e.what());
  }
  return db;
}

std::string_view Database::skip_locked() const {
  return engine_ == DbEngine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
}

namespace {

// One SQLite writer's turn (see Database::run): the mutex, and which thread holds it.
class WriterTurn {
 public:
  explicit WriterTurn(std::atomic<std::thread::id>& holder) : holder_(holder) {}
  ~WriterTurn() { release(); }
  WriterTurn(const WriterTurn&) = delete;
  WriterTurn& operator=(const WriterTurn&) = delete;

  void take(std::mutex& mutex) {
    lock_ = std::unique_lock(mutex);
    holder_ = std::this_thread::get_id();
  }
  void release() {
    if (!lock_.owns_lock()) return;
    holder_ = std::thread::id();
    lock_.unlock();
  }

 private:
  std::atomic<std::thread::id>& holder_;
  std::unique_lock<std::mutex> lock_;
};

}  // namespace

Status Database::transact(const std::function<Status(soci::session&)>& body, int attempts) {
  return run(body, attempts, false);
}

Status Database::read(const std::function<Status(soci::session&)>& body) {
  return run(body, kAttempts, true);
}

Status Database::run(const std::function<Status(soci::session&)>& body, int attempts,
                     bool read_only) {
  std::string last_error;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    // SQLite: this process's writers queue here, one at a time, before they take a connection.
    // Writers that met at BEGIN IMMEDIATE got SQLITE_BUSY and slept in SQLite's busy handler
    // (1 ms and more per retry): with two signing clients, p99 went from 1 to 9-20 ms and the
    // throughput did not grow. Another process on the same file still waits through the busy
    // timeout.
    WriterTurn writer(sqlite_writer_thread_);
    if (engine_ == DbEngine::kSqlite && !read_only) {
      // A write inside a write on the same thread would wait for itself (before the mutex: for
      // the busy timeout, then fail): say so at once.
      if (sqlite_writer_thread_.load() == std::this_thread::get_id()) {
        return make_error("store.sql_error",
                          "database error: a write transaction was opened inside another");
      }
      writer.take(sqlite_writer_);
    }
    const std::size_t slot = pool_->lease();
    soci::session& sql = pool_->at(slot);
    // A PostgreSQL read runs without BEGIN/COMMIT: under READ COMMITTED every statement takes
    // its own snapshot inside a transaction too, so the two extra round trips would buy nothing.
    const bool transaction = !(read_only && engine_ == DbEngine::kPostgres);
    bool open = false;
    try {
      // SQLite: take the write lock up front so that two writers never deadlock upgrading a
      // read lock; PostgreSQL: READ COMMITTED plus explicit row locks where needed.
      if (transaction) {
        sql << (engine_ == DbEngine::kSqlite && !read_only ? "BEGIN IMMEDIATE" : "BEGIN");
        open = true;
      }
      const Status status = body(sql);
      if (!status.ok()) {
        if (open) sql << "ROLLBACK";
        pool_->give_back(slot);
        return status;
      }
      if (open) sql << "COMMIT";
      pool_->give_back(slot);
      return {};
    } catch (const std::exception& e) {
      last_error = e.what();
      if (open) {
        try {
          sql << "ROLLBACK";
        } catch (const std::exception&) {
          // The connection may be broken; nothing more to undo.
        }
      }
      pool_->give_back(slot);
      if (!is_retryable(last_error)) break;
      writer.release();  // others may write while this one waits to try again
      std::this_thread::sleep_for(std::chrono::milliseconds(5 << std::min(attempt, 6)));
    }
  }
  return make_error("store.sql_error", "database error: " + last_error);
}

Status Database::migrate(const Schema& schema) {
  return transact([&](soci::session& sql) { return run_migrations(sql, engine_, schema); });
}

}  // namespace gmseal::service
