#include "province/store.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "protocol/canonical_json.h"
#include "util/json_text.h"

namespace gmseal::province {

namespace {

Error store_error(const std::exception& e) {
  return make_error("province.store.failed", std::string("store: ") + e.what());
}

// SOCI's exceptions end at this file's boundary.
template <typename F>
auto guarded(std::recursive_mutex& mutex, F&& body) -> decltype(body()) {
  std::lock_guard lock(mutex);
  try {
    return body();
  } catch (const std::exception& e) {
    return store_error(e);
  }
}

constexpr const char* kSchema[] = {
    "CREATE TABLE IF NOT EXISTS systems (org_code TEXT PRIMARY KEY, org_name TEXT NOT NULL, "
    "cert_fp TEXT NOT NULL UNIQUE, cert_der TEXT NOT NULL, registered_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS seals (seal_code TEXT PRIMARY KEY, org_code TEXT NOT NULL, "
    "seal_name TEXT NOT NULL, signer_cert_fp TEXT NOT NULL UNIQUE, task_id TEXT NOT NULL, "
    "seal_der TEXT NOT NULL, status TEXT NOT NULL, status_reason TEXT NOT NULL, "
    "created_at INTEGER NOT NULL, status_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS nonces (org_code TEXT NOT NULL, kind TEXT NOT NULL, "
    "value TEXT NOT NULL, seen_at INTEGER NOT NULL, PRIMARY KEY (org_code, kind, value))",
    "CREATE TABLE IF NOT EXISTS requests (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "at INTEGER NOT NULL, interface TEXT NOT NULL, remote TEXT NOT NULL, org_code TEXT NOT NULL, "
    "result_code TEXT NOT NULL, violations TEXT NOT NULL, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
};

Bytes decode_b64(const std::string& text) {
  auto bytes = base64_decode(text);
  return bytes.ok() ? std::move(bytes).value() : Bytes{};
}

// SQLite reports a column's type from its declaration, so INTEGER columns may come back as
// int or long long; read either.
long long get_int64(const soci::row& row, std::size_t index) {
  switch (row.get_properties(index).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(index);
    case soci::dt_long_long:
      return row.get<long long>(index);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(row.get<unsigned long long>(index));
    case soci::dt_double:
      return static_cast<long long>(row.get<double>(index));
    default:
      return std::stoll(row.get<std::string>(index));
  }
}

const char* kSystemColumns = "org_code, org_name, cert_fp, cert_der, registered_at";
const char* kSealColumns =
    "seal_code, org_code, seal_name, signer_cert_fp, task_id, seal_der, status, status_reason, "
    "created_at, status_at";

SystemRecord system_from_row(const soci::row& row) {
  SystemRecord r;
  r.org_code = row.get<std::string>(0);
  r.org_name = row.get<std::string>(1);
  r.cert_fingerprint = row.get<std::string>(2);
  r.cert_der = decode_b64(row.get<std::string>(3));
  r.registered_at = from_unix(get_int64(row, 4));
  return r;
}

SealRecord seal_from_row(const soci::row& row) {
  SealRecord r;
  r.seal_code = row.get<std::string>(0);
  r.org_code = row.get<std::string>(1);
  r.seal_name = row.get<std::string>(2);
  r.signer_cert_fingerprint = row.get<std::string>(3);
  r.task_id = row.get<std::string>(4);
  r.seal_der = decode_b64(row.get<std::string>(5));
  r.status = row.get<std::string>(6);
  r.status_reason = row.get<std::string>(7);
  r.created_at = from_unix(get_int64(row, 8));
  r.status_at = from_unix(get_int64(row, 9));
  return r;
}

template <typename Record, typename Convert>
std::vector<Record> select_rows(soci::session& sql, const std::string& query,
                                const std::string& argument, Convert convert) {
  std::vector<Record> out;
  if (argument.empty()) {
    soci::rowset<soci::row> rows = sql.prepare << query;
    for (const auto& row : rows) out.push_back(convert(row));
  } else {
    soci::rowset<soci::row> rows = (sql.prepare << query, soci::use(argument));
    for (const auto& row : rows) out.push_back(convert(row));
  }
  return out;
}

template <typename Record>
std::optional<Record> first(std::vector<Record> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

Store::Store(std::unique_ptr<soci::session> session) : sql_(std::move(session)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
  try {
    auto session = std::make_unique<soci::session>(*soci::factory_sqlite3(),
                                                   "db=" + path.string() + " timeout=10");
    *session << "PRAGMA journal_mode=WAL";
    *session << "PRAGMA synchronous=NORMAL";
    for (const char* statement : kSchema) *session << statement;
    return std::unique_ptr<Store>(new Store(std::move(session)));
  } catch (const std::exception& e) {
    return make_error("province.store.failed",
                      "cannot open the store " + path.string() + ": " + e.what());
  }
}

Status Store::put_system(const SystemRecord& record) {
  return guarded(mutex_, [&]() -> Status {
    auto other = first(select_rows<SystemRecord>(
        *sql_, std::string("SELECT ") + kSystemColumns + " FROM systems WHERE cert_fp = :fp",
        record.cert_fingerprint, system_from_row));
    if (other && other->org_code != record.org_code) {
      return make_error(
          "province.system.cert_registered",
          "this system certificate is already registered for org code " + other->org_code);
    }
    const std::string der = base64_encode(record.cert_der);
    const long long at = to_unix(record.registered_at);
    *sql_ << "INSERT OR REPLACE INTO systems (org_code, org_name, cert_fp, cert_der, "
             "registered_at) VALUES (:a, :b, :c, :d, :e)",
        soci::use(record.org_code), soci::use(record.org_name), soci::use(record.cert_fingerprint),
        soci::use(der), soci::use(at);
    return {};
  });
}

Result<std::optional<SystemRecord>> Store::system_by_certificate(const std::string& fingerprint) {
  return guarded(mutex_, [&]() -> Result<std::optional<SystemRecord>> {
    return first(select_rows<SystemRecord>(
        *sql_, std::string("SELECT ") + kSystemColumns + " FROM systems WHERE cert_fp = :fp",
        fingerprint, system_from_row));
  });
}

Result<std::optional<SystemRecord>> Store::system_by_org(const std::string& org_code) {
  return guarded(mutex_, [&]() -> Result<std::optional<SystemRecord>> {
    return first(select_rows<SystemRecord>(
        *sql_, std::string("SELECT ") + kSystemColumns + " FROM systems WHERE org_code = :o",
        org_code, system_from_row));
  });
}

Result<std::vector<SystemRecord>> Store::systems() {
  return guarded(mutex_, [&]() -> Result<std::vector<SystemRecord>> {
    return select_rows<SystemRecord>(
        *sql_, std::string("SELECT ") + kSystemColumns + " FROM systems ORDER BY org_code", "",
        system_from_row);
  });
}

Result<bool> Store::nonce_used(const std::string& org_code, const std::string& token,
                               const std::string& trans_id, Time since) {
  return guarded(mutex_, [&]() -> Result<bool> {
    long long count = 0;
    const long long from = to_unix(since);
    *sql_ << "SELECT COUNT(*) FROM nonces WHERE org_code = :o AND seen_at >= :s AND "
             "((kind = 'token' AND value = :t) OR (kind = 'trans' AND value = :x))",
        soci::use(org_code), soci::use(from), soci::use(token), soci::use(trans_id),
        soci::into(count);
    return count > 0;
  });
}

Status Store::commit_with_nonce(const std::string& org_code, const std::string& token,
                                const std::string& trans_id, Time since, Time at,
                                const std::function<Status()>& change) {
  return guarded(mutex_, [&]() -> Status {
    soci::transaction transaction(*sql_);
    const long long from = to_unix(since);
    const long long seen = to_unix(at);
    *sql_ << "DELETE FROM nonces WHERE seen_at < :s", soci::use(from);
    for (const auto& [kind, value] : {std::pair<std::string, std::string>{"token", token},
                                      std::pair<std::string, std::string>{"trans", trans_id}}) {
      if (value.empty()) continue;
      long long count = 0;
      *sql_ << "SELECT COUNT(*) FROM nonces WHERE org_code = :o AND kind = :k AND value = :v",
          soci::use(org_code), soci::use(kind), soci::use(value), soci::into(count);
      if (count > 0) {
        return make_error("province.replay",
                          (kind == "token" ? "tokenInfo '" : "transId '") + value +
                              "' was already used by this system",
                          kind == "token" ? "tokenInfo" : "extendData.transId");
      }
      *sql_ << "INSERT INTO nonces (org_code, kind, value, seen_at) VALUES (:o, :k, :v, :s)",
          soci::use(org_code), soci::use(kind), soci::use(value), soci::use(seen);
    }
    GMSEAL_RETURN_IF_ERROR(change());
    transaction.commit();
    return {};
  });
}

Result<std::optional<SealRecord>> Store::seal(const std::string& seal_code) {
  return guarded(mutex_, [&]() -> Result<std::optional<SealRecord>> {
    return first(select_rows<SealRecord>(
        *sql_, std::string("SELECT ") + kSealColumns + " FROM seals WHERE seal_code = :c",
        seal_code, seal_from_row));
  });
}

Status Store::in_transaction(const std::function<Status()>& change) {
  return guarded(mutex_, [&]() -> Status {
    soci::transaction transaction(*sql_);
    GMSEAL_RETURN_IF_ERROR(change());
    transaction.commit();
    return {};
  });
}

Result<std::optional<SealRecord>> Store::seal_by_certificate(const std::string& fingerprint) {
  return guarded(mutex_, [&]() -> Result<std::optional<SealRecord>> {
    return first(select_rows<SealRecord>(
        *sql_, std::string("SELECT ") + kSealColumns + " FROM seals WHERE signer_cert_fp = :f",
        fingerprint, seal_from_row));
  });
}

Status Store::insert_seal(const SealRecord& r) {
  return guarded(mutex_, [&]() -> Status {
    GMSEAL_ASSIGN_OR_RETURN(const auto existing, seal(r.seal_code));
    if (existing) {
      return make_error("province.seal.exists", "seal code " + r.seal_code + " is already used",
                        "sealNum");
    }
    GMSEAL_ASSIGN_OR_RETURN(const auto bound, seal_by_certificate(r.signer_cert_fingerprint));
    if (bound) {
      return make_error("province.seal.cert_in_use",
                        "the signer certificate already serves seal " + bound->seal_code +
                            " (one certificate serves one seal only)",
                        "signCert");
    }
    const std::string der = base64_encode(r.seal_der);
    const long long created = to_unix(r.created_at);
    const long long status_at = to_unix(r.status_at);
    *sql_ << "INSERT INTO seals (seal_code, org_code, seal_name, signer_cert_fp, task_id, "
             "seal_der, status, status_reason, created_at, status_at) VALUES (:a, :b, :c, :d, "
             ":e, :f, :g, :h, :i, :j)",
        soci::use(r.seal_code), soci::use(r.org_code), soci::use(r.seal_name),
        soci::use(r.signer_cert_fingerprint), soci::use(r.task_id), soci::use(der),
        soci::use(r.status), soci::use(r.status_reason), soci::use(created), soci::use(status_at);
    return {};
  });
}

Status Store::set_seal_status(const std::string& seal_code, const std::string& status,
                              const std::string& reason, Time at) {
  return guarded(mutex_, [&]() -> Status {
    const long long when = to_unix(at);
    *sql_ << "UPDATE seals SET status = :s, status_reason = :r, status_at = :t WHERE "
             "seal_code = :c",
        soci::use(status), soci::use(reason), soci::use(when), soci::use(seal_code);
    return {};
  });
}

Result<std::vector<SealRecord>> Store::seals(bool only_not_valid) {
  return guarded(mutex_, [&]() -> Result<std::vector<SealRecord>> {
    return select_rows<SealRecord>(*sql_,
                                   std::string("SELECT ") + kSealColumns + " FROM seals" +
                                       (only_not_valid ? " WHERE status <> 'valid'" : "") +
                                       " ORDER BY seal_code",
                                   "", seal_from_row);
  });
}

Result<long long> Store::next_counter(const std::string& name) {
  return guarded(mutex_, [&]() -> Result<long long> {
    // No transaction of its own: callers may be inside commit_with_nonce (SQLite does not nest
    // transactions); the mutex makes the three statements atomic for this process.
    *sql_ << "INSERT OR IGNORE INTO counters (name, value) VALUES (:n, 0)", soci::use(name);
    *sql_ << "UPDATE counters SET value = value + 1 WHERE name = :n", soci::use(name);
    long long value = 0;
    *sql_ << "SELECT value FROM counters WHERE name = :n", soci::use(name), soci::into(value);
    return value;
  });
}

Result<long long> Store::counter(const std::string& name) {
  return guarded(mutex_, [&]() -> Result<long long> {
    long long value = 0;
    soci::indicator indicator = soci::i_null;
    *sql_ << "SELECT value FROM counters WHERE name = :n", soci::use(name),
        soci::into(value, indicator);
    return indicator == soci::i_ok ? value : 0;
  });
}

Status Store::log_request(const RequestLog& e) {
  return guarded(mutex_, [&]() -> Status {
    const long long at = to_unix(e.at);
    const std::string violations = json_text(protocol::Json(e.violations));
    *sql_ << "INSERT INTO requests (at, interface, remote, org_code, result_code, violations, "
             "body) VALUES (:a, :b, :c, :d, :e, :f, :g)",
        soci::use(at), soci::use(e.interface_name), soci::use(e.remote), soci::use(e.org_code),
        soci::use(e.result_code), soci::use(violations), soci::use(e.body);
    return {};
  });
}

Result<std::vector<RequestLog>> Store::requests() {
  return guarded(mutex_, [&]() -> Result<std::vector<RequestLog>> {
    return select_rows<RequestLog>(
        *sql_,
        "SELECT id, at, interface, remote, org_code, result_code, violations, body FROM requests "
        "ORDER BY id",
        "", [](const soci::row& row) {
          RequestLog e;
          e.id = get_int64(row, 0);
          e.at = from_unix(get_int64(row, 1));
          e.interface_name = row.get<std::string>(2);
          e.remote = row.get<std::string>(3);
          e.org_code = row.get<std::string>(4);
          e.result_code = row.get<std::string>(5);
          auto list = protocol::parse_json(row.get<std::string>(6));
          if (list.ok() && list->is_array()) {
            for (const auto& v : *list) {
              if (v.is_string()) e.violations.push_back(v.get<std::string>());
            }
          }
          e.body = row.get<std::string>(7);
          return e;
        });
  });
}

}  // namespace gmseal::province
