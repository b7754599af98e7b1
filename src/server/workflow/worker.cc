// Platform's outbox worker: delivers what the province must hear, applies the results.
//
// A province call happens outside any transaction; its result is applied in one transaction
// together with marking the outbox row done. If the process dies between the two, the row is
// leased again later and re-sent with the same transId, which the province answers as the same
// request (no duplicate seal, no duplicate revocation).
#include <nlohmann/json.hpp>

#include "server/outbox/outbox.h"
#include "server/platform.h"
#include "server/ukey/ukey_registry.h"
#include "server/ukey/ukey_station.h"
#include "server/workflow/application_store.h"
#include "service/audit/audit_log.h"
#include "util/json_text.h"

namespace gmseal::server {

using nlohmann::json;

namespace {

constexpr int kBatch = 16;

SealMakingRequestData making_data(const json& d) {
  SealMakingRequestData m;
  m.seal_name = d.value("sealName", "");
  m.seal_num = d.value("sealNum", "");
  m.category = d.value("sealSpecificCategory", "");
  m.height_mm = d.value("sealHeight", "");
  m.width_mm = d.value("sealWidth", "");
  m.image_base64 = d.value("sealImg", "");
  m.valid_start = d.value("validStartTime", "");
  m.valid_end = d.value("validEndTime", "");
  m.sign_cert_base64 = d.value("signCert", "");
  m.bak_type = d.value("bakType", "1");
  m.carrier = d.value("sealCarrier", "2");
  m.local_or = d.value("localOr", "N");
  m.seal_type = d.value("sealType", "PNG");
  m.org_code = d.value("orgCode", "");
  return m;
}

Result<ProvinceStatusChange> status_change(const std::string& text) {
  if (text == "freeze") return ProvinceStatusChange::kFreeze;
  if (text == "unfreeze") return ProvinceStatusChange::kUnfreeze;
  if (text == "loss") return ProvinceStatusChange::kLoss;
  if (text == "cancel") return ProvinceStatusChange::kCancel;
  return make_error("outbox.bad_item", "unknown status change '" + text + "'");
}

// The province's status of a seal after it accepted `change`.
std::string_view status_after_change(ProvinceStatusChange change) {
  switch (change) {
    case ProvinceStatusChange::kFreeze:
      return "frozen";
    case ProvinceStatusChange::kUnfreeze:
      return "valid";
    case ProvinceStatusChange::kLoss:
      return "lost";
    case ProvinceStatusChange::kCancel:
      return "cancelled";
  }
  return "valid";
}

// Moves an application to ready (or failed) if it is still making.
Status finish_application(soci::session& sql, const std::string& id, ApplicationStatus to,
                          const std::string& note, const std::string& source) {
  if (id.empty()) return {};
  auto app = load_application(sql, id);
  if (!app.ok() || app->status != ApplicationStatus::kMaking) return {};
  return transition_application(sql, *app, to, "system", source, note);
}

}  // namespace

Status Platform::process_item(const OutboxItem& item) {
  const std::shared_ptr<ProvinceGateway> gateway = province();
  if (!gateway) return make_error("province.unavailable", "no provincial platform is configured");
  const json& p = item.payload;
  const std::string code = p.value("sealCode", "");
  const std::string app_id = p.value("applicationId", "");

  if (item.kind == "make") {
    GMSEAL_ASSIGN_OR_RETURN(
        const std::string task_id,
        gateway->make_seal(making_data(p.at("data")), item.trans_id, item.attempts > 0));
    return db_->transact([&](soci::session& sql) -> Status {
      if (!outbox_item_pending(sql, item.id)) return {};
      mark_outbox_done(sql, item.id);
      enqueue_outbox(sql, "download",
                     {{"applicationId", app_id},
                      {"sealCode", code},
                      {"carrier", p.at("data").value("sealCarrier", "2")},
                      {"taskId", task_id}});
      return append_audit(sql, "system", worker_source_, "province.make", "seal:" + code,
                          json_text(json({{"taskId", task_id}, {"transId", item.trans_id}})));
    });
  }
  if (item.kind == "download") {
    GMSEAL_ASSIGN_OR_RETURN(
        const Bytes der,
        gateway->download_seal(code, p.value("carrier", "2"), item.trans_id, item.attempts > 0));
    GMSEAL_RETURN_IF_ERROR(check_downloaded_seal(code, der));
    return db_->transact([&](soci::session& sql) -> Status {
      if (!outbox_item_pending(sql, item.id)) return {};
      mark_outbox_done(sql, item.id);
      store_seal_data(sql, code, base64_encode(der));
      set_province_status(sql, code, "valid");
      GMSEAL_RETURN_IF_ERROR(
          set_seal_status(sql, code, SealStatus::kValid, "system", worker_source_, "downloaded"));
      // A renewal retires the seal it renews once the new one is in hand.
      auto app = load_application(sql, app_id);
      if (app.ok() && app->kind == ApplicationKind::kRenew) {
        const auto old = find_seal(sql, app->target_seal);
        if (old && seal_transition_allowed(old->status, SealStatus::kCancelled)) {
          GMSEAL_RETURN_IF_ERROR(set_seal_status(sql, app->target_seal, SealStatus::kCancelled,
                                                 "system", worker_source_, "renewed as " + code));
          enqueue_outbox(sql, "revoke", {{"sealCode", app->target_seal}, {"reason", "renew"}});
        }
      }
      return finish_application(sql, app_id, ApplicationStatus::kReady,
                                "seal downloaded from the province", worker_source_);
    });
  }
  if (item.kind == "revoke") {
    GMSEAL_RETURN_IF_ERROR(
        gateway->revoke_seal(code, p.value("reason", ""), item.trans_id, item.attempts > 0));
    return db_->transact([&](soci::session& sql) -> Status {
      if (!outbox_item_pending(sql, item.id)) return {};
      mark_outbox_done(sql, item.id);
      set_province_status(sql, code, "revoked");
      GMSEAL_RETURN_IF_ERROR(append_audit(sql, "system", worker_source_, "province.revoke",
                                          "seal:" + code,
                                          json_text(json({{"transId", item.trans_id}}))));
      return finish_application(sql, app_id, ApplicationStatus::kReady, "revoked at the province",
                                worker_source_);
    });
  }
  if (item.kind == "status") {
    GMSEAL_ASSIGN_OR_RETURN(const ProvinceStatusChange change,
                            status_change(p.value("change", "")));
    GMSEAL_RETURN_IF_ERROR(gateway->change_status(code, change, item.trans_id, item.attempts > 0));
    return db_->transact([&](soci::session& sql) -> Status {
      if (!outbox_item_pending(sql, item.id)) return {};
      mark_outbox_done(sql, item.id);
      const std::string change_text = p.value("change", "");
      set_province_status(sql, code, std::string(status_after_change(change)));
      GMSEAL_RETURN_IF_ERROR(
          append_audit(sql, "system", worker_source_, "province.status", "seal:" + code,
                       json_text(json({{"change", change_text}, {"transId", item.trans_id}}))));
      return finish_application(sql, app_id, ApplicationStatus::kReady,
                                "status published to the province", worker_source_);
    });
  }
  return make_error("outbox.bad_item", "unknown outbox item kind '" + item.kind + "'");
}

int Platform::process_outbox_once() {
  auto items = claim_due_outbox(*db_, kBatch, static_cast<int>(config_.outbox_lease.count()));
  if (!items.ok()) return 0;
  for (const OutboxItem& item : *items) {
    const Status status = process_item(item);
    if (status.ok()) continue;
    const Error& error = status.error();
    // Refusals are final: the application fails with the province's reason. Anything else
    // (network, 5xx, a reply that does not verify) is retried with backoff.
    const bool final_failure = error.code == "province.rejected" ||
                               error.code == "outbox.bad_item" || error.code == "seal.bad_download";
    std::optional<UkeyRecord> unused_ukey;  // a token issued for a seal that will not exist
    (void)db_->transact([&](soci::session& sql) -> Status {
      unused_ukey.reset();
      if (!outbox_item_pending(sql, item.id)) return {};
      if (!final_failure) {
        mark_outbox_retry(sql, item, error.message);
        return {};
      }
      mark_outbox_failed(sql, item.id, error.message);
      const std::string code = item.payload.value("sealCode", "");
      const std::string app_id = item.payload.value("applicationId", "");
      if (item.kind == "make" || item.kind == "download") {
        const auto seal = find_seal(sql, code);
        if (seal && seal->status == SealStatus::kPending) {
          GMSEAL_RETURN_IF_ERROR(set_seal_status(sql, code, SealStatus::kRevoked, "system",
                                                 worker_source_, error.message));
          unused_ukey = find_ukey_for_seal(sql, code);
        }
      }
      GMSEAL_RETURN_IF_ERROR(
          append_audit(sql, "system", worker_source_, "province.failed", "seal:" + code,
                       json_text(json({{"kind", item.kind}, {"error", error.message}}))));
      return finish_application(sql, app_id, ApplicationStatus::kFailed, error.message,
                                worker_source_);
    });
    if (unused_ukey) discard_unused_ukey(*unused_ukey);
  }
  return static_cast<int>(items->size());
}

// The station personalised a token for a seal the province refused to make: wipe it so the
// token is blank for the next seal (after the failure is committed: a wipe cannot be rolled
// back). A failed wipe is audited; the token then needs resetting by hand (docs/api.md).
void Platform::discard_unused_ukey(const UkeyRecord& ukey) {
  if (!ukey_station_ || ukey.device.empty()) return;
  const Status wiped = ukey_station_->discard(ukey.device);
  (void)db_->transact([&](soci::session& sql) -> Status {
    return append_audit(
        sql, "system", worker_source_, wiped.ok() ? "ukey.discarded" : "ukey.discard_failed",
        "seal:" + ukey.seal_code,
        json_text(
            json({{"serial", ukey.serial}, {"error", wiped.ok() ? "" : wiped.error().message}})));
  });
}

void Platform::start_worker() {
  stopping_ = false;
  worker_ = std::thread([this] {
    auto next_sync = std::chrono::steady_clock::now();
    while (!stopping_) {
      if (config_.status_sync_interval.count() > 0 &&
          std::chrono::steady_clock::now() >= next_sync) {
        // An unreachable province is retried at the next interval; the outbox reports it.
        (void)sync_province_status_once();
        next_sync = std::chrono::steady_clock::now() + config_.status_sync_interval;
      }
      const int n = process_outbox_once();
      if (n > 0) continue;
      std::unique_lock<std::mutex> lock(wake_mutex_);
      wake_.wait_for(lock, config_.worker_interval, [this] { return stopping_.load(); });
    }
  });
}

void Platform::stop_worker() {
  stopping_ = true;
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

}  // namespace gmseal::server
