#include "crypto/cms_signed_data.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "crypto/cert_builder.h"
#include "util/der.h"
#include "util/file_io.h"

namespace gmseal::crypto {
namespace {

namespace fs = std::filesystem;

struct Identity {
  Sm2PrivateKey key;
  Certificate cert;
};

Identity make_identity(const std::string& name) {
  auto key = Sm2PrivateKey::generate();
  SoftSigner signer(*key);
  CertTemplate spec;
  spec.profile = CertProfile::kRoot;
  spec.name = name;
  spec.not_before = now() - std::chrono::hours(1);
  spec.not_after = now() + std::chrono::hours(24 * 365);
  auto cert = issue_certificate(spec, key->public_key(), nullptr, signer);
  EXPECT_TRUE(cert.ok()) << cert.error().to_string();
  return {*key, *cert};
}

class CmsSignedDataTest : public ::testing::TestWithParam<CmsOidStyle> {};

TEST_P(CmsSignedDataTest, BuildsAndVerifiesDetached) {
  const Identity id = make_identity("CMS signer");
  SoftSigner signer(id.key);
  const Bytes content = to_bytes("the two ByteRange segments");
  CmsSignOptions options;
  options.oid_style = GetParam();
  options.signing_time = from_unix(1700000000);
  auto der = build_cms_signed_data(sm3(content), id.cert, signer, options);
  ASSERT_TRUE(der.ok()) << der.error().to_string();

  auto parsed = parse_cms_signed_data(*der);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  const bool gbt = GetParam() == CmsOidStyle::kGbt35275;
  EXPECT_EQ(parsed->content_info_type, gbt ? kOidGbtSignedData : kOidPkcs7SignedData);
  EXPECT_EQ(parsed->encap_content_type, gbt ? kOidGbtData : kOidPkcs7Data);
  EXPECT_FALSE(parsed->encap_content.has_value());
  ASSERT_EQ(parsed->signers.size(), 1u);
  EXPECT_EQ(parsed->signers[0].signature_algorithm, gbt ? kOidSm2Sign : kOidSm2WithSm3);
  EXPECT_EQ(*parsed->signers[0].content_type, gbt ? kOidGbtData : kOidPkcs7Data);
  EXPECT_EQ(to_unix(*parsed->signers[0].signing_time), 1700000000);

  CmsVerifyInput input;
  input.content = content;
  auto verified = verify_cms_signed_data(*der, input);
  ASSERT_TRUE(verified.ok()) << verified.error().to_string();
  EXPECT_EQ(verified->signer_certificate, id.cert);

  CmsVerifyInput by_digest;
  by_digest.content_sm3 = sm3(content);
  EXPECT_TRUE(verify_cms_signed_data(*der, by_digest).ok());
}

INSTANTIATE_TEST_SUITE_P(BothOidStyles, CmsSignedDataTest,
                         ::testing::Values(CmsOidStyle::kGbt35275, CmsOidStyle::kPkcs7));

TEST(CmsSignedData, OtherContentIsADigestMismatch) {
  const Identity id = make_identity("CMS signer");
  SoftSigner signer(id.key);
  auto der = build_cms_signed_data(sm3(to_bytes("original")), id.cert, signer);
  ASSERT_TRUE(der.ok());
  const Bytes tampered = to_bytes("tampered");
  CmsVerifyInput input;
  input.content = tampered;
  auto verified = verify_cms_signed_data(*der, input);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, "crypto.cms.digest_mismatch");
}

TEST(CmsSignedData, FlippedSignatureByteFails) {
  const Identity id = make_identity("CMS signer");
  SoftSigner signer(id.key);
  const Bytes content = to_bytes("original");
  auto der = build_cms_signed_data(sm3(content), id.cert, signer);
  ASSERT_TRUE(der.ok());
  auto parsed = parse_cms_signed_data(*der);
  ASSERT_TRUE(parsed.ok());
  // The last byte of s inside the signature OCTET STRING.
  const std::size_t offset =
      static_cast<std::size_t>(parsed->signers[0].signature.data() - der->data()) +
      parsed->signers[0].signature.size() - 1;
  Bytes tampered = *der;
  tampered[offset] ^= 0x01;
  CmsVerifyInput input;
  input.content = content;
  auto verified = verify_cms_signed_data(tampered, input);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, "crypto.cms.bad_signature");
}

TEST(CmsSignedData, WrongKeyForCertificateIsRefused) {
  const Identity a = make_identity("A");
  const Identity b = make_identity("B");
  SoftSigner signer(b.key);
  auto der = build_cms_signed_data(sm3(to_bytes("x")), a.cert, signer);
  ASSERT_FALSE(der.ok());
  EXPECT_EQ(der.error().code, "crypto.cms.key_mismatch");
}

