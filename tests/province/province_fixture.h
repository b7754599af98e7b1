// An emulated province served in-process on an ephemeral loopback port, one or two registered
// platforms with their clients, and sample data. Each test gets a fresh data folder.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "province/server.h"
#include "province/service.h"
#include "province_client/client.h"
#include "province_client/sample_request.h"

namespace gmseal::province::testing {

// The tests talk to the emulator as a second-level platform does.
using province_client::Applicant;
using province_client::ClientConfig;
using province_client::ProvinceClient;
using province_client::SampleFactory;

struct Platform {
  std::optional<crypto::Certificate> cert;
  std::optional<crypto::Sm2PrivateKey> key;
  std::string org_code;
  std::optional<protocol::RegistrationPackage> package;
  std::unique_ptr<ProvinceClient> client;
};

class ProvinceFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Restarts the server with other options (the store is kept).
  void restart(ServiceOptions options, std::vector<FaultSpec> faults = {});

  // A registered platform with a client; `register_it` false leaves it unknown to the province.
  Platform add_platform(const std::string& org_code, bool register_it = true);
  std::unique_ptr<ProvinceClient> make_client(const Platform& platform) const;

  // A signed make request from `platform`, optionally changed before signing.
  protocol::Json signed_make(Platform& platform, const protocol::SealMakingData& data);
  protocol::SealMakingData fresh_data(const Platform& platform);
  // Makes a seal and returns its code (asserts success).
  std::string make_seal(Platform& platform, Applicant* applicant = nullptr);
  std::size_t seal_count();

  std::filesystem::path dir_;
  std::shared_ptr<ProvinceService> service_;
  std::unique_ptr<ProvinceServer> server_;
  std::string url_;
  std::optional<SampleFactory> samples_;
  std::optional<crypto::Certificate> platform_ca_cert_;
  std::optional<crypto::Sm2PrivateKey> platform_ca_key_;
  Platform platform_;
};

}  // namespace gmseal::province::testing
