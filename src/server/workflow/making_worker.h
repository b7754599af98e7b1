// server::MakingWorker: the platform's background work. It delivers what the province must hear
// (the outbox: make, download, revoke, status changes), applies the results to the registry
// and the applications, and every status_sync_interval has the status publisher pull the
// changes made at the province. Several nodes sharing one database run one worker each: outbox
// rows are leased, so each is worked on by one node at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "server/outbox/outbox.h"
#include "server/platform_context.h"
#include "server/registry/seal_registry.h"
#include "server/registry/status_publisher.h"

namespace gmseal::server {

class MakingWorker {
 public:
  MakingWorker(PlatformContext& context, SealRegistry& seals, StatusPublisher& status)
      : context_(context), seals_(seals), status_(status) {}
  ~MakingWorker() { stop(); }

  // Delivers due outbox items once; returns how many were attempted.
  int process_outbox_once();
  // Runs the worker thread (outbox and status sync) until stop().
  void start();
  void stop();

 private:
  Status process_item(const OutboxItem& item);
  // Marks a failed item for retry, or - for a final failure - failed, with its seal,
  // application and audit record; logs what it cannot record.
  void record_outbox_failure(const OutboxItem& item, const Error& error);
  void discard_unused_ukey(const UkeyRecord& ukey);

  PlatformContext& context_;
  SealRegistry& seals_;
  StatusPublisher& status_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
};

}  // namespace gmseal::server
