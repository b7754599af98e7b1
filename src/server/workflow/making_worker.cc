// MakingWorker: delivers what the province must hear, applies the results.
//
// A province call happens outside any transaction; its result is applied in one transaction
// together with marking the outbox row done. If the process dies between the two, the row is
// leased again later and re-sent with the same transId, which the province answers as the same
// request (no duplicate seal, no duplicate revocation).
#include "server/workflow/making_worker.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <nlohmann/json.hpp>

#include "server/registry/downloaded_seal.h"
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

// The payload's string member `key`, or "" when the row lacks it (a malformed row must not throw
// while its failure is recorded).
std::string payload_text(const json& payload, const char* key) {
  if (!payload.is_object()) return {};
  const auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What every kind needs from its payload. A row without it can never succeed: outbox.bad_item.
Status check_payload(const OutboxItem& item) {
  const json& p = item.payload;
  const auto bad = [&item](const std::string& why) {
    return make_error("outbox.bad_item", "outbox item " + item.id + " (" + item.kind + "): " + why);
  };
  if (!p.is_object()) return bad("the payload is not a JSON object");
  if (payload_text(p, "sealCode").empty()) return bad("the payload names no sealCode");
  if (item.kind == "make" && !(p.contains("data") && p.at("data").is_object())) {
    return bad("a make item needs a data object");
  }
  return {};
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

Status MakingWorker::process_item(const OutboxItem& item) {
  GMSEAL_RETURN_IF_ERROR(check_payload(item));
  const std::shared_ptr<ProvinceGateway> gateway = context_.province.gateway();
  if (!gateway) return make_error("province.unavailable", "no provincial platform is configured");
  const json& p = item.payload;
  const std::string code = p.value("sealCode", "");
  const std::string app_id = p.value("applicationId", "");

  if (item.kind == "make") {
    GMSEAL_ASSIGN_OR_RETURN(
        const std::string task_id,
        gateway->make_seal(making_data(p.at("data")), item.trans_id, item.attempts > 0));
    return context_.db->transact([&](soci::session& sql) -> Status {
      if (!outbox_item_pending(sql, item.id)) return {};
      mark_outbox_done(sql, item.id);
      enqueue_outbox(sql, "download",
                     {{"applicationId", app_id},
                      {"sealCode", code},
                      {"carrier", p.at("data").value("sealCarrier", "2")},
                      {"taskId", task_id}});
      return append_audit(sql, "system", context_.worker_source, "province.make", "seal:" + code,
                          json_text(json({{"taskId", task_id}, {"transId", item.trans_id}})));
    });
  }
  if (item.kind == "download") {
    GMSEAL_ASSIGN_OR_RETURN(
        const Bytes der,
        gateway->download_seal(code, p.value("carrier", "2"), item.trans_id, item.attempts > 0));
    GMSEAL_ASSIGN_OR_RETURN(const SealRecord record, seals_.seal(code));
    GMSEAL_RETURN_IF_ERROR(check_downloaded_seal(record, der, context_.province.root()));
    return context_.db->transact([&](soci::session& sql) -> Status {
      if (!outbox_item_pending(sql, item.id)) return {};
      mark_outbox_done(sql, item.id);
      store_seal_data(sql, code, base64_encode(der));
      set_province_status(sql, code, "valid");
      GMSEAL_RETURN_IF_ERROR(set_seal_status(sql, code, SealStatus::kValid, "system",
                                             context_.worker_source, "downloaded"));
      // A renewal retires the seal it renews once the new one is in hand.
      auto app = load_application(sql, app_id);
      if (app.ok() && app->kind == ApplicationKind::kRenew) {
        const auto old = find_seal(sql, app->target_seal);
        if (old && seal_transition_allowed(old->status, SealStatus::kCancelled)) {
          GMSEAL_RETURN_IF_ERROR(set_seal_status(sql, app->target_seal, SealStatus::kCancelled,
                                                 "system", context_.worker_source,
                                                 "renewed as " + code));
          enqueue_outbox(sql, "revoke", {{"sealCode", app->target_seal}, {"reason", "renew"}});
        }
      }
      return finish_application(sql, app_id, ApplicationStatus::kReady,
                                "seal downloaded from the province", context_.worker_source);
    });
  }
  if (item.kind == "revoke") {
    GMSEAL_RETURN_IF_ERROR(
        gateway->revoke_seal(code, p.value("reason", ""), item.trans_id, item.attempts > 0));
    return context_.db->transact([&](soci::session& sql) -> Status {
      if (!outbox_item_pending(sql, item.id)) return {};
      mark_outbox_done(sql, item.id);
      set_province_status(sql, code, "revoked");
      GMSEAL_RETURN_IF_ERROR(append_audit(sql, "system", context_.worker_source, "province.revoke",
                                          "seal:" + code,
                                          json_text(json({{"transId", item.trans_id}}))));
      return finish_application(sql, app_id, ApplicationStatus::kReady, "revoked at the province",
                                context_.worker_source);
    });
  }
  if (item.kind == "status") {
    GMSEAL_ASSIGN_OR_RETURN(const ProvinceStatusChange change,
                            status_change(p.value("change", "")));
    GMSEAL_RETURN_IF_ERROR(gateway->change_status(code, change, item.trans_id, item.attempts > 0));
    return context_.db->transact([&](soci::session& sql) -> Status {
      if (!outbox_item_pending(sql, item.id)) return {};
      mark_outbox_done(sql, item.id);
      const std::string change_text = p.value("change", "");
      set_province_status(sql, code, std::string(status_after_change(change)));
      GMSEAL_RETURN_IF_ERROR(
          append_audit(sql, "system", context_.worker_source, "province.status", "seal:" + code,
                       json_text(json({{"change", change_text}, {"transId", item.trans_id}}))));
      return finish_application(sql, app_id, ApplicationStatus::kReady,
                                "status published to the province", context_.worker_source);
    });
  }
  return make_error("outbox.bad_item", "unknown outbox item kind '" + item.kind + "'");
}

int MakingWorker::process_outbox_once() {
  auto items = claim_due_outbox(*context_.db, kBatch,
                                static_cast<int>(context_.config.outbox_lease.count()));
  if (!items.ok()) {
    spdlog::error("worker: cannot claim outbox items: {}", items.error().to_string());
    return 0;
  }
  for (const OutboxItem& item : *items) {
    // The loop boundary: whatever one row does (a payload of the wrong shape throws in the JSON
    // accessors), it is recorded as outbox.bad_item and the next row is worked on.
    Status status;
    try {
      status = process_item(item);
    } catch (const std::exception& e) {
      status = make_error("outbox.bad_item", "outbox item " + item.id + " (" + item.kind +
                                                 ") cannot be processed: " + e.what());
    }
    if (status.ok()) {
      spdlog::info("worker: outbox item {} ({}) done", item.id, item.kind);
      continue;
    }
    try {
      record_outbox_failure(item, status.error());
    } catch (const std::exception& e) {
      spdlog::error("worker: outbox item {} ({}): recording its failure threw: {}", item.id,
                    item.kind, e.what());
    }
  }
  return static_cast<int>(items->size());
}

void MakingWorker::record_outbox_failure(const OutboxItem& item, const Error& error) {
  // Refusals are final: the application fails with the province's reason. Anything else
  // (network, 5xx, a reply that does not verify) is retried with backoff.
  const bool final_failure = error.code == "province.rejected" || error.code == "outbox.bad_item" ||
                             error.code == "seal.bad_download";
  spdlog::log(final_failure ? spdlog::level::warn : spdlog::level::info,
              "worker: outbox item {} ({}) {}: {}", item.id, item.kind,
              final_failure ? "failed" : "will be retried", error.to_string());
  std::optional<UkeyRecord> unused_ukey;  // a token issued for a seal that will not exist
  const Status recorded = context_.db->transact([&](soci::session& sql) -> Status {
    unused_ukey.reset();
    if (!outbox_item_pending(sql, item.id)) return {};
    if (!final_failure) {
      mark_outbox_retry(sql, item, error.message);
      return {};
    }
    mark_outbox_failed(sql, item.id, error.code + ": " + error.message);
    const std::string code = payload_text(item.payload, "sealCode");
    const std::string app_id = payload_text(item.payload, "applicationId");
    if (!code.empty() && (item.kind == "make" || item.kind == "download")) {
      const auto seal = find_seal(sql, code);
      if (seal && seal->status == SealStatus::kPending) {
        GMSEAL_RETURN_IF_ERROR(set_seal_status(sql, code, SealStatus::kRevoked, "system",
                                               context_.worker_source, error.message));
        unused_ukey = find_ukey_for_seal(sql, code);
      }
    }
    GMSEAL_RETURN_IF_ERROR(append_audit(sql, "system", context_.worker_source, "province.failed",
                                        "seal:" + code,
                                        json_text(json({{"kind", item.kind},
                                                        {"outboxId", item.id},
                                                        {"code", error.code},
                                                        {"error", error.message}}))));
    return finish_application(sql, app_id, ApplicationStatus::kFailed, error.message,
                              context_.worker_source);
  });
  if (!recorded.ok()) {
    spdlog::error("worker: outbox item {} ({}): cannot record the failure: {}", item.id, item.kind,
                  recorded.error().to_string());
  }
  if (unused_ukey) discard_unused_ukey(*unused_ukey);
}

// The station personalised a token for a seal the province refused to make: wipe it so the
// token is blank for the next seal (after the failure is committed: a wipe cannot be rolled
// back). A failed wipe is audited; the token then needs resetting by hand (docs/api.md).
void MakingWorker::discard_unused_ukey(const UkeyRecord& ukey) {
  if (!context_.ukey_station || ukey.device.empty()) return;
  const Status wiped = context_.ukey_station->discard(ukey.device);
  if (!wiped.ok()) {
    spdlog::warn("worker: cannot wipe UKey {} of seal {}: {}", ukey.serial, ukey.seal_code,
                 wiped.error().to_string());
  }
  const Status audited = context_.db->transact([&](soci::session& sql) -> Status {
    return append_audit(
        sql, "system", context_.worker_source,
        wiped.ok() ? "ukey.discarded" : "ukey.discard_failed", "seal:" + ukey.seal_code,
        json_text(
            json({{"serial", ukey.serial}, {"error", wiped.ok() ? "" : wiped.error().message}})));
  });
  if (!audited.ok()) {
    spdlog::error("worker: cannot audit the UKey {} discard: {}", ukey.serial,
                  audited.error().to_string());
  }
}

void MakingWorker::start() {
  stopping_ = false;
  thread_ = std::thread([this] {
    auto next_sync = std::chrono::steady_clock::now();
    while (!stopping_) {
      int n = 0;
      // The thread's loop boundary: nothing a step throws may end the worker.
      try {
        if (context_.config.status_sync_interval.count() > 0 &&
            std::chrono::steady_clock::now() >= next_sync) {
          // An unreachable province is retried at the next interval; the outbox reports it.
          if (auto synced = status_.sync_province_status_once(); !synced.ok()) {
            spdlog::warn("worker: status sync: {}", synced.error().to_string());
          }
          next_sync = std::chrono::steady_clock::now() + context_.config.status_sync_interval;
        }
        n = process_outbox_once();
      } catch (const std::exception& e) {
        spdlog::error("worker: step failed, going on: {}", e.what());
      }
      if (n > 0) continue;
      std::unique_lock<std::mutex> lock(wake_mutex_);
      wake_.wait_for(lock, context_.config.worker_interval, [this] { return stopping_.load(); });
    }
  });
}

void MakingWorker::stop() {
  stopping_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace gmseal::server
