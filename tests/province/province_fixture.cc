#include "province/province_fixture.h"

#include "crypto/cert_builder.h"
#include "crypto/random.h"

namespace gmseal::province::testing {

void ProvinceFixture::SetUp() {
  dir_ = std::filesystem::temp_directory_path() /
         ("gmseal-province-" + hex_encode(crypto::random_bytes(6)));
  auto data = ProvinceData::init(dir_, ProvinceConfig{});
  ASSERT_TRUE(data.ok()) << data.error().to_string();
  auto service = ProvinceService::open(std::move(data).value(), {});
  ASSERT_TRUE(service.ok()) << service.error().to_string();
  service_ = std::move(service).value();
  server_ = std::make_unique<ProvinceServer>(service_, std::vector<FaultSpec>{});
  auto port = server_->start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.error().to_string();
  url_ = "http://127.0.0.1:" + std::to_string(*port);
  auto samples = SampleFactory::create();
  ASSERT_TRUE(samples.ok());
  samples_ = std::move(samples).value();

  auto ca_key = crypto::Sm2PrivateKey::generate().value();
  crypto::SoftSigner signer(ca_key);
  crypto::CertTemplate spec{crypto::CertProfile::kRoot, "Platform CA", "",
                            now() - std::chrono::hours(1), now() + std::chrono::hours(24 * 365)};
  platform_ca_cert_ = crypto::issue_certificate(spec, ca_key.public_key(), nullptr, signer).value();
  platform_ca_key_ = ca_key;
  platform_ = add_platform("91350100M000100Y43");
}

void ProvinceFixture::TearDown() {
  // Close the client's keep-alive connection first, or the server waits for it to time out.
  platform_.client.reset();
  if (server_) server_->stop();
  server_.reset();
  service_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void ProvinceFixture::restart(ServiceOptions options, std::vector<FaultSpec> faults) {
  platform_.client.reset();
  server_->stop();
  server_.reset();
  const ProvinceData data = service_->data();
  service_.reset();
  service_ = ProvinceService::open(data, options).value();
  server_ = std::make_unique<ProvinceServer>(service_, std::move(faults));
  auto port = server_->start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok());
  url_ = "http://127.0.0.1:" + std::to_string(*port);
  platform_.client = make_client(platform_);
}

Platform ProvinceFixture::add_platform(const std::string& org_code, bool register_it) {
  Platform p;
  p.key = crypto::Sm2PrivateKey::generate().value();
  crypto::SoftSigner signer(*platform_ca_key_);
  crypto::CertTemplate spec{crypto::CertProfile::kSystem, "二级平台 " + org_code, "",
                            now() - std::chrono::hours(1), now() + std::chrono::hours(24 * 365)};
  p.cert =
      crypto::issue_certificate(spec, p.key->public_key(), &*platform_ca_cert_, signer).value();
  p.org_code = org_code;
  if (register_it) {
    auto package = service_->register_system(*p.cert, org_code, "二级电子印章平台 " + org_code,
                                             url_ + "/anysign-ess-server-service");
    EXPECT_TRUE(package.ok()) << package.error().to_string();
    if (package.ok()) p.package = *package;
  }
  p.client = make_client(p);
  return p;
}

std::unique_ptr<ProvinceClient> ProvinceFixture::make_client(const Platform& platform) const {
  return std::make_unique<ProvinceClient>(ClientConfig{url_}, *platform.cert,
                                          std::make_shared<crypto::SoftSigner>(*platform.key),
                                          service_->data().system().cert);
}

protocol::SealMakingData ProvinceFixture::fresh_data(const Platform& platform) {
  auto applicant = samples_->new_applicant("某某科技有限公司");
  EXPECT_TRUE(applicant.ok());
  return samples_->seal_data(*applicant, platform.org_code).value();
}

protocol::Json ProvinceFixture::signed_make(Platform& platform,
                                            const protocol::SealMakingData& data) {
  protocol::SealMakingRequest request;
  request.header = protocol::new_request_header(
      protocol::Interface::kSealMaking, platform.client->initiator_cert(), data.seal_carrier);
  request.data = data;
  protocol::Json json = request.to_json();
  EXPECT_TRUE(platform.client->sign(json).ok());
  return json;
}

std::string ProvinceFixture::make_seal(Platform& platform, Applicant* applicant) {
  protocol::SealMakingData data;
  if (applicant != nullptr) {
    data = samples_->seal_data(*applicant, platform.org_code).value();
  } else {
    data = fresh_data(platform);
  }
  auto made = platform.client->make(data);
  EXPECT_TRUE(made.ok()) << made.error().to_string();
  if (made.ok()) {
    EXPECT_EQ(made->header.result_code, "0") << made->header.result_code_msg;
  }
  return data.seal_num;
}

std::size_t ProvinceFixture::seal_count() { return service_->store().seals(false).value().size(); }

}  // namespace gmseal::province::testing
