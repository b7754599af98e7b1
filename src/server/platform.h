// server::Platform: the second-level seal platform, independent of HTTP, and the one entry
// point that `gmseal server` (and the tests) open. Its parts, each with its own header:
//
//   applications()  workflow/applications.h   filing, review, what approval does
//   seals()         registry/seal_registry.h  seal records and files, issued UKeys
//   status()        registry/status_publisher.h  signed status answers, province status sync
//   worker()        workflow/making_worker.h  the outbox to the province, the sync schedule
//
// They share a PlatformContext (platform_context.h). Every state change is one database
// transaction that writes the new state, its audit record and, where the province must hear of
// it, an outbox row. Thread-safe.
#pragma once

#include <memory>

#include "server/platform_context.h"
#include "server/registry/seal_registry.h"
#include "server/registry/status_publisher.h"
#include "server/workflow/applications.h"
#include "server/workflow/making_worker.h"

namespace gmseal::server {

class Platform {
 public:
  // Opens (or initialises) the data directory (PlatformContext::open). `province` may be null
  // (making then waits in the outbox until one is configured).
  static Result<std::unique_ptr<Platform>> open(const PlatformConfig& config,
                                                std::shared_ptr<ProvinceGateway> province);
  // Stops the worker first: it uses the other parts.
  ~Platform();

  Applications& applications() { return applications_; }
  SealRegistry& seals() { return seals_; }
  StatusPublisher& status() { return status_; }
  MakingWorker& worker() { return worker_; }

  const PlatformConfig& config() const { return context_->config; }
  Database& db() { return *context_->db; }
  std::shared_ptr<UserStore> users() { return context_->users; }
  const crypto::Certificate& system_certificate() const { return *context_->system_cert; }
  const crypto::Sm2PrivateKey& system_key() const { return *context_->system_key; }
  const crypto::Certificate& ca_certificate() const { return context_->ca->certificate(); }
  // The issuing station, or null when the platform has none.
  const UkeyStation* ukey_station() const { return context_->ukey_station.get(); }

  void set_province(std::shared_ptr<ProvinceGateway> province);
  // Trust anchor for downloaded seals' maker certificates (the province CA root).
  void set_province_root(crypto::Certificate root);

 private:
  explicit Platform(std::unique_ptr<PlatformContext> context);

  // Declared in the order of construction: the context first, each part after what it uses.
  std::unique_ptr<PlatformContext> context_;
  SealRegistry seals_;
  StatusPublisher status_;
  Applications applications_;
  MakingWorker worker_;
};

}  // namespace gmseal::server
