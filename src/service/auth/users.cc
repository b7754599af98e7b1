#include "service/auth/users.h"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "crypto/random.h"
#include "crypto/sm3.h"
#include "service/audit/audit_log.h"
#include "service/auth/password.h"
#include "service/store/row_values.h"
#include "util/json_text.h"

namespace gmseal::service {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kOperator:
      return "operator";
    case Role::kReviewer:
      return "reviewer";
    case Role::kAuditor:
      return "auditor";
    case Role::kSealAdmin:
      return "sealadmin";
    case Role::kSigner:
      return "signer";
  }
  return "unknown";
}

Result<Role> parse_role(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "operator") return Role::kOperator;
  if (text == "reviewer") return Role::kReviewer;
  if (text == "auditor") return Role::kAuditor;
  if (text == "sealadmin") return Role::kSealAdmin;
  if (text == "signer") return Role::kSigner;
  return make_error("auth.bad_role",
                    "unknown role '" + std::string(text) +
                        "' (admin, operator, reviewer, auditor, sealadmin, signer)",
                    "roles");
}

namespace {

constexpr std::string_view kApiKeyPrefix = "gsk_";

std::string token_hash(const std::string& token) {
  return hex_encode(crypto::sm3(to_bytes(token)));
}

std::string roles_text(const std::set<Role>& roles) {
  std::string out;
  for (Role r : roles) {
    if (!out.empty()) out += ",";
    out += to_string(r);
  }
  return out;
}

std::set<Role> roles_from_text(const std::string& text) {
  std::set<Role> roles;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find(',', start);
    const std::string part =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (auto r = parse_role(part); r.ok()) roles.insert(*r);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return roles;
}

Status check_username(const std::string& username) {
  if (username.empty() || username.size() > 64) {
    return make_error("auth.bad_username", "user names have 1 to 64 characters", "username");
  }
  for (const char c : username) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
          c == '@')) {
      return make_error("auth.bad_username",
                        "user names may contain letters, digits and . _ - @ only", "username");
    }
  }
  return {};
}

std::optional<User> load_user(soci::session& sql, const std::string& username,
                              std::string* password_hash) {
  std::string hash, roles;
  long long created = 0;
  int disabled = 0;
  soci::indicator found = soci::i_null;
  sql << "SELECT password_hash, roles, created_at, disabled FROM users WHERE username = :u",
      soci::use(username), soci::into(hash, found), soci::into(roles), soci::into(created),
      soci::into(disabled);
  if (!sql.got_data()) return std::nullopt;
  if (password_hash != nullptr) *password_hash = hash;
  return User{username, roles_from_text(roles), from_unix(created), disabled != 0};
}

}  // namespace

Result<User> UserStore::create(const std::string& username, const std::string& password,
                               const std::vector<std::string>& role_names, const std::string& actor,
                               const std::string& source) {
  GMSEAL_RETURN_IF_ERROR(check_username(username));
  GMSEAL_RETURN_IF_ERROR(check_password_policy(password));
  std::set<Role> roles;
  for (const std::string& name : role_names) {
    GMSEAL_ASSIGN_OR_RETURN(const Role role, parse_role(name));
    if (roles_.count(role) == 0) {
      std::string known;
      for (Role r : roles_) known += (known.empty() ? "" : ", ") + std::string(to_string(r));
      return make_error("auth.bad_role", "this service has no role '" + name + "' (" + known + ")",
                        "roles");
    }
    roles.insert(role);
  }
  if (roles.empty()) return make_error("auth.bad_role", "a user needs at least one role", "roles");
  GMSEAL_ASSIGN_OR_RETURN(const std::string hash, hash_password(password));
  const User user{username, roles, now(), false};
  const Status status = db_->transact([&](soci::session& sql) -> Status {
    if (load_user(sql, username, nullptr)) {
      return make_error("auth.user_exists", "user '" + username + "' already exists", "username");
    }
    const long long created = to_unix(user.created_at);
    const std::string roles_string = roles_text(roles);
    sql << "INSERT INTO users (username, password_hash, roles, created_at, disabled) "
           "VALUES (:u, :h, :r, :c, 0)",
        soci::use(username), soci::use(hash), soci::use(roles_string), soci::use(created);
    return append_audit(sql, actor, source, "user.create", "user:" + username,
                        json_text(nlohmann::json({{"roles", roles_string}})));
  });
  if (!status.ok()) return status.error();
  return user;
}