TEST(CmsSignedData, ZeroPaddingIsAcceptedOtherTrailingBytesAreNot) {
  const Identity id = make_identity("CMS signer");
  SoftSigner signer(id.key);
  auto der = build_cms_signed_data(sm3(to_bytes("x")), id.cert, signer);
  ASSERT_TRUE(der.ok());
  Bytes padded = *der;
  padded.resize(padded.size() + 100, 0);
  auto parsed = parse_cms_signed_data(padded);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->encoded_size, der->size());
  padded.back() = 1;
  EXPECT_EQ(parse_cms_signed_data(padded).error().code, "crypto.cms.malformed");
}

TEST(CmsSignedData, TruncationsNeverCrashAndNameTheProblem) {
  const Identity id = make_identity("CMS signer");
  SoftSigner signer(id.key);
  auto der = build_cms_signed_data(sm3(to_bytes("x")), id.cert, signer);
  ASSERT_TRUE(der.ok());
  for (std::size_t n = 0; n < der->size(); n += 7) {
    auto parsed = parse_cms_signed_data(ByteView(*der).first(n));
    EXPECT_FALSE(parsed.ok());
    EXPECT_FALSE(parsed.error().message.empty());
  }
}

// OpenSSL, not gmseal, checks the signature: the signed attributes re-tagged as SET (0x31)
// verified with `openssl dgst -sm3 -verify ... -sigopt distid:1234567812345678`.
TEST(CmsSignedData, OpensslVerifiesTheSignedAttributes) {
  if (std::system("openssl version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl binary";
  const Identity id = make_identity("CMS signer");
  SoftSigner signer(id.key);
  auto der = build_cms_signed_data(sm3(to_bytes("content")), id.cert, signer);
  ASSERT_TRUE(der.ok());
  auto parsed = parse_cms_signed_data(*der);
  ASSERT_TRUE(parsed.ok());
  const fs::path dir = fs::temp_directory_path() / ("gmseal-cms-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  Bytes attrs(parsed->signers[0].signed_attributes.begin(),
              parsed->signers[0].signed_attributes.end());
  attrs[0] = 0x31;
  ASSERT_TRUE(write_file_atomic(dir / "attrs.der", attrs).ok());
  const Bytes sig(parsed->signers[0].signature.begin(), parsed->signers[0].signature.end());
  ASSERT_TRUE(write_file_atomic(dir / "sig.der", sig).ok());
  ASSERT_TRUE(write_file_atomic(dir / "pub.pem", id.key.public_key().to_pem()).ok());
  const std::string command = "openssl dgst -sm3 -verify " + (dir / "pub.pem").string() +
                              " -sigopt distid:1234567812345678 -signature " +
                              (dir / "sig.der").string() + " " + (dir / "attrs.der").string() +
                              " >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  fs::remove_all(dir);
}

// The iText 5 sample: PKCS#7 OIDs, SM2-with-SM3 (.501), contentType + messageDigest, and an
// RFC 3161 token. Its detached content is the PDF's two ByteRange segments.
TEST(CmsSignedData, ItextSampleVerifies) {
  const fs::path pdf = fs::path(GMSEAL_TESTDATA_DIR) / "pdf" / "itext-sm2sign.pdf";
  if (!fs::exists(pdf)) GTEST_SKIP() << "SKIPPED: shared test data not found at " << pdf;
  auto bytes = read_file(pdf);
  ASSERT_TRUE(bytes.ok());
  const std::string text = gmseal::to_string(*bytes);
  const auto at = text.find("/ByteRange");
  ASSERT_NE(at, std::string::npos);
  long b[4];
  ASSERT_EQ(
      std::sscanf(text.c_str() + at, "/ByteRange [%ld %ld %ld %ld]", &b[0], &b[1], &b[2], &b[3]),
      4);
  Bytes content(bytes->begin() + b[0], bytes->begin() + b[0] + b[1]);
  content.insert(content.end(), bytes->begin() + b[2], bytes->begin() + b[2] + b[3]);
  auto hex = hex_decode(text.substr(b[1] + 1, b[2] - b[1] - 2));
  ASSERT_TRUE(hex.ok());
  CmsVerifyInput input;
  input.content = content;
  auto verified = verify_cms_signed_data(*hex, input);
  ASSERT_TRUE(verified.ok()) << verified.error().to_string();
  EXPECT_EQ(verified->oid_style, CmsOidStyle::kPkcs7);
  EXPECT_EQ(verified->signature_algorithm, kOidSm2WithSm3);
  ASSERT_TRUE(verified->timestamp.has_value());
  EXPECT_TRUE(verified->timestamp->imprint_matches) << verified->timestamp->detail;
  EXPECT_TRUE(verified->timestamp->signature_valid) << verified->timestamp->detail;

  content.back() ^= 1;
  input.content = content;
  EXPECT_EQ(verify_cms_signed_data(*hex, input).error().code, "crypto.cms.digest_mismatch");
}

}  // namespace
}  // namespace gmseal::crypto
