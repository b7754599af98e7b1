// The second-level platform's word on a seal, gating every use: the platform's signed online
// status answer (GET <platform>/api/v1/status/{code}), judged as `gmseal verify --status-url`
// judges it (status/status_judgement.h). Only a trusted, fresh, correctly signed "valid" lets a
// seal sign; frozen, lost, cancelled, revoked, expired, an unknown seal, a bad signature or no
// answer at all refuse (fail closed).
//
// An answer is reused for at most `cache` (60 s by default and at most): a seal the platform
// freezes stops signing within that time.
//
// Who may sign answers: the pinned certificates (--platform-cert), or else the signer of the
// first good answer at a seal's import, pinned then (trust on first use; in settings).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "crypto/certificate.h"
#include "service/store/database.h"
#include "ses/seal.h"
#include "ses/verify_report.h"
#include "status/http_get.h"
#include "status/status_answer.h"

namespace gmseal::signing {

class PlatformStatus {
 public:
  // `url`: the platform's base URL (http://HOST:PORT); empty: no platform (every seal passes,
  // with "platform status not configured" in the audit).
  PlatformStatus(std::string url, std::vector<crypto::Certificate> pinned,
                 std::chrono::seconds cache, std::shared_ptr<service::Database> db);

  bool configured() const { return !url_.empty(); }
  const std::string& url() const { return url_; }

  // Errors: signing.seal.not_in_force (the status in the message), signing.platform.unavailable,
  // signing.platform.untrusted.
  Status check(const ses::Seal& seal);

  // At import: as check(), pinning the answer's signer when nothing is pinned yet.
  Status check_at_import(const ses::Seal& seal);

  // The status check for verify reports (the online_status check, cached the same way).
  ses::Check judge(const ses::Seal& seal, Time signed_at);

 private:
  // The signed answer as fetched, and its judgement for a use now (the gate).
  struct Cached {
    std::chrono::steady_clock::time_point fetched;
    std::string url;
    Result<status::HttpReply> reply = status::HttpReply{};
    ses::Check gate;
  };
  status::StatusSignerTrust trust();
  // The cached answer for `code`, fetched anew when older than the cache time.
  Cached answer(const std::string& code, bool refresh = false);
  Status to_status(const ses::Check& check, const std::string& code) const;

  std::string url_;
  std::vector<crypto::Certificate> pinned_;
  std::chrono::seconds cache_;
  std::shared_ptr<service::Database> db_;
  std::mutex mutex_;
  std::map<std::string, Cached> cached_;
};

}  // namespace gmseal::signing
