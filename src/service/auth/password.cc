#include "service/auth/password.h"

#include <vector>

#include "crypto/kdf.h"
#include "crypto/random.h"
#include "util/bytes.h"

namespace gmseal::service {

namespace {
constexpr int kLogN = 15;
constexpr int kR = 8;
constexpr int kP = 1;

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(sep, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}
}  // namespace

Result<std::string> hash_password(std::string_view password) {
  const Bytes salt = crypto::random_bytes(16);
  GMSEAL_ASSIGN_OR_RETURN(const Bytes hash,
                          crypto::scrypt(password, salt, 32, {1ull << kLogN, kR, kP}));
  return "scrypt$" + std::to_string(kLogN) + "$" + std::to_string(kR) + "$" + std::to_string(kP) +
         "$" + base64_encode(salt) + "$" + base64_encode(hash);
}

bool verify_password(std::string_view password, std::string_view stored) {
  const std::vector<std::string> parts = split(stored, '$');
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  int log_n = 0, r = 0, p = 0;
  try {
    log_n = std::stoi(parts[1]);
    r = std::stoi(parts[2]);
    p = std::stoi(parts[3]);
  } catch (const std::exception&) {
    return false;
  }
  if (log_n < 10 || log_n > 20 || r < 1 || r > 16 || p < 1 || p > 4) return false;
  auto salt = base64_decode(parts[4]);
  auto expected = base64_decode(parts[5]);
  if (!salt.ok() || !expected.ok() || expected->empty()) return false;
  auto actual =
      crypto::scrypt(password, *salt, expected->size(),
                     {1ull << log_n, static_cast<std::uint64_t>(r), static_cast<std::uint64_t>(p)});
  return actual.ok() && constant_time_equal(*actual, *expected);
}

Status check_password_policy(std::string_view password) {
  if (password.size() < 10) {
    return make_error("auth.weak_password", "passwords need at least 10 characters", "password");
  }
  return {};
}

}  // namespace gmseal::service
