// A service's users, roles, bearer sessions and API keys.
//
// Roles: admin (users, settings, API clients) and auditor (reads the audit log) in both
// services; the platform adds operator (enters applications) and reviewer (checks and
// approves), the signing service sealadmin (seal requests, import, grants) and signer. Each
// service's UserStore knows its own roles. A user may hold several.
//
// API keys ("gsk_" + 43 base64url characters, stored as SM3) let a machine client (a unit's OA
// or e-procurement system) act as the user the key is bound to.
#pragma once

#include "service/store/soci.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "service/auth/login_throttle.h"
#include "service/store/database.h"
#include "util/time.h"

namespace gmseal::service {

enum class Role { kAdmin, kOperator, kReviewer, kAuditor, kSealAdmin, kSigner };

std::string_view to_string(Role role);
Result<Role> parse_role(std::string_view text);

struct User {
  std::string username;
  std::set<Role> roles;
  Time created_at{};
  bool disabled = false;
  std::string api_client;  // the API key's label when authenticated by one

  bool has(Role role) const { return roles.count(role) != 0; }
};

struct ApiKey {
  std::string id;
  std::string key;  // only returned at creation; stored hashed
  std::string username, label, created_by;
  Time created_at{};
  bool revoked = false;
};

struct Session {
  std::string token;  // only returned at creation; stored hashed
  User user;
  Time expires_at{};
};

class UserStore {
 public:
  // `roles`: the roles this service knows; others are refused (auth.bad_role).
  UserStore(std::shared_ptr<Database> db, std::set<Role> roles)
      : db_(std::move(db)), roles_(std::move(roles)) {}

  // Errors: auth.bad_username, auth.weak_password, auth.bad_role, auth.user_exists.
  // Writes the user and its audit record in one transaction.
  Result<User> create(const std::string& username, const std::string& password,
                      const std::vector<std::string>& roles, const std::string& actor,
                      const std::string& source);
  // Creates the first admin when no user exists (first start). Returns whether one was made.
  Result<bool> bootstrap_admin(const std::string& username, const std::string& password);
  Result<std::optional<User>> find(const std::string& username);
  Result<std::vector<User>> list();

  // Errors: auth.bad_credentials (same answer for unknown user and wrong password),
  // auth.throttled (too many failures for the name or from `source`: throttle().retry_after).
  Result<Session> login(const std::string& username, const std::string& password,
                        const std::string& source, std::chrono::seconds lifetime);
  // The user of a session token or an API key, or auth.bad_token (unknown, expired, revoked,
  // user disabled).
  Result<User> authenticate(const std::string& token);
  Status logout(const std::string& token);
  LoginThrottle& throttle() { return throttle_; }

  // Errors: auth.user_not_found, invalid_field (label). Audited.
  Result<ApiKey> create_api_key(const std::string& username, const std::string& label,
                                const std::string& actor, const std::string& source);
  Result<std::vector<ApiKey>> list_api_keys();
  // Errors: auth.api_key_not_found. Audited.
  Status revoke_api_key(const std::string& id, const std::string& actor, const std::string& source);

 private:
  Result<User> authenticate_api_key(soci::session& sql, const std::string& key);

  std::shared_ptr<Database> db_;
  LoginThrottle throttle_;
  std::set<Role> roles_;
};

}  // namespace gmseal::service
