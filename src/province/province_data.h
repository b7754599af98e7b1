// The data folder of an emulated provincial platform (`gmseal province init --data DIR`):
//
//   province.toml        settings (province_config.h)
//   ca/                  the province root CA (ca::TestCa): issues the two certificates below
//   system.cert.pem      the province's system certificate: signs replies, registration
//   system.key.pem         packages and the revocation list (key 0600, unencrypted: a test tool)
//   maker.cert.pem       the seal maker (制章者) certificate: signs every seal made
//   maker.key.pem
//   store.db             SQLite store (store.h)
//   registrations/<orgCode>.der   every registration package issued
//
// A ProvinceData is read-only after open() and safe to share between threads (the signers
// are stateless wrappers over immutable keys).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "ca/test_ca.h"
#include "crypto/certificate.h"
#include "crypto/signer.h"
#include "protocol/registration.h"
#include "province/province_config.h"

namespace gmseal::province {

struct Identity {
  crypto::Certificate cert;
  crypto::Sm2PrivateKey key;
};

class ProvinceData {
 public:
  // Creates DIR (must not hold a province yet) with a fresh CA, system and maker certificates,
  // settings and an empty store. Errors: province.data.exists, ca.*, io.*.
  static Result<ProvinceData> init(const std::filesystem::path& dir, const ProvinceConfig& config);
  // Errors: province.data.not_found, province.config.invalid, crypto.*.
  static Result<ProvinceData> open(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path store_path() const { return dir_ / "store.db"; }
  const ProvinceConfig& config() const { return config_; }
  const crypto::Certificate& root() const { return root_; }
  const Identity& system() const { return system_; }
  const Identity& maker() const { return maker_; }

  // Builds and signs the registration package of a second-level system (appendix 1):
  // systemInfo = this province (its system certificate, `service_address`, org code and
  // name), subSystemInfo = the registered system. Does not touch the store.
  Result<protocol::RegistrationPackage> make_registration(const std::string& sub_org_code,
                                                          const std::string& sub_org_name,
                                                          const std::string& service_address) const;

 private:
  ProvinceData(std::filesystem::path dir, ProvinceConfig config, crypto::Certificate root,
               Identity system, Identity maker)
      : dir_(std::move(dir)),
        config_(std::move(config)),
        root_(std::move(root)),
        system_(std::move(system)),
        maker_(std::move(maker)) {}

  std::filesystem::path dir_;
  ProvinceConfig config_;
  crypto::Certificate root_;
  Identity system_;
  Identity maker_;
};

}  // namespace gmseal::province
