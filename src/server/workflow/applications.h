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
  struct NewSeal;
  Result<NewSeal> prepare_new_seal(const Application& app, const nlohmann::json& data,
                                   const std::string& bak_type);
  Status check_target(soci::session& sql, ApplicationKind kind, const std::string& code);

  PlatformContext& context_;
  SealRegistry& seals_;
};

}  // namespace gmseal::server
