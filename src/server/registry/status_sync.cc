// StatusPublisher::sync_province_status_once: pulling the province's status changes into the
// registry (province -> platform sync).
//
// The province publishes every seal that is not valid in its revocation list, whose version
// moves with each status change there. The platform applies what the province decided on its
// own (a supervisory freeze or revocation) and leaves alone what the platform itself is still
// telling the province (an outbox message for that seal is pending): the platform's own change
// wins until the province has heard it. A change the registry's state machine forbids (the
// province says "valid" for a seal the platform cancelled) is not applied but recorded in the
// audit log as a conflict for people to resolve.
#include <nlohmann/json.hpp>
#include <set>

#include "server/outbox/outbox.h"
#include "server/registry/seal_store.h"
#include "server/registry/status_publisher.h"
#include "service/audit/audit_log.h"
#include "service/store/settings.h"
#include "util/json_text.h"

namespace gmseal::server {

namespace {

constexpr const char* kVersionSetting = "province.status_list_version";

bool is_final(SealStatus s) { return s == SealStatus::kCancelled || s == SealStatus::kRevoked; }

struct Decision {
  std::string code;
  SealStatus to;
  std::string province_status;
  std::string province_time;
};

// Applies one province status to one local seal, or records why not. Returns whether the
// registry changed.
Result<bool> reconcile(soci::session& sql, const Decision& d) {
  const auto seal = find_seal(sql, d.code);
  if (!seal) return false;  // another platform's seal
  set_province_status(sql, d.code, d.province_status);
  if (seal->status == d.to || seal->status == SealStatus::kPending) return false;
  // The platform cancels a seal by revoking it at the province: both final, the same outcome.
  if (is_final(seal->status) && is_final(d.to)) return false;
  if (outbox_pending_for_seal(sql, d.code)) return false;
  const nlohmann::json detail = {{"provinceStatus", d.province_status},
                                 {"provinceTime", d.province_time},
                                 {"platformStatus", to_string(seal->status)}};
  if (!seal_transition_allowed(seal->status, d.to)) {
    GMSEAL_RETURN_IF_ERROR(append_audit(sql, "province", "status-sync", "province.sync.conflict",
                                        "seal:" + d.code, json_text(detail)));
    return false;
  }
  GMSEAL_RETURN_IF_ERROR(set_seal_status(sql, d.code, d.to, "province", "status-sync",
                                         "changed at the province (" + d.province_time + ")"));
  GMSEAL_RETURN_IF_ERROR(append_audit(sql, "province", "status-sync", "province.sync.applied",
                                      "seal:" + d.code, json_text(detail)));
  return true;
}

}  // namespace

Result<int> StatusPublisher::sync_province_status_once() {
  const std::shared_ptr<ProvinceGateway> gateway = context_.province.gateway();
  if (!gateway) return make_error("province.unavailable", "no provincial platform is configured");
  auto fetched = gateway->status_list();
  if (!fetched.ok()) {
    ++sync_stats_.failures;
    return fetched.error();
  }
  const ProvinceStatusList& list = *fetched;

  auto applied = context_.db->transact_value<int>([&](soci::session& sql) -> Result<int> {
    if (read_setting(sql, kVersionSetting) == list.version) return 0;
    std::vector<Decision> decisions;
    std::set<std::string> listed;
    for (const ProvinceStatusList::Entry& e : list.entries) {
      listed.insert(e.seal_code);
      auto to = parse_seal_status(e.status);
      if (!to.ok() || *to == SealStatus::kPending || *to == SealStatus::kExpired) {
        GMSEAL_RETURN_IF_ERROR(append_audit(sql, "province", "status-sync",
                                            "province.sync.unknown_status", "seal:" + e.seal_code,
                                            json_text(nlohmann::json({{"status", e.status}}))));
        continue;
      }
      decisions.push_back({e.seal_code, *to, e.status, e.status_time});
    }
    // A seal frozen here that the province no longer lists is valid there again (unfrozen by
    // the province).
    std::vector<std::string> frozen;
    {
      soci::rowset<std::string> rows =
          (sql.prepare << "SELECT code FROM seals WHERE status = 'frozen'");
      for (const std::string& code : rows) {
        if (listed.count(code) == 0) frozen.push_back(code);
      }
    }
    for (const std::string& code : frozen) {
      decisions.push_back(
          {code, SealStatus::kValid, "valid", "unlisted in version " + list.version});
    }
    int changed = 0;
    for (const Decision& d : decisions) {
      GMSEAL_ASSIGN_OR_RETURN(const bool applied, reconcile(sql, d));
      if (applied) ++changed;
    }
    write_setting(sql, kVersionSetting, list.version);
    return changed;
  });
  if (!applied.ok()) {
    ++sync_stats_.failures;
    return applied.error();
  }
  sync_stats_.last_success = to_unix(now());
  sync_stats_.applied += *applied;
  return *applied;
}

}  // namespace gmseal::server
