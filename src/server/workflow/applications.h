// server::Applications: applications and their review. A unit's operator files one (a new seal or
// a lifecycle operation on a seal), a reviewer other than the filer approves or rejects it, and
// approval does what the operation means (approval.cc): a new seal is reserved with its signer
// key and certificate and queued for making, an existing seal changes state and the province is
// told through the outbox. Every state change is one transaction with its audit records and
// outbox rows. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/platform_context.h"
#include "server/registry/seal_registry.h"
#include "server/workflow/application.h"

namespace gmseal::server {

class Applications {
 public:
  Applications(PlatformContext& context, SealRegistry& seals) : context_(context), seals_(seals) {}

  // Errors: invalid_field (with the field path), seal.not_found, seal.illegal_transition,
  // application.conflict, ukey.station_unavailable.
  Result<Application> submit(const nlohmann::json& body, const Actor& actor);
  // Errors: application.not_found, application.illegal_transition, forbidden (four-eyes rule),
  // and whatever obtaining the new seal's key and certificate returns.
  Result<Application> approve(const std::string& id, const Actor& reviewer);
  // Errors: invalid_field (no reason), application.not_found, application.illegal_transition.
  Result<Application> reject(const std::string& id, const std::string& reason,
                             const Actor& reviewer);
  // Errors: application.not_found.
  Result<Application> get(const std::string& id);
  Result<std::vector<Application>> list(std::optional<ApplicationStatus> status, int limit);
  // The UKey admin PIN for an approved unlock application (once; the application becomes
  // delivered). Errors: application.not_found, application.illegal_transition, ukey.not_found.
  Result<UkeyRelease> release_unlock_pin(const std::string& id, const Actor& actor);

 private:
  // approval.cc: the steps of approve().
  struct NewSeal;
  // The seal data a seal-making application stands for: a new application's own body, or the
  // target seal's data overridden by this application's.
  Result<nlohmann::json> resolved_request(const Application& app);
  // The new seal's code, signer key and certificate (on a UKey when it is one) and its making
  // request: done before the approval's transaction.
  Result<NewSeal> prepare_new_seal(const Application& app, const nlohmann::json& data,
                                   const std::string& bak_type);
  // The new seal's signer certificate: issued for the key of the application's request
  // package, the unit's own, issued for a key made on a UKey at the station, or issued for a
  // key the platform keeps. Sets out.record.key_ref and out's UKey fields.
  Result<crypto::Certificate> signer_certificate(const Application& app, const nlohmann::json& seal,
                                                 NewSeal& out);
  // In the approval's transaction: the seal reserved (pending), its making queued, its UKey
  // recorded, the application's payload set to `resolved_payload`.
  static Status reserve_new_seal(soci::session& sql, Application& app,
                                 const nlohmann::json& resolved_payload, const NewSeal& new_seal,
                                 const Actor& reviewer);
  Status check_target(soci::session& sql, ApplicationKind kind, const std::string& code);

  PlatformContext& context_;
  SealRegistry& seals_;
};

}  // namespace gmseal::server
