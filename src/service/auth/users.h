// Platform users, roles and bearer sessions.
//
// Roles: admin (users, settings), operator (enters applications), reviewer (checks and
// approves), auditor (reads the audit log). A user may hold several.
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

enum class Role { kAdmin, kOperator, kReviewer, kAuditor };

std::string_view to_string(Role role);
Result<Role> parse_role(std::string_view text);

struct User {
  std::string username;
  std::set<Role> roles;
  Time created_at{};
  bool disabled = false;

  bool has(Role role) const { return roles.count(role) != 0; }
};

struct Session {
  std::string token;  // only returned at creation; stored hashed
  User user;
  Time expires_at{};
};

class UserStore {
 public:
  explicit UserStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

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
  // The session's user, or auth.bad_token (unknown, expired, user disabled).
  Result<User> authenticate(const std::string& token);
  Status logout(const std::string& token);
  LoginThrottle& throttle() { return throttle_; }

 private:
  std::shared_ptr<Database> db_;
  LoginThrottle throttle_;
};

}  // namespace gmseal::service
