// add_all_routes: every route file's routes, the /metrics gauges and the tool downloads.
#include "server/api/routes.h"

#include <spdlog/spdlog.h>

#include "server/outbox/outbox.h"
#include "service/http/account_routes.h"
#include "service/http/audit_routes.h"
#include "service/http/openapi_route.h"
#include "validate/seal_code.h"

namespace gmseal::embedded {
// docs/openapi/platform.json (gmseal_embed_text in src/server/CMakeLists.txt).
std::string_view platform_openapi();
}  // namespace gmseal::embedded

namespace gmseal::server {

std::string seal_code_route(std::string_view before, std::string_view after) {
  std::string pattern(before);
  pattern.append(validate::SealCode::kRoutePattern).append(after);
  return pattern;
}

void add_all_routes(ApiServer& api, Platform& platform) {
  service::add_account_routes(api, *platform.users(), platform.config().session_lifetime);
  add_application_routes(api, platform);
  add_seal_routes(api, platform);
  service::add_audit_routes(api, platform.db());
  service::add_openapi_route(api, embedded::platform_openapi());
  add_ukey_routes(api, platform);
  add_seal_image_routes(api, platform);
  add_console_routes(api, platform);
  add_download_routes(api, platform.config().data_dir / "downloads");
  api.on_scrape([&platform](Metrics& metrics) {
    const StatusPublisher::SyncStats& sync = platform.status().sync_stats();
    metrics.set_gauge("gmseal_province_sync_last_success_seconds",
                      "Unix time of the last successful pull of the province's status changes.",
                      static_cast<double>(sync.last_success.load()));
    metrics.set_gauge("gmseal_province_sync_failures_total",
                      "Failed pulls of the province's status changes since start.",
                      static_cast<double>(sync.failures.load()));
    metrics.set_gauge("gmseal_province_sync_applied_total",
                      "Seal status changes taken from the province since start.",
                      static_cast<double>(sync.applied.load()));
    const Status counted = platform.db().transact([&](soci::session& sql) -> Status {
      for (const auto& [status, count] : seal_counts(sql)) {
        metrics.set_gauge("gmseal_seals_" + status, "Seals in status " + status + ".",
                          static_cast<double>(count));
      }
      const OutboxCounts outbox = count_outbox(sql);
      metrics.set_gauge("gmseal_outbox_pending", "Outbox items waiting for the province.",
                        static_cast<double>(outbox.pending));
      metrics.set_gauge("gmseal_outbox_failed", "Outbox items the province refused.",
                        static_cast<double>(outbox.failed));
      return {};
    });
    // The metrics page still answers (with the gauges it has) when the database does not.
    if (!counted.ok())
      spdlog::warn("metrics: seal and outbox counts failed: {}", counted.error().to_string());
  });
}

}  // namespace gmseal::server
