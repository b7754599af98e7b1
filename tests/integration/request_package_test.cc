// A seal request package (docs/seal-request-package.md) filed with a `new` application at the
// platform over loopback: accepted once and made with the CSR's key (sealCarrier 2), refused
// by name (seal.requestPackage) when tampered with, for another unit, replayed, or with the
// wrong carrier - and then nothing is stored.
#include <gtest/gtest.h>

#include "../server/sample_application.h"
#include "crypto/cert_builder.h"
#include "crypto/random.h"
#include "platform_loopback.h"
#include "protocol/seal_request_package.h"
#include "ses/seal.h"

namespace gmseal::testing {
namespace {

using nlohmann::json;

// A seal application system: its own certificate, and a new seal key with its CSR.
struct ApplicationSystem {
  crypto::Sm2PrivateKey system_key = crypto::Sm2PrivateKey::generate().value();
  crypto::Sm2PrivateKey seal_key = crypto::Sm2PrivateKey::generate().value();
  crypto::Certificate system_cert = [this] {
    crypto::SoftSigner self(system_key);
    const crypto::CertTemplate spec{
        crypto::CertProfile::kRoot,    "test application system",           "",
        now() - std::chrono::hours(1), now() + std::chrono::hours(24 * 30), ""};
    return crypto::issue_certificate(spec, system_key.public_key(), nullptr, self).value();
  }();

  std::string package(const json& application) const {
    crypto::SoftSigner seal_signer(seal_key);
    crypto::DistinguishedName subject;
    subject.attributes.push_back({std::string(crypto::kOidCommonName), "CN", "seal key"});
    protocol::SealRequestInfo info;
    info.system_cert = system_cert.der();
    info.unit_uscc = application["unit"]["uscc"];
    info.unit_name = application["unit"]["name"];
    info.seal_name = application["seal"]["name"];
    info.seal_category = application["seal"]["category"];
    info.cert_request = crypto::CertificateRequest::create(subject, seal_signer).value().der();
    info.created_at = now();
    info.nonce = crypto::random_bytes(16);
    crypto::SoftSigner system_signer(system_key);
    return base64_encode(protocol::SealRequestPackage::build(info, system_signer).value().der());
  }
};

json with_package(json application, const std::string& package) {
  application["seal"]["carrier"] = "server";
  application["seal"]["requestPackage"] = package;
  return application;
}

TEST(RequestPackageTest, AcceptedOnceMadeForTheCsrKeyRefusedByNameOtherwise) {
  ScratchDir dir;
  PlatformLoopback loop(dir.path(), Engine::kSqlite);
  ASSERT_TRUE(loop.ok()) << loop.error();
  const ApplicationSystem system;
  const json application = sample_new_application();
  const std::string package = system.package(application);
  const auto count = [&] {
    return loop.get("/api/v1/applications", loop.operator_token()).second["applications"].size();
  };
  const auto refused = [&](const json& body, const std::string& rule) {
    auto answer = loop.post("/api/v1/applications", loop.operator_token(), body);
    EXPECT_EQ(answer.first, 400) << answer.second.dump();
    EXPECT_EQ(answer.second.value("code", ""), "invalid_field") << answer.second.dump();
    EXPECT_EQ(answer.second.value("field", ""), "seal.requestPackage") << answer.second.dump();
    EXPECT_EQ(answer.second.value("rule", "").rfind(rule, 0), 0u) << answer.second.dump();
  };

  // One byte flipped anywhere in the package: refused.
  Bytes der = *base64_decode(package);
  der[der.size() / 3] ^= 0x01;
  refused(with_package(application, base64_encode(der)), "protocol.request_package.");
  // For another unit than the application's.
  refused(with_package(sample_new_application(valid_uscc("91430100MA4L00002")), package),
          "protocol.request_package.uscc_mismatch");
  // With a UKey carrier.
  json ukey = with_package(application, package);
  ukey["seal"]["carrier"] = "ukey";
  refused(ukey, "protocol.request_package.carrier");
  EXPECT_EQ(count(), 0u);

  // Accepted, made with the key of the package's CSR, carrier server (sealCarrier 2).
  const json made = loop.run_application(with_package(application, package));
  ASSERT_EQ(made.value("status", ""), "ready") << made.dump();
  const std::string code = made["sealCode"];
  auto seal_record = loop.platform().seals().seal(code);
  ASSERT_TRUE(seal_record.ok());
  EXPECT_EQ(seal_record->carrier, "server");
  auto cert = crypto::Certificate::from_pem(seal_record->cert_pem);
  ASSERT_TRUE(cert.ok());
  EXPECT_TRUE(cert->public_key().value() == system.seal_key.public_key());
  EXPECT_EQ(cert->subject().get(crypto::kOidTitle), application["unit"]["uscc"]);
  auto esl =
      loop.client().Get(("/api/v1/seals/" + code + "/download").c_str(),
                        httplib::Headers{{"Authorization", "Bearer " + loop.operator_token()}});
  ASSERT_TRUE(esl && esl->status == 200);
  auto seal = ses::Seal::parse(to_bytes(esl->body));
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  ASSERT_EQ(seal->info().property.certs.size(), 1u);
  EXPECT_EQ(seal->info().property.certs[0], cert->der());

  // Filed again: a replay, refused; nothing more is stored.
  refused(with_package(application, package), "protocol.request_package.replayed");
  EXPECT_EQ(count(), 1u);
}

}  // namespace
}  // namespace gmseal::testing
