// A GB/T 38540 seal on the soft UKey end to end: the signing key is generated inside the UKey,
// the test CA certifies it from a request the UKey signed, a maker makes the seal listing that
// certificate, the seal is written to the UKey, read back, verified, and used to sign through
// the UKey.
#include <gtest/gtest.h>

#include "ca/test_ca.h"
#include "crypto/csr.h"
#include "crypto/sm3.h"
#include "keys/soft/skf_store.h"
#include "keys/soft/state_file.h"
#include "keys/test_support.h"
#include "keys/token_signer.h"
#include "keys/ukey_seals.h"
#include "ses/make_seal.h"
#include "ses/sign.h"
#include "ses/verify_seal.h"
#include "ses/verify_signature.h"
#include "util/file_io.h"
#include "util/time.h"

namespace gmseal::keys {
namespace {

constexpr const char* kAdminPin = "admin-123456";
constexpr const char* kUserPin = "user-1234";

class UkeySealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("GMSEAL_SKF_ROOT", root_.path().c_str(), 1);
    auto device = soft::SkfDeviceStore::create(root_.path(), "ukey0", {.label = "seal key"});
    ASSERT_TRUE(device.ok());
    soft::SkfAppSpec app;
    app.admin_pin = kAdminPin;
    app.user_pin = kUserPin;
    app.kdf_iterations = 1000;
    ASSERT_TRUE(device->create_application(std::string(kDefaultSkfApplication), app).ok());
    auto ca = ca::TestCa::init(root_.path() / "ca", "Seal Test CA", 30, "");
    ASSERT_TRUE(ca.ok()) << ca.error().to_string();
    ca_.emplace(std::move(*ca));
  }

  crypto::Certificate issue(crypto::CertProfile profile, const std::string& name,
                            const crypto::Sm2PublicKey& key) {
    crypto::CertTemplate spec;
    spec.profile = profile;
    spec.name = name;
    spec.id_code = "91350100M000100Y43";
    spec.not_before = now() - std::chrono::hours(2);
    spec.not_after = now() + std::chrono::days(30);
    auto cert = ca_->issue(spec, key);
    EXPECT_TRUE(cert.ok()) << cert.error().to_string();
    return *cert;
  }

  std::string uri() const {
    return std::string("skf:lib=") + testing::kSkfLibrary + ";dev=ukey0;con=seal;pin=" + kUserPin;
  }

  testing::TempDir root_;
  std::optional<ca::TestCa> ca_;
};

