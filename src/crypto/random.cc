#include "crypto/random.h"

#include <openssl/rand.h>

#include <cstdlib>

namespace gmseal::crypto {

Bytes random_bytes(std::size_t count) {
  Bytes out(count);
  if (count > 0 && RAND_bytes(out.data(), static_cast<int>(count)) != 1) std::abort();
  return out;
}

std::string random_string(std::size_t count, std::string_view alphabet) {
  std::string out;
  if (alphabet.empty() || alphabet.size() > 256) std::abort();
  // Largest multiple of the alphabet size that fits in a byte: values above it are redrawn.
  const unsigned limit = 256 - 256 % alphabet.size();
  while (out.size() < count) {
    for (const std::uint8_t b : random_bytes(count - out.size() + 8)) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % alphabet.size()]);
      if (out.size() == count) break;
    }
  }
  return out;
}

}  // namespace gmseal::crypto
