// Key derivation from passwords and PINs.
#pragma once

#include <string_view>

#include "util/bytes.h"
#include "util/error.h"

namespace gmseal::crypto {

// PBKDF2 with HMAC-SM3 (GB/T 32918-compatible hash; RFC 8018 construction).
Result<Bytes> pbkdf2_sm3(std::string_view password, ByteView salt, unsigned iterations,
                         std::size_t length);

// scrypt (RFC 7914): the slow, memory-hard KDF used for user passwords.
struct ScryptParams {
  std::uint64_t n = 1 << 15;
  std::uint64_t r = 8;
  std::uint64_t p = 1;
};
Result<Bytes> scrypt(std::string_view password, ByteView salt, std::size_t length,
                     const ScryptParams& params = {});

}  // namespace gmseal::crypto
