// Test TLS material made with the openssl command: two unrelated CAs (EC P-256) and a server
// certificate for 127.0.0.1 (subjectAltName IP) issued by the first.
#pragma once

#include <filesystem>

#include "util/error.h"

namespace gmseal::testing {

struct TlsMaterial {
  std::filesystem::path ca;        // the CA that issued the server certificate
  std::filesystem::path other_ca;  // an unrelated CA
  std::filesystem::path server_cert;
  std::filesystem::path server_key;
};

// Writes the files into `dir`. Errors: test.tls_material (openssl failed; its output).
Result<TlsMaterial> make_tls_material(const std::filesystem::path& dir);

}  // namespace gmseal::testing
