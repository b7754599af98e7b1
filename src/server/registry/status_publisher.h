// server::StatusPublisher: the seals' status as the platform publishes it. It answers the public
// status query with a signed statement, and it pulls the changes made at the province into the
// registry (status_sync.cc). Thread-safe.
#pragma once

#include <atomic>
#include <string>

#include "server/platform_context.h"
#include "server/registry/status_answer_cache.h"

namespace gmseal::server {

class StatusPublisher {
 public:
  explicit StatusPublisher(PlatformContext& context) : context_(context) {}

  // The JSON text {"code","status","since","signedAt","signature","signerCert"}: signature =
  // base64 DER SM2 (ID 1234567812345678) over the RFC 8785 canonical JSON of
  // {code,status,since,signedAt}. The status is read from the database on every call; an answer
  // signed for the same statement less than 1 s ago is reused, so signedAt may be up to 1 s old.
  // Errors: seal.not_found (also for seals still being made).
  Result<std::string> signed_status(const std::string& code);

  // Pulls the province's status list and applies the changes made there; returns how many
  // seals changed. Errors: province.unavailable.
  Result<int> sync_province_status_once();
  // For /metrics: the last successful pull (Unix seconds, 0 = never), failed pulls, changes
  // applied, since this process started.
  struct SyncStats {
    std::atomic<long long> last_success{0}, failures{0}, applied{0};
  };
  const SyncStats& sync_stats() const { return sync_stats_; }

 private:
  PlatformContext& context_;
  StatusAnswerCache answers_;
  SyncStats sync_stats_;
};

}  // namespace gmseal::server