Result<bool> UserStore::bootstrap_admin(const std::string& username, const std::string& password) {
  GMSEAL_RETURN_IF_ERROR(check_username(username));
  GMSEAL_RETURN_IF_ERROR(check_password_policy(password));
  GMSEAL_ASSIGN_OR_RETURN(const std::string hash, hash_password(password));
  return db_->transact_value<bool>([&](soci::session& sql) -> Result<bool> {
    int count = 0;
    sql << "SELECT COUNT(*) FROM users", soci::into(count);
    if (count > 0) return false;
    const long long created = to_unix(now());
    const std::string roles = "admin";
    sql << "INSERT INTO users (username, password_hash, roles, created_at, disabled) "
           "VALUES (:u, :h, :r, :c, 0)",
        soci::use(username), soci::use(hash), soci::use(roles), soci::use(created);
    GMSEAL_RETURN_IF_ERROR(
        append_audit(sql, "system", "startup", "user.bootstrap_admin", "user:" + username));
    return true;
  });
}

Result<std::optional<User>> UserStore::find(const std::string& username) {
  return db_->read_value<std::optional<User>>(
      [&](soci::session& sql) -> Result<std::optional<User>> {
        return load_user(sql, username, nullptr);
      });
}

Result<std::vector<User>> UserStore::list() {
  return db_->read_value<std::vector<User>>([&](soci::session& sql) -> Result<std::vector<User>> {
    std::vector<User> users;
    soci::rowset<soci::row> rows =
        (sql.prepare
         << "SELECT username, roles, created_at, disabled FROM users ORDER BY username");
    for (const soci::row& row : rows) {
      users.push_back(User{row.get<std::string>(0), roles_from_text(row.get<std::string>(1)),
                           from_unix(row.get<long long>(2)), row.get<int>(3) != 0});
    }
    return users;
  });
}

Result<Session> UserStore::login(const std::string& username, const std::string& password,
                                 const std::string& source, std::chrono::seconds lifetime) {
  if (const auto wait = throttle_.retry_after(username, source); wait.count() > 0) {
    return make_error("auth.throttled",
                      "too many failed log-ins for this user or from this "
                      "address; try again in " +
                          std::to_string(wait.count()) + " s");
  }
  std::string stored;
  GMSEAL_ASSIGN_OR_RETURN(
      const std::optional<User> user,
      db_->read_value<std::optional<User>>([&](soci::session& sql) -> Result<std::optional<User>> {
        return load_user(sql, username, &stored);
      }));
  // Hash even for unknown users so that timing does not reveal which names exist.
  const bool ok =
      verify_password(password, user ? stored : "scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA");
  if (!user || !ok || user->disabled) {
    throttle_.record_failure(username, source);
    // The refusal stands whether or not its audit record could be written; a lost record is
    // logged (without the password) rather than hidden.
    const Status audited = db_->transact([&](soci::session& sql) {
      return append_audit(sql, username.empty() ? "-" : username, source, "session.login_failed",
                          "user:" + username);
    });
    if (!audited.ok()) {
      spdlog::error("audit record of a failed log-in for user '{}' from {} not written: {}",
                    username, source, audited.error().to_string());
    }
    return make_error("auth.bad_credentials", "unknown user or wrong password");
  }
  Session session;
  session.token = base64_encode(crypto::random_bytes(32));
  session.user = *user;
  session.expires_at = now() + lifetime;
  const Status status = db_->transact([&](soci::session& sql) -> Status {
    const std::string hash = token_hash(session.token);
    const long long created = to_unix(now());
    const long long expires = to_unix(session.expires_at);
    sql << "DELETE FROM sessions WHERE expires_at < :now", soci::use(created);
    sql << "INSERT INTO sessions (token_hash, username, created_at, expires_at) "
           "VALUES (:h, :u, :c, :e)",
        soci::use(hash), soci::use(username), soci::use(created), soci::use(expires);
    return append_audit(sql, username, source, "session.login", "user:" + username);
  });
  if (!status.ok()) return status.error();
  throttle_.record_success(username);
  return session;
}

