#include "tsa/demo_authority.h"

#include <chrono>
#include <cstdlib>

#include "ca/test_ca.h"
#include "util/file_io.h"

namespace gmseal::tsa {

namespace fs = std::filesystem;

namespace {

std::string demo_passphrase() {
  const char* pass = std::getenv("GMSEAL_TSA_PASS");
  return pass != nullptr && *pass != '\0' ? pass : "gmseal-demo-tsa";
}

}  // namespace

Result<DemoTsa> open_demo_authority(const fs::path& dir, AuthorityConfig config) {
  const std::string pass = demo_passphrase();
  const fs::path key_file = dir / "tsa.key.pem";
  const fs::path cert_file = dir / "tsa.cert.pem";
  const fs::path root_file = dir / "tsa-root.pem";
  if (!fs::exists(key_file) || !fs::exists(cert_file)) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    auto ca = fs::exists(dir / "tsa-ca" / "ca.cert.pem")
                  ? ca::TestCa::open(dir / "tsa-ca", pass)
                  : ca::TestCa::init(dir / "tsa-ca", "gmseal Demo TSA Root CA", 3650, pass);
    if (!ca.ok()) return ca.error();
    GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PrivateKey key, crypto::Sm2PrivateKey::generate());
    crypto::CertTemplate spec;
    spec.profile = crypto::CertProfile::kTsa;
    spec.name = "gmseal Demo TSA";
    spec.not_before = now() - std::chrono::hours(1);
    spec.not_after = now() + std::chrono::hours(24 * 365 * 5);
    GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate cert, ca->issue(spec, key.public_key()));
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(key_file, key.to_pem(pass), 0600));
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(cert_file, cert.pem()));
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(root_file, ca->certificate().pem()));
  }
  GMSEAL_ASSIGN_OR_RETURN(std::string key_pem, read_text_file(key_file));
  GMSEAL_ASSIGN_OR_RETURN(crypto::Sm2PrivateKey key,
                          crypto::Sm2PrivateKey::from_pem(key_pem, pass));
  GMSEAL_ASSIGN_OR_RETURN(std::string cert_pem, read_text_file(cert_file));
  GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate cert, crypto::Certificate::from_pem(cert_pem));
  config.data_dir = dir;
  GMSEAL_ASSIGN_OR_RETURN(std::shared_ptr<Authority> authority,
                          Authority::open(std::move(config), std::move(cert),
                                          std::make_shared<crypto::SoftSigner>(std::move(key))));
  return DemoTsa{std::move(authority), root_file};
}

}  // namespace gmseal::tsa
