// The seal request package (docs/seal-request-package.md): built, parsed field for field,
// verified; every byte of a package matters; wrong keys, nonces and CSRs are refused by name.
#include <gtest/gtest.h>

#include "crypto/random.h"
#include "protocol/protocol_test_keys.h"
#include "protocol/seal_request_package.h"

namespace gmseal::protocol {
namespace {

struct Fixture {
  testing::SystemIdentity system = testing::make_system("Seal Application System");
  crypto::Sm2PrivateKey seal_key = crypto::Sm2PrivateKey::generate().value();

  SealRequestInfo info() const {
    crypto::SoftSigner seal_signer(seal_key);
    crypto::DistinguishedName subject;
    subject.attributes.push_back({std::string(crypto::kOidCommonName), "CN", "测试单位公章"});
    SealRequestInfo out;
    out.system_cert = system.cert.der();
    out.unit_uscc = "91350100M000100Y43";
    out.unit_name = "测试单位";
    out.seal_name = "测试单位公章";
    out.seal_category = "01";
    out.cert_request = crypto::CertificateRequest::create(subject, seal_signer).value().der();
    out.created_at = now();
    out.nonce = crypto::random_bytes(16);
    return out;
  }
  Result<SealRequestPackage> build(const SealRequestInfo& i) const {
    crypto::SoftSigner signer(system.key);
    return SealRequestPackage::build(i, signer);
  }
};

TEST(SealRequestPackageTest, BuildsParsesAndVerifiesFieldForField) {
  Fixture f;
  const SealRequestInfo info = f.info();
  auto built = f.build(info);
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  auto parsed = SealRequestPackage::parse(built->der());
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(parsed->verify().ok());
  const SealRequestInfo& back = parsed->info();
  EXPECT_EQ(back.system_cert, f.system.cert.der());
  EXPECT_EQ(back.unit_uscc, "91350100M000100Y43");
  EXPECT_EQ(back.unit_name, "测试单位");
  EXPECT_EQ(back.seal_name, "测试单位公章");
  EXPECT_EQ(back.seal_category, "01");
  EXPECT_EQ(back.cert_request, info.cert_request);
  EXPECT_EQ(back.created_at, info.created_at);
  EXPECT_EQ(back.nonce, info.nonce);
  EXPECT_EQ(parsed->signature_algorithm(), "1.2.156.10197.1.501");
  EXPECT_TRUE(parsed->certificate_request().public_key() == f.seal_key.public_key());
  EXPECT_EQ(parsed->fingerprint().size(), 64u);
}

TEST(SealRequestPackageTest, EveryFlippedByteIsRefused) {
  Fixture f;
  auto built = f.build(f.info());
  ASSERT_TRUE(built.ok());
  const Bytes good = built->der();
  for (std::size_t i = 0; i < good.size(); ++i) {
    Bytes bad = good;
    bad[i] ^= 0x01;
    auto parsed = SealRequestPackage::parse(bad);
    const bool refused = !parsed.ok() || !parsed->verify().ok();
    ASSERT_TRUE(refused) << "byte " << i << " of " << good.size() << " flipped went unnoticed";
    if (!parsed.ok()) EXPECT_EQ(parsed.error().field, "requestPackage");
  }
}

TEST(SealRequestPackageTest, ASignatureByAnotherKeyIsRefused) {
  Fixture f;
  crypto::SoftSigner other(crypto::Sm2PrivateKey::generate().value());
  auto built = SealRequestPackage::build(f.info(), other);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, "protocol.request_package.key_mismatch");
}

TEST(SealRequestPackageTest, ShortNonceAndForeignCsrSignatureAreNamed) {
  Fixture f;
  SealRequestInfo info = f.info();
  info.nonce = Bytes(8, 0x42);
  auto built = f.build(info);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, "protocol.request_package.bad_nonce");

  // A CSR whose proof of possession fails: the last signature byte changed.
  info = f.info();
  info.cert_request.back() ^= 0x01;
  built = f.build(info);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, "protocol.request_package.bad_csr");
}

TEST(SealRequestPackageTest, GarbageAndOversizedInputAreMalformed) {
  auto parsed = SealRequestPackage::parse(to_bytes("not a package"));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "protocol.request_package.malformed");
  parsed = SealRequestPackage::parse(Bytes(kSealRequestMaxSize + 1, 0x30));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "protocol.request_package.malformed");
}

}  // namespace
}  // namespace gmseal::protocol