// Every API request passes here: a read, so that requests do not queue on SQLite's write lock.
Result<User> UserStore::authenticate(const std::string& token) {
  return db_->read_value<User>([&](soci::session& sql) -> Result<User> {
    if (token.rfind(kApiKeyPrefix, 0) == 0) return authenticate_api_key(sql, token);
    const std::string hash = token_hash(token);
    std::string username;
    long long expires = 0;
    sql << "SELECT username, expires_at FROM sessions WHERE token_hash = :h", soci::use(hash),
        soci::into(username), soci::into(expires);
    if (!sql.got_data() || expires < to_unix(now())) {
      return make_error("auth.bad_token", "the bearer token is unknown or expired");
    }
    const std::optional<User> user = load_user(sql, username, nullptr);
    if (!user || user->disabled)
      return make_error("auth.bad_token", "the token's user is disabled");
    return *user;
  });
}

Result<User> UserStore::authenticate_api_key(soci::session& sql, const std::string& key) {
  const std::string hash = token_hash(key);
  std::string username, label;
  int revoked = 1;
  sql << "SELECT username, label, revoked FROM api_keys WHERE key_hash = :h", soci::use(hash),
      soci::into(username), soci::into(label), soci::into(revoked);
  if (!sql.got_data() || revoked != 0) {
    return make_error("auth.bad_token", "the API key is unknown or revoked");
  }
  std::optional<User> user = load_user(sql, username, nullptr);
  if (!user || user->disabled)
    return make_error("auth.bad_token", "the API key's user is disabled");
  user->api_client = label;
  return *user;
}

Result<ApiKey> UserStore::create_api_key(const std::string& username, const std::string& label,
                                         const std::string& actor, const std::string& source) {
  if (label.empty() || label.size() > 64) {
    return make_error("invalid_field", "label names the client in 1 to 64 characters", "label");
  }
  ApiKey key;
  key.id = hex_encode(crypto::random_bytes(8));
  std::string secret = base64_encode(crypto::random_bytes(32));
  for (char& c : secret) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!secret.empty() && secret.back() == '=') secret.pop_back();
  key.key = std::string(kApiKeyPrefix) + secret;
  key.username = username;
  key.label = label;
  key.created_by = actor;
  key.created_at = now();
  const Status status = db_->transact([&](soci::session& sql) -> Status {
    if (!load_user(sql, username, nullptr)) {
      return make_error("auth.user_not_found", "no user '" + username + "'", "username");
    }
    const std::string hash = token_hash(key.key);
    const long long at = to_unix(key.created_at);
    sql << "INSERT INTO api_keys (id, key_hash, username, label, created_by, created_at, revoked) "
           "VALUES (:id, :h, :u, :l, :by, :at, 0)",
        soci::use(key.id), soci::use(hash), soci::use(username), soci::use(label), soci::use(actor),
        soci::use(at);
    return append_audit(sql, actor, source, "api_key.create", "api_key:" + key.id,
                        json_text(nlohmann::json({{"username", username}, {"label", label}})));
  });
  if (!status.ok()) return status.error();
  return key;
}

Result<std::vector<ApiKey>> UserStore::list_api_keys() {
  return db_->read_value<std::vector<ApiKey>>(
      [&](soci::session& sql) -> Result<std::vector<ApiKey>> {
        std::vector<ApiKey> keys;
        soci::rowset<soci::row> rows =
            (sql.prepare << "SELECT id, username, label, created_by, created_at, revoked FROM "
                            "api_keys ORDER BY created_at, id");
        for (const soci::row& row : rows) {
          ApiKey k;
          k.id = row.get<std::string>(0);
          k.username = row.get<std::string>(1);
          k.label = row.get<std::string>(2);
          k.created_by = row.get<std::string>(3);
          k.created_at = from_unix(row_int64(row, 4));
          k.revoked = row_int64(row, 5) != 0;
          keys.push_back(std::move(k));
        }
        return keys;
      });
}

Status UserStore::revoke_api_key(const std::string& id, const std::string& actor,
                                 const std::string& source) {
  return db_->transact([&](soci::session& sql) -> Status {
    int count = 0;
    sql << "SELECT COUNT(*) FROM api_keys WHERE id = :id", soci::use(id), soci::into(count);
    if (count == 0) return make_error("auth.api_key_not_found", "no API key " + id, "id");
    sql << "UPDATE api_keys SET revoked = 1 WHERE id = :id", soci::use(id);
    return append_audit(sql, actor, source, "api_key.revoke", "api_key:" + id);
  });
}

Status UserStore::logout(const std::string& token) {
  return db_->transact([&](soci::session& sql) -> Status {
    const std::string hash = token_hash(token);
    sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(hash);
    return {};
  });
}

}  // namespace gmseal::service
