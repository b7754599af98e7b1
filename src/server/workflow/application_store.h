// Persistence of applications and their history. Every change writes the new state, a history
// entry and an audit record in the caller's transaction.
#pragma once

#include <optional>
#include <vector>

#include "server/foundation.h"
#include "server/workflow/application.h"
#include "service/store/database.h"
#include "service/store/soci.h"

namespace gmseal::server {

// Inserts a submitted application (id generated) and its first history entry + audit record.
Result<Application> insert_application(soci::session& sql, ApplicationKind kind,
                                       const nlohmann::json& payload,
                                       const std::string& target_seal, const std::string& actor,
                                       const std::string& source);

// Loads one application with its history. Errors: application.not_found.
Result<Application> load_application(soci::session& sql, const std::string& id);

// Moves `app` to `to`, recording who and why. Errors: application.illegal_transition.
Status transition_application(soci::session& sql, Application& app, ApplicationStatus to,
                              const std::string& actor, const std::string& source,
                              const std::string& note);

// Sets the seal code an application made (in the same transaction as its transition).
void set_application_seal(soci::session& sql, Application& app, const std::string& seal_code);

// Newest first, optionally filtered by status.
std::vector<Application> list_applications(soci::session& sql,
                                           std::optional<ApplicationStatus> status, int limit);

// Whether an application for `seal_code` is still open (submitted/approved/making).
bool has_open_application_for(soci::session& sql, const std::string& seal_code);

}  // namespace gmseal::server
