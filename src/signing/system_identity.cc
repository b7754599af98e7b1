#include "signing/system_identity.h"

#include "ca/test_ca.h"
#include "crypto/csr.h"
#include "service/store/settings.h"
#include "util/file_io.h"

namespace gmseal::signing {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPasswordSetting = "system.key_password";
constexpr const char* kPasswordContext = "signing:system-key";

// The sealed access password of the system key, generating the key on first start.
Result<std::string> system_key_password(KeyDevice& device, service::Database& db,
                                        service::KeyStore& keys) {
  std::optional<std::string> sealed;
  GMSEAL_RETURN_IF_ERROR(db.read([&](soci::session& sql) -> Status {
    sealed = service::read_setting(sql, kPasswordSetting);
    return {};
  }));
  if (sealed) return keys.open_secret(*sealed, kPasswordContext);
  GMSEAL_ASSIGN_OR_RETURN(const NewDeviceKey key, device.generate({}, true));
  GMSEAL_ASSIGN_OR_RETURN(const std::string sealed_now,
                          keys.seal_secret(key.password, kPasswordContext));
  GMSEAL_RETURN_IF_ERROR(db.transact([&](soci::session& sql) -> Status {
    service::write_setting(sql, kPasswordSetting, sealed_now);
    return {};
  }));
  return key.password;
}

Result<crypto::Certificate> demo_certificate(const SigningConfig& config,
                                             const crypto::Sm2PublicKey& key,
                                             service::KeyStore& keys) {
  const fs::path ca_dir = config.data_dir / "demo-ca";
  const std::string passphrase = keys.derived_password("demo-ca");
  auto ca = ca::TestCa::open(ca_dir, passphrase);
  if (!ca.ok()) ca = ca::TestCa::init(ca_dir, "gmseal signing demo CA", 3650, passphrase);
  if (!ca.ok()) return ca.error();
  const crypto::CertTemplate spec{
      crypto::CertProfile::kSystem,    "gmseal seal application system", "",
      now() - std::chrono::minutes(5), now() + std::chrono::days(3650),  ""};
  return ca->issue(spec, key);
}

}  // namespace

Result<SystemIdentity> load_system_identity(const SigningConfig& config, KeyDevice& device,
                                            service::Database& db, service::KeyStore& keys) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string key_password, system_key_password(device, db, keys));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey key, device.public_key(kSystemKeyIndex));
  const fs::path dir = config.data_dir / "system";
  const fs::path cert_path = dir / "system-cert.pem";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::exists(cert_path)) {
    if (!config.demo) {
      GMSEAL_ASSIGN_OR_RETURN(auto signer, device.signer(kSystemKeyIndex, key_password));
      crypto::DistinguishedName subject;
      subject.attributes.push_back(
          {std::string(crypto::kOidCommonName), "CN", "gmseal seal application system"});
      GMSEAL_ASSIGN_OR_RETURN(const auto csr, crypto::CertificateRequest::create(subject, *signer));
      GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / "system.csr", csr.pem()));
      return make_error("signing.system.no_certificate",
                        "the system key is in the device; have " + (dir / "system.csr").string() +
                            " certified (system profile) and put the certificate at " +
                            cert_path.string() + " (or run with --demo)");
    }
    GMSEAL_ASSIGN_OR_RETURN(const crypto::Certificate issued, demo_certificate(config, key, keys));
    GMSEAL_RETURN_IF_ERROR(write_file_atomic(cert_path, issued.pem()));
  }
  GMSEAL_ASSIGN_OR_RETURN(const std::string pem, read_text_file(cert_path));
  GMSEAL_ASSIGN_OR_RETURN(crypto::Certificate certificate, crypto::Certificate::from_pem(pem));
  GMSEAL_ASSIGN_OR_RETURN(const crypto::Sm2PublicKey cert_key, certificate.public_key());
  if (!(cert_key == key)) {
    return make_error("signing.system.key_mismatch",
                      cert_path.string() +
                          " certifies another key than the system key in the "
                          "device (index 1)");
  }
  return SystemIdentity{kSystemKeyIndex, key_password, std::move(certificate)};
}

}  // namespace gmseal::signing