TEST_F(UkeySealTest, SealMadeStoredReadVerifiedAndUsedThroughTheUkey) {
  // 1. Key pair generated inside the UKey.
  auto session = open_skf_application(*TokenUri::parse(uri()));
  ASSERT_TRUE(session.ok()) << session.error().to_string();
  SkfApplication& app = session->application;
  ASSERT_TRUE(app.verify_pin(SkfPinType::kUser, kUserPin).ok());
  ASSERT_TRUE(app.create_container("seal").ok());
  auto con = app.open_container("seal");
  ASSERT_TRUE(con.ok());
  ASSERT_TRUE(con->generate_sign_key().ok());

  // 2. Signer certificate from a request signed on the UKey.
  auto signer = make_signer(uri());
  ASSERT_TRUE(signer.ok()) << signer.error().to_string();
  crypto::DistinguishedName subject;
  subject.attributes = {{std::string(crypto::kOidCommonName), "CN", "UKey seal holder"}};
  auto request = crypto::CertificateRequest::create(subject, **signer);
  ASSERT_TRUE(request.ok());
  const crypto::Certificate signer_cert =
      issue(crypto::CertProfile::kUnit, "长沙市测试科技有限公司", request->public_key());
  ASSERT_TRUE(con->import_certificate(true, signer_cert.der()).ok());

  // 3. The maker (a soft key here) makes a v4 seal listing the UKey's certificate.
  auto maker_key = crypto::Sm2PrivateKey::generate();
  const crypto::Certificate maker_cert =
      issue(crypto::CertProfile::kMaker, "测试制章单位", maker_key->public_key());
  crypto::SoftSigner maker(*maker_key);
  ses::SealSpec spec;
  spec.vid = "gmseal";
  spec.es_id = "43010000000099";
  spec.name = "长沙市测试科技有限公司合同专用章";
  spec.signer_certs = {signer_cert};
  spec.picture.type = "png";
  spec.picture.data = to_bytes("\x89PNG\r\n\x1a\n-picture-bytes");
  spec.picture.width_mm = 40;
  spec.picture.height_mm = 40;
  spec.create_date = now() - std::chrono::hours(1);
  spec.valid_start = now() - std::chrono::hours(1);
  spec.valid_end = now() + std::chrono::days(20);
  auto seal = ses::make_seal(spec, maker_cert, maker);
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();

  // 4. Written to the UKey (admin) and read back in a fresh session without any PIN.
  ASSERT_TRUE(app.verify_pin(SkfPinType::kAdmin, kAdminPin).ok());
  ASSERT_TRUE(write_seal(app, "contract", seal->der()).ok());
  auto reader = open_skf_application(*TokenUri::parse(uri()));
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*list_seals(reader->application), std::vector<std::string>{"contract"});
  auto stored = read_seal(reader->application, "contract");
  ASSERT_TRUE(stored.ok()) << stored.error().to_string();
  EXPECT_EQ(*stored, seal->der());

  crypto::TrustStore trust;
  trust.anchors = {ca_->certificate()};
  ses::SealVerifyOptions seal_options;
  seal_options.trust = trust;
  std::optional<ses::Seal> parsed;
  const ses::VerifyReport seal_report = ses::verify_seal_der(*stored, seal_options, &parsed);
  EXPECT_TRUE(seal_report.valid());
  EXPECT_TRUE(seal_report.trusted());
  ASSERT_TRUE(parsed.has_value());

  // 5. Sign with the seal read from the UKey, the key never leaving it.
  const Bytes document = to_bytes("contract text sealed with a UKey");
  const crypto::Sm3Digest hash = crypto::sm3(document);
  ses::SignRequest sign_request;
  sign_request.data_hash = Bytes(hash.begin(), hash.end());
  sign_request.property_info = "contract.txt";
  sign_request.trust = trust;
  auto signature = ses::sign(*parsed, signer_cert, **signer, sign_request);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  ses::SignatureVerifyOptions verify_options;
  verify_options.trust = trust;
  verify_options.data_hash = [&](const ses::Signature&) -> Result<Bytes> {
    return Bytes(hash.begin(), hash.end());
  };
  const ses::VerifyReport report = ses::verify_signature_der(signature->der(), verify_options);
  EXPECT_TRUE(report.valid());
  EXPECT_TRUE(report.trusted());
  verify_options.data_hash = [&](const ses::Signature&) -> Result<Bytes> {
    const crypto::Sm3Digest other = crypto::sm3(to_bytes("another text"));
    return Bytes(other.begin(), other.end());
  };
  EXPECT_FALSE(ses::verify_signature_der(signature->der(), verify_options).valid());
}

TEST_F(UkeySealTest, ASealAlteredOnTheKeyNoLongerVerifies) {
  auto maker_key = crypto::Sm2PrivateKey::generate();
  const crypto::Certificate maker_cert =
      issue(crypto::CertProfile::kMaker, "测试制章单位", maker_key->public_key());
  const crypto::Certificate signer_cert =
      issue(crypto::CertProfile::kUnit, "测试单位", maker_key->public_key());
  crypto::SoftSigner maker(*maker_key);
  ses::SealSpec spec;
  spec.vid = "gmseal";
  spec.es_id = "43010000000100";
  spec.name = "测试章";
  spec.signer_certs = {signer_cert};
  spec.picture.type = "png";
  spec.picture.data = to_bytes("picture");
  spec.picture.width_mm = 30;
  spec.picture.height_mm = 30;
  spec.valid_start = now() - std::chrono::hours(1);
  spec.valid_end = now() + std::chrono::days(2);
  auto seal = ses::make_seal(spec, maker_cert, maker);
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();

  auto session = open_skf_application(*TokenUri::parse(uri()));
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(session->application.verify_pin(SkfPinType::kAdmin, kAdminPin).ok());
  ASSERT_TRUE(write_seal(session->application, "s1", seal->der()).ok());

  // Flip one byte of the seal name inside the device's file.
  const auto file = root_.path() / "ukey0" / "apps" /
                    soft::name_to_path_component(std::string(kDefaultSkfApplication)) / "files" /
                    soft::name_to_path_component("ESEAL.s1");
  Bytes content = *read_file(file);
  const Bytes name = to_bytes("测试章");
  auto at = std::search(content.begin(), content.end(), name.begin(), name.end());
  ASSERT_NE(at, content.end());
  *at ^= 0x01;
  ASSERT_TRUE(write_file_atomic(file, ByteView(content)).ok());

  auto stored = read_seal(session->application, "s1");
  ASSERT_TRUE(stored.ok());
  const ses::VerifyReport report = ses::verify_seal_der(*stored);
  EXPECT_FALSE(report.valid());
  EXPECT_TRUE(report.has("maker_signature", ses::CheckResult::kFail));
}

}  // namespace
}  // namespace gmseal::keys
