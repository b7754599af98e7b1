#include "signing/platform_status.h"

#include "service/store/settings.h"
#include "status/http_get.h"
#include "status/status_judgement.h"
#include "status/status_url.h"

namespace gmseal::signing {

namespace {
constexpr const char* kPinnedSetting = "platform.status_signer";
constexpr std::chrono::seconds kMaxCache{60};
constexpr std::chrono::seconds kTimeout{10};
}  // namespace

PlatformStatus::PlatformStatus(std::string url, std::vector<crypto::Certificate> pinned,
                               std::chrono::seconds cache, std::shared_ptr<service::Database> db)
    : url_(std::move(url)),
      pinned_(std::move(pinned)),
      cache_(std::min(cache, kMaxCache)),
      db_(std::move(db)) {
  while (!url_.empty() && url_.back() == '/') url_.pop_back();
}

status::StatusSignerTrust PlatformStatus::trust() {
  status::StatusSignerTrust trust;
  trust.pinned = pinned_;
  if (trust.pinned.empty()) {
    std::optional<std::string> pem;
    const Status read = db_->read([&](soci::session& sql) -> Status {
      pem = service::read_setting(sql, kPinnedSetting);
      return {};
    });
    // Unreadable: nothing is trusted, so the answer judges "untrusted" and the seal refuses.
    if (read.ok() && pem) {
      if (auto cert = crypto::Certificate::from_pem(*pem); cert.ok()) trust.pinned.push_back(*cert);
    }
  }
  return trust;
}

PlatformStatus::Cached PlatformStatus::answer(const std::string& code, bool refresh) {
  const auto fresh_since = std::chrono::steady_clock::now() - cache_;
  if (!refresh) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cached_.find(code);
    if (it != cached_.end() && it->second.fetched >= fresh_since) return it->second;
  }
  Cached fetched;
  fetched.fetched = std::chrono::steady_clock::now();
  auto url = status::status_url_for(url_ + "/api/v1/status", code);
  if (!url.ok()) {
    fetched.reply = url.error();
  } else {
    fetched.url = *url;
    fetched.reply = status::http_get(*url, kTimeout);
  }
  fetched.gate = status::judge_status_reply(code, fetched.url, fetched.reply, trust(),
                                            status::StatusPolicy{}, now(), now());
  std::lock_guard<std::mutex> lock(mutex_);
  cached_[code] = fetched;
  return fetched;
}

ses::Check PlatformStatus::judge(const ses::Seal& seal, Time signed_at) {
  const std::string& code = seal.info().es_id;
  const Cached cached = answer(code);
  return status::judge_status_reply(code, cached.url, cached.reply, trust(), status::StatusPolicy{},
                                    signed_at, now());
}

Status PlatformStatus::to_status(const ses::Check& check, const std::string& code) const {
  if (check.result == ses::CheckResult::kPass) return {};
  const std::string& d = check.detail;
  if (check.result == ses::CheckResult::kWarn) {
    return make_error("signing.platform.untrusted",
                      "the platform's status answer for " + code + " is not to be relied on: " + d,
                      "sealCode");
  }
  for (const std::string_view word : status::kStatusesNotInForce) {
    if (d.find(std::string(word)) != std::string::npos) {
      return make_error("signing.seal.not_in_force",
                        "seal " + code + " is not in force at the platform: " + d, "sealCode");
    }
  }
  return make_error("signing.platform.unavailable",
                    "the platform's status of seal " + code + " could not be established: " + d,
                    "sealCode");
}

Status PlatformStatus::check(const ses::Seal& seal) {
  if (!configured()) return {};
  const std::string& code = seal.info().es_id;
  return to_status(answer(code).gate, code);
}

Status PlatformStatus::check_at_import(const ses::Seal& seal) {
  if (!configured()) return {};
  const std::string& code = seal.info().es_id;
  if (pinned_.empty() && trust().pinned.empty()) {
    // Trust on first use: a correctly signed answer's signer becomes the pinned signer.
    auto url = status::status_url_for(url_ + "/api/v1/status", code);
    if (!url.ok()) return url.error();
    auto reply = status::http_get(*url, kTimeout);
    if (!reply.ok()) {
      return make_error("signing.platform.unavailable",
                        "the platform is unreachable: " + reply.error().message, "sealCode");
    }
    auto answer = status::parse_status_answer(reply->body);
    if (reply->status == 200 && answer.ok() && status::verify_status_signature(*answer).ok()) {
      const std::string pem = answer->signer_cert.pem();
      GMSEAL_RETURN_IF_ERROR(db_->transact([&](soci::session& sql) -> Status {
        if (!service::read_setting(sql, kPinnedSetting)) {
          service::write_setting(sql, kPinnedSetting, pem);
        }
        return {};
      }));
    }
  }
  return to_status(answer(code, true).gate, code);
}

}  // namespace gmseal::signing
