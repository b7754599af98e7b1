// Cryptographically secure random bytes (OpenSSL's DRBG).
#pragma once

#include <cstddef>
#include <string>

#include "util/bytes.h"

namespace gmseal::crypto {

// Aborts if the DRBG fails: without randomness no key, nonce or token may be made.
Bytes random_bytes(std::size_t count);

// `count` characters drawn uniformly from `alphabet` (rejection sampling, no modulo bias).
std::string random_string(std::size_t count, std::string_view alphabet);

}  // namespace gmseal::crypto
