// The emulator's store: SQLite through SOCI. Tables: systems (registered second-level
// platforms), seals, nonces (replay protection), requests (strict-mode log), counters.
//
// Thread-safe: one session guarded by a mutex (the emulator is a test tool; SQLite serialises
// writers anyway). Every failure of the database is province.store.failed.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "util/bytes.h"
#include "util/error.h"
#include "util/time.h"

namespace soci {
class session;
}

namespace gmseal::province {

struct SystemRecord {
  std::string org_code;  // subSystemInfo.orgCode of its registration package
  std::string org_name;
  std::string cert_fingerprint;  // SM3 of the DER system certificate, hex
  Bytes cert_der;
  Time registered_at{};
};

// Seal states: valid, frozen, lost, cancelled (by its platform), revoked (revocationSealInfo).
struct SealRecord {
  std::string seal_code;  // yzbm / sealNum
  std::string org_code;   // owner
  std::string seal_name;
  std::string signer_cert_fingerprint;  // one certificate serves one seal only
  std::string task_id;
  Bytes seal_der;
  std::string status = "valid";
  std::string status_reason;
  Time created_at{};
  Time status_at{};
};

struct RequestLog {
  long long id = 0;
  Time at{};
  std::string interface_name;
  std::string remote;
  std::string org_code;
  std::string result_code;
  std::vector<std::string> violations;  // "code: message" per broken rule
  std::string body;
};

class Store {
 public:
  // Opens (creating when missing) the database and its schema.
  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path);
  ~Store();

  // Adds or replaces the system with this org code. Errors: province.system.cert_registered
  // (the certificate is registered under another org code).
  Status put_system(const SystemRecord& record);
  Result<std::optional<SystemRecord>> system_by_certificate(const std::string& fingerprint);
  Result<std::optional<SystemRecord>> system_by_org(const std::string& org_code);
  Result<std::vector<SystemRecord>> systems();

  // Whether `org_code` used this tokenInfo or transId after `since`.
  Result<bool> nonce_used(const std::string& org_code, const std::string& token,
                          const std::string& trans_id, Time since);

  // Runs `change` in one transaction after recording tokenInfo and transId as used (older
  // entries than `since` are forgotten first). A used nonce gives province.replay; an error
  // from `change` rolls everything back.
  Status commit_with_nonce(const std::string& org_code, const std::string& token,
                           const std::string& trans_id, Time since, Time at,
                           const std::function<Status()>& change);

  // Runs `change` in one transaction (rolled back when it returns an error).
  Status in_transaction(const std::function<Status()>& change);

  Result<std::optional<SealRecord>> seal(const std::string& seal_code);
  Result<std::optional<SealRecord>> seal_by_certificate(const std::string& fingerprint);
  // Errors: province.seal.exists, province.seal.cert_in_use.
  Status insert_seal(const SealRecord& record);
  Status set_seal_status(const std::string& seal_code, const std::string& status,
                         const std::string& reason, Time at);
  // All seals, or only those whose status is not "valid".
  Result<std::vector<SealRecord>> seals(bool only_not_valid);

  // Increments and returns a named counter (starts at 1).
  Result<long long> next_counter(const std::string& name);
  // The counter's value (0 when it was never incremented).
  Result<long long> counter(const std::string& name);

  Status log_request(const RequestLog& entry);
  Result<std::vector<RequestLog>> requests();

 private:
  explicit Store(std::unique_ptr<soci::session> session);
  std::recursive_mutex mutex_;
  std::unique_ptr<soci::session> sql_;
};

}  // namespace gmseal::province
