// add_all_routes: every route file's routes, the /metrics gauges and the tool downloads.
#include "server/api/routes.h"
#include "server/outbox/outbox.h"

namespace gmseal::server {

void add_all_routes(ApiServer& api, Platform& platform) {
  add_session_routes(api, platform);
  add_user_routes(api, platform);
  add_application_routes(api, platform);
  add_seal_routes(api, platform);
  add_audit_routes(api, platform);
  add_ukey_routes(api, platform);
  add_download_routes(api, platform.config().data_dir / "downloads");
  api.on_scrape([&platform](Metrics& metrics) {
    (void)platform.db().transact([&](soci::session& sql) -> Status {
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
  });
}

}  // namespace gmseal::server
