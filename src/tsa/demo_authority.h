// The demonstration TSA of `gmseal tsa serve --demo` and `gmseal server --demo`: a TSA key and
// certificate (profile tsa: critical EKU timeStamping) issued by a test CA kept in the data
// folder, made on first start and reused afterwards:
//   DIR/tsa-ca/          the test CA (ca/test_ca.h)
//   DIR/tsa.key.pem      the TSA key (PKCS#8, encrypted with the passphrase)
//   DIR/tsa.cert.pem     its certificate;  DIR/tsa-root.pem  the CA root, for --trust
// The passphrase is GMSEAL_TSA_PASS when set, else a fixed demo one: demo keys protect nothing.
#pragma once

#include <filesystem>
#include <memory>

#include "tsa/authority.h"

namespace gmseal::tsa {

struct DemoTsa {
  std::shared_ptr<Authority> authority;
  std::filesystem::path root_pem;  // the trust anchor for verifying its tokens
};

// `config.data_dir` is set to `dir` (serials live there too).
// Errors: io.*, ca.*, crypto.*, those of Authority::open.
Result<DemoTsa> open_demo_authority(const std::filesystem::path& dir, AuthorityConfig config);

}  // namespace gmseal::tsa
