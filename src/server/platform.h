// server::Platform: the second-level seal platform's behaviour, independent of HTTP: applications
// and their review, seal making through the province (outbox + worker), the lifecycle
// operations, the seal registry and its signed status answers.
//
// Every state change is one database transaction that writes the new state, its audit record
// and, where the province must hear of it, an outbox row. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "ca/test_ca.h"
#include "server/foundation.h"
#include "server/platform_config.h"
#include "server/registry/seal_registry.h"
#include "server/registry/status_answer_cache.h"
#include "server/ukey/ukey_registry.h"
#include "server/workflow/application.h"
#include "server/workflow/province_gateway.h"
#include "service/auth/users.h"
#include "service/secrets/keystore.h"
#include "service/store/database.h"

namespace gmseal::server {

// The platform's roles: admin, operator, reviewer, auditor.
const std::set<Role>& platform_roles();

class UkeyStation;

struct Actor {
  std::string name;    // user name or "system"
  std::string source;  // client address or "worker@HOST:PID"
};

class Platform {
 public:
  // Opens (or initialises) the data directory: master key, database, built-in CA, the
  // platform's system key and certificate, the first admin. `province` may be null (making then
  // waits in the outbox until one is configured).
  static Result<std::unique_ptr<Platform>> open(const PlatformConfig& config,
                                                std::shared_ptr<ProvinceGateway> province);
  ~Platform();

  const PlatformConfig& config() const { return config_; }
  Database& db() { return *db_; }
  std::shared_ptr<UserStore> users() { return users_; }
  const crypto::Certificate& system_certificate() const { return *system_cert_; }
  const crypto::Certificate& ca_certificate() const { return ca_->certificate(); }
  void set_province(std::shared_ptr<ProvinceGateway> province);
  // Trust anchor for downloaded seals' maker certificates (the province CA root).
  void set_province_root(crypto::Certificate root) { province_root_ = std::move(root); }
  const crypto::Sm2PrivateKey& system_key() const { return *system_key_; }

  // Applications. Errors: invalid_field (with the field path), seal.not_found,
  // seal.illegal_transition, application.conflict, application.not_found,
  // application.illegal_transition, forbidden (four-eyes rule).
  Result<Application> submit(const nlohmann::json& body, const Actor& actor);
  Result<Application> approve(const std::string& id, const Actor& reviewer);
  Result<Application> reject(const std::string& id, const std::string& reason,
                             const Actor& reviewer);
  Result<Application> application(const std::string& id);
  Result<std::vector<Application>> applications(std::optional<ApplicationStatus> status, int limit);
  // The UKey admin PIN for an approved unlock application (once; the application becomes
  // delivered). Errors: application.not_found, application.illegal_transition.
  Result<UkeyRelease> release_unlock_pin(const std::string& id, const Actor& actor);

  // UKeys the platform issued (server/ukey). The token of a seal, when the platform issued it.
  Result<std::optional<UkeyRecord>> issued_ukey(const std::string& code);
  // The PINs of the token issued for seal `code`, for writing the seal onto it: only while the
  // application that made the seal is ready (before delivery), only for the token whose serial
  // is `serial`; audit-logged. Errors: seal.not_found, ukey.not_found, ukey.bad_serial,
  // application.illegal_transition.
  Result<UkeyRelease> release_ukey_for_delivery(const std::string& code, const std::string& serial,
                                                const Actor& actor);
  // The issuing station, or null when the platform has none.
  const UkeyStation* ukey_station() const { return ukey_station_.get(); }

  // Seals.
  Result<SealRecord> seal(const std::string& code);
  // The DER seal (.esl); marks the application that made it delivered.
  Result<Bytes> seal_file(const std::string& code, const Actor& actor);
  // The JSON text {"code","status","since","signedAt","signature","signerCert"}: signature =
  // base64 DER SM2 (ID 1234567812345678) over the RFC 8785 canonical JSON of
  // {code,status,since,signedAt}. The status is read from the database on every call; an answer
  // signed for the same statement less than 1 s ago is reused, so signedAt may be up to 1 s old.
  // Errors: seal.not_found (also for seals still being made).
  Result<std::string> signed_status(const std::string& code);

  // Delivers due outbox items once; returns how many were attempted.
  int process_outbox_once();
  // Pulls the province's status list and applies the changes made there (workflow/
  // status_sync.cc); returns how many seals changed. Errors: province.unavailable.
  Result<int> sync_province_status_once();
  // For /metrics: the last successful pull (Unix seconds, 0 = never), failed pulls, changes
  // applied, since this process started.
  struct SyncStats {
    std::atomic<long long> last_success{0}, failures{0}, applied{0};
  };
  const SyncStats& sync_stats() const { return sync_stats_; }
  void start_worker();
  void stop_worker();

 private:
  Platform() = default;
  struct NewSeal;
  Result<NewSeal> prepare_new_seal(const Application& app, const nlohmann::json& data,
                                   const std::string& bak_type);
  Status process_item(const struct OutboxItem& item);
  // Marks a failed item for retry, or - for a final failure - failed, with its seal,
  // application and audit record; logs what it cannot record.
  void record_outbox_failure(const struct OutboxItem& item, const Error& error);
  std::shared_ptr<ProvinceGateway> province();
  // A downloaded seal must parse, carry this seal's signer certificate and verify.
  // Errors: seal.bad_download.
  Status check_downloaded_seal(const std::string& code, const Bytes& der);
  Status check_target(soci::session& sql, ApplicationKind kind, const std::string& code);
  void discard_unused_ukey(const UkeyRecord& ukey);

  PlatformConfig config_;
  std::string worker_source_;  // "worker@HOST:PID"
  SyncStats sync_stats_;
  std::shared_ptr<Database> db_;
  std::shared_ptr<UserStore> users_;
  std::unique_ptr<KeyStore> keys_;
  std::unique_ptr<ca::TestCa> ca_;
  std::unique_ptr<UkeyStation> ukey_station_;
  std::optional<crypto::Sm2PrivateKey> system_key_;
  std::optional<crypto::Certificate> system_cert_;
  // The province's certificate from the registration package: verifies its replies and the
  // seals it makes (seal maker chain) when set.
  std::optional<crypto::Certificate> province_root_;
  std::mutex province_mutex_;
  std::shared_ptr<ProvinceGateway> province_;
  StatusAnswerCache status_answers_;
  std::thread worker_;
  std::atomic<bool> stopping_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
};

}  // namespace gmseal::server
