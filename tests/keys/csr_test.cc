#include "crypto/csr.h"

#include <gtest/gtest.h>

#include "crypto/sm2.h"
#include "keys/test_support.h"
#include "util/file_io.h"

namespace gmseal::crypto {
namespace {

DistinguishedName subject() {
  DistinguishedName dn;
  dn.attributes = {{std::string(kOidCountry), "C", "CN"},
                   {std::string(kOidOrganization), "O", "示例单位"},
                   {std::string(kOidCommonName), "CN", "示例单位"}};
  return dn;
}

TEST(CsrTest, CreateParseAndOpensslAgree) {
  auto key = Sm2PrivateKey::generate();
  SoftSigner signer(*key);
  auto request = CertificateRequest::create(subject(), signer);
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_TRUE(request->public_key() == key->public_key());
  EXPECT_EQ(request->subject().get(kOidCommonName), "示例单位");
  auto from_pem = CertificateRequest::parse(to_bytes(request->pem()));
  ASSERT_TRUE(from_pem.ok()) << from_pem.error().to_string();
  EXPECT_EQ(from_pem->der(), request->der());

  keys::testing::TempDir dir;
  ASSERT_TRUE(write_file_atomic(dir.path() / "req.pem", request->pem()).ok());
  const auto ok =
      keys::testing::run_command("openssl req -in " + (dir.path() / "req.pem").string() +
                                 " -noout -verify -vfyopt distid:1234567812345678");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("verify OK"), std::string::npos) << ok.output;
}

TEST(CsrTest, RejectsTamperingAndOtherIds) {
  auto key = Sm2PrivateKey::generate();
  SoftSigner signer(*key);
  auto request = CertificateRequest::create(subject(), signer);
  ASSERT_TRUE(request.ok());
  Bytes tampered = request->der();
  // Flip a byte inside the subject (well inside certificationRequestInfo).
  tampered[40] ^= 0x01;
  auto bad = CertificateRequest::parse(tampered);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().code == "crypto.csr.bad_signature" ||
              bad.error().code == "crypto.csr.parse_failed")
      << bad.error().to_string();
  EXPECT_EQ(CertificateRequest::parse(request->der(), "another-id").error().code,
            "crypto.csr.bad_signature");
  EXPECT_EQ(CertificateRequest::parse(to_bytes("garbage")).error().code, "crypto.csr.parse_failed");
  Bytes truncated(request->der().begin(), request->der().end() - 5);
  EXPECT_FALSE(CertificateRequest::parse(truncated).ok());
}

}  // namespace
}  // namespace gmseal::crypto
