// Password hashing for platform users: scrypt (N=2^15, r=8, p=1), 16-byte salt, encoded as
// "scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>" so parameters can be raised later.
#pragma once

#include <string>
#include <string_view>

#include "util/error.h"

namespace gmseal::service {

Result<std::string> hash_password(std::string_view password);
// Constant-time comparison; false for a malformed stored hash.
bool verify_password(std::string_view password, std::string_view stored);

// Minimum rules for new passwords: at least 10 characters. Errors: auth.weak_password.
Status check_password_policy(std::string_view password);

}  // namespace gmseal::service
