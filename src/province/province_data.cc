#include "province/province_data.h"

#include "province/store.h"
#include "util/file_io.h"

namespace gmseal::province {

namespace {

constexpr int kValidityDays = 3650;

Result<Identity> issue_identity(ca::TestCa& ca, crypto::CertProfile profile,
                                const std::string& name, const std::filesystem::path& dir,
                                const std::string& stem) {
  GMSEAL_ASSIGN_OR_RETURN(auto key, crypto::Sm2PrivateKey::generate());
  crypto::CertTemplate spec;
  spec.profile = profile;
  spec.name = name;
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = now() + std::chrono::hours(24 * kValidityDays);
  GMSEAL_ASSIGN_OR_RETURN(auto cert, ca.issue(spec, key.public_key()));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / (stem + ".key.pem"), key.to_pem(), 0600));
  GMSEAL_RETURN_IF_ERROR(write_file_atomic(dir / (stem + ".cert.pem"), cert.pem()));
  return Identity{std::move(cert), std::move(key)};
}

Result<Identity> load_identity(const std::filesystem::path& dir, const std::string& stem) {
  GMSEAL_ASSIGN_OR_RETURN(const std::string cert_pem, read_text_file(dir / (stem + ".cert.pem")));
  GMSEAL_ASSIGN_OR_RETURN(const std::string key_pem, read_text_file(dir / (stem + ".key.pem")));
  GMSEAL_ASSIGN_OR_RETURN(auto cert, crypto::Certificate::from_pem(cert_pem));
  GMSEAL_ASSIGN_OR_RETURN(auto key, crypto::Sm2PrivateKey::from_pem(key_pem));
  return Identity{std::move(cert), std::move(key)};
}

}  // namespace

Result<ProvinceData> ProvinceData::init(const std::filesystem::path& dir,
                                        const ProvinceConfig& config) {
  if (std::filesystem::exists(dir / "province.toml")) {
    return make_error("province.data.exists",
                      dir.string() + " already holds a province (province.toml exists)");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir / "registrations", ec);
  if (ec)
    return make_error("io.write_failed", "cannot create " + dir.string() + ": " + ec.message());
  GMSEAL_ASSIGN_OR_RETURN(
      auto ca, ca::TestCa::init(dir / "ca", config.org_name + " Root CA", kValidityDays + 365, ""));
  GMSEAL_ASSIGN_OR_RETURN(
      auto system, issue_identity(ca, crypto::CertProfile::kSystem, config.org_name + " 系统证书",
                                  dir, "system"));
  GMSEAL_ASSIGN_OR_RETURN(auto maker, issue_identity(ca, crypto::CertProfile::kMaker,
                                                     config.org_name + " 制章者", dir, "maker"));
  GMSEAL_ASSIGN_OR_RETURN(auto store, Store::open(dir / "store.db"));
  GMSEAL_RETURN_IF_ERROR(config.save(dir / "province.toml"));
  return ProvinceData(dir, config, ca.certificate(), std::move(system), std::move(maker));
}

Result<ProvinceData> ProvinceData::open(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir / "province.toml")) {
    return make_error("province.data.not_found",
                      dir.string() + " holds no province; run `gmseal province init --data " +
                          dir.string() + "` first");
  }
  GMSEAL_ASSIGN_OR_RETURN(auto config, ProvinceConfig::load(dir / "province.toml"));
  GMSEAL_ASSIGN_OR_RETURN(const std::string root_pem, read_text_file(dir / "ca" / "ca.cert.pem"));
  GMSEAL_ASSIGN_OR_RETURN(auto root, crypto::Certificate::from_pem(root_pem));
  GMSEAL_ASSIGN_OR_RETURN(auto system, load_identity(dir, "system"));
  GMSEAL_ASSIGN_OR_RETURN(auto maker, load_identity(dir, "maker"));
  return ProvinceData(dir, std::move(config), std::move(root), std::move(system), std::move(maker));
}

Result<protocol::RegistrationPackage> ProvinceData::make_registration(
    const std::string& sub_org_code, const std::string& sub_org_name,
    const std::string& service_address) const {
  if (sub_org_code.empty() || sub_org_name.empty()) {
    return make_error("province.register.bad_input", "--org-code and --org-name must not be empty");
  }
  protocol::RegisterInfo info;
  info.header.vid = config_.vid;
  info.system.system_type = protocol::kManagementSystem;
  info.system.system_cert = system_.cert.der();
  info.system.service_address = service_address.empty() ? config_.service_address : service_address;
  info.system.org_code = config_.org_code;
  info.system.org_name = config_.org_name;
  info.sub_system.org_code = sub_org_code;
  info.sub_system.org_name = sub_org_name;
  crypto::SoftSigner signer(system_.key);
  return protocol::RegistrationPackage::build(info, signer);
}

}  // namespace gmseal::province
