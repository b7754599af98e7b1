// The verdict of `gmseal verify X.pdf`: the shared JSON shape (issue 3) for CMS and SES
// signatures, every PDF step as a named check, the signer certificate judged at the signing
// time (validity, revocation), the RFC 3161 timestamp, and unsigned documents.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "crypto/cms_signed_data.h"
#include "crypto/crl.h"
#include "crypto/signer.h"
#include "pdf/byte_range.h"
#include "pdf/ses_container.h"
#include "pdf/sign.h"
#include "pdf/verify.h"
#include "pdf_test_support.h"
#include "util/file_io.h"

namespace gmseal::pdf {
namespace {

namespace fs = std::filesystem;
using namespace testing;
using nlohmann::json;

class PdfVerdictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("pdf-verdict-" +
                    std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    id_ = std::make_unique<Identity>(make_identity());
    ASSERT_TRUE(write_file_atomic(dir_ / "key.pem", id_->key.to_pem()).ok());
    ASSERT_TRUE(write_file_atomic(dir_ / "cert.pem", id_->cert.pem()).ok());
    ASSERT_TRUE(write_file_atomic(dir_ / "root.pem", id_->root.pem()).ok());
    ASSERT_TRUE(write_file_atomic(dir_ / "in.pdf", make_simple_pdf(2)).ok());
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // A CMS signature whose signingTime is `signing_time` (now when absent).
  SignOptions cms_options(std::optional<Time> signing_time = std::nullopt) {
    SignOptions o;
    o.picture = make_png(60, 60, 220, 0, 0);
    const crypto::Certificate cert = id_->cert;
    auto signer = std::make_shared<crypto::SoftSigner>(id_->key);
    crypto::CmsSignOptions cms;
    cms.signing_time = signing_time;
    o.build_container = [signer, cert, cms](const ContainerRequest& r) {
      return crypto::build_cms_signed_data(r.digest, cert, *signer, cms);
    };
    o.reserve_bytes = 4096;
    return o;
  }

  // Runs `gmseal verify` with `args`; returns its exit status, the output in `out`.
  int verify_cli(const fs::path& pdf, const std::string& args, std::string* out) {
    return run(std::string(GMSEAL_BINARY) + " verify " + pdf.string() + " " + args + " 2>&1", out);
  }

  // The parsed JSON of `gmseal verify --json`; fails the test when it is not JSON.
  json verify_json(const fs::path& pdf, const std::string& args, int* status) {
    std::string out;
    *status = verify_cli(pdf, "--json " + args, &out);
    json parsed = json::parse(out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << out;
    return parsed;
  }

  static const json* find_check(const json& signature, const std::string& name) {
    for (const json& c : signature.at("checks")) {
      if (c.at("name") == name) return &c;
    }
    return nullptr;
  }

  static std::string check_result(const json& signature, const std::string& name) {
    const json* c = find_check(signature, name);
    return c == nullptr ? "absent" : c->at("result").get<std::string>();
  }

  fs::path dir_;
  std::unique_ptr<Identity> id_;
};

TEST_F(PdfVerdictTest, CmsSignatureJsonHasNamedChecksAndACertificateSigner) {
  ASSERT_TRUE(sign_pdf(dir_ / "in.pdf", dir_ / "s.pdf", cms_options()).ok());
  int status = -1;
  const json verdict =
      verify_json(dir_ / "s.pdf", "--trust " + (dir_ / "root.pem").string(), &status);
  EXPECT_EQ(status, 0) << verdict;
  EXPECT_EQ(verdict.at("valid"), true);
  EXPECT_EQ(verdict.at("trusted"), true);
  ASSERT_EQ(verdict.at("signatures").size(), 1u);
  const json& s = verdict.at("signatures")[0];
  EXPECT_EQ(s.at("valid"), true);
  EXPECT_EQ(s.at("trusted"), true);
  EXPECT_TRUE(s.at("seal").is_null());
  ASSERT_TRUE(s.at("signer").is_object()) << s;
  EXPECT_NE(s.at("signer").at("subject").get<std::string>().find("gmseal PDF signer"),
            std::string::npos);
  EXPECT_EQ(s.at("signer").at("serial"), id_->cert.serial_hex());
  EXPECT_TRUE(s.at("signedAt").at("time").is_string());
  EXPECT_EQ(s.at("signedAt").at("source"), "claimed");
  for (const char* name : {"byte_range", "signed_data", "data_hash", "signature_value",
                           "signing_time", "signer_certificate", "modified_after_signing"}) {
    EXPECT_EQ(check_result(s, name), "pass") << name << " in " << s;
  }
  EXPECT_EQ(check_result(s, "timestamp"), "skip");
  for (const json& c : s.at("checks")) {
    EXPECT_TRUE(c.contains("detail")) << c;
  }
  // The PDF keys stay beside the shared ones.
  EXPECT_EQ(s.at("field"), "Signature1");
  EXPECT_EQ(s.at("subFilter"), "adbe.pkcs7.detached");
  EXPECT_EQ(s.at("container"), "CMS SignedData");
  EXPECT_EQ(s.at("byteRange").size(), 4u);
  EXPECT_FALSE(s.contains("error"));
  EXPECT_FALSE(s.contains("byteRangeOk"));

  // The text report lists the same checks.
  std::string text;
  EXPECT_EQ(verify_cli(dir_ / "s.pdf", "", &text), 0) << text;
  for (const json& c : s.at("checks")) {
    EXPECT_NE(text.find("check " + c.at("name").get<std::string>() + ": " +
                        c.at("result").get<std::string>()),
              std::string::npos)
        << text;
  }
}

TEST_F(PdfVerdictTest, SesSignatureJsonCarriesTheSealAndTheSignerCertificate) {
  const ses::Seal seal = make_seal_for(*id_, make_png(80, 80, 200, 0, 0, 20), "png");
  SignOptions o;
  o.picture = seal.info().picture.data;
  o.picture_type = "png";
  o.sub_filter = std::string(kSesSubFilter);
  o.reserve_bytes = seal.der().size() + id_->cert.der().size() + 4096;
  o.build_container =
      ses_container_builder(seal, id_->cert, std::make_shared<crypto::SoftSigner>(id_->key));
  ASSERT_TRUE(sign_pdf(dir_ / "in.pdf", dir_ / "s.pdf", o).ok());
  int status = -1;
  const json verdict = verify_json(dir_ / "s.pdf", "", &status);
  EXPECT_EQ(status, 0) << verdict;
  ASSERT_EQ(verdict.at("signatures").size(), 1u);
  const json& s = verdict.at("signatures")[0];
  ASSERT_TRUE(s.at("seal").is_object()) << s;
  EXPECT_EQ(s.at("seal").at("name"), seal.info().property.name);
  ASSERT_TRUE(s.at("signer").is_object()) << s;
  EXPECT_EQ(s.at("signer").at("serial"), id_->cert.serial_hex());
  EXPECT_TRUE(s.at("signedAt").at("time").is_string());
  EXPECT_EQ(s.at("signedAt").at("source"), "claimed");
  EXPECT_EQ(s.at("container"), "SES_Signature");
  for (const char* name : {"byte_range", "format", "signature_value", "data_hash", "property_info",
                           "modified_after_signing"}) {
    EXPECT_EQ(check_result(s, name), "pass") << name << " in " << s;
  }
}

TEST_F(PdfVerdictTest, ItextSampleReportsItsTimestampAsACheckAndItsSigningTime) {
  const fs::path sample = fs::path(GMSEAL_TESTDATA_DIR) / "pdf" / "itext-sm2sign.pdf";
  if (!fs::exists(sample)) GTEST_SKIP() << "SKIPPED: shared test data not found at " << sample;
  int status = -1;
  const json verdict = verify_json(sample, "", &status);
  EXPECT_EQ(status, 0) << verdict;
  ASSERT_EQ(verdict.at("signatures").size(), 1u);
  const json& s = verdict.at("signatures")[0];
  EXPECT_EQ(check_result(s, "timestamp"), "pass") << s;
  EXPECT_EQ(check_result(s, "signature_value"), "pass") << s;
  // The TSA's genTime (20211019083049Z) is the trusted signing time.
  EXPECT_EQ(s.at("signedAt").at("time"), "2021-10-19T08:30:49Z") << s;
  EXPECT_EQ(s.at("signedAt").at("source"), "tsa") << s;
  EXPECT_TRUE(s.at("signer").is_object()) << s;
  EXPECT_EQ(s.at("timeStamp"), true);
}

// The timestamp token is an unsigned attribute: /Contents bytes outside the signed attributes
// can be changed without touching the document digest or the signer's signature. A flipped last
// byte of the token (its TSA signature) must make the PDF signature invalid.
TEST_F(PdfVerdictTest, BrokenTimestampTokenMakesTheSignatureInvalid) {
  const fs::path sample = fs::path(GMSEAL_TESTDATA_DIR) / "pdf" / "itext-sm2sign.pdf";
  if (!fs::exists(sample)) GTEST_SKIP() << "SKIPPED: shared test data not found at " << sample;
  Bytes bytes = *read_file(sample);
  auto doc = Document::open_memory(bytes, "sample");
  ASSERT_TRUE(doc.ok());
  auto fields = find_signature_fields(*doc);
  ASSERT_TRUE(fields.ok() && fields->size() == 1u);
  const SignatureField& field = (*fields)[0];
  auto cms = crypto::parse_cms_signed_data(field.contents);
  ASSERT_TRUE(cms.ok()) << cms.error().to_string();
  ASSERT_TRUE(cms->signers[0].timestamp_token.has_value());
  const ByteView token = *cms->signers[0].timestamp_token;
  const std::size_t last =
      static_cast<std::size_t>(token.data() + token.size() - 1 - field.contents.data());
  // /Contents <hex>: byte k of the DER is the hex pair at ByteRange[1] + 1 + 2k.
  const std::size_t at = static_cast<std::size_t>(field.byte_range[1]) + 1 + 2 * last + 1;
  bytes[at] = bytes[at] == '0' ? '1' : '0';
  ASSERT_TRUE(write_file_atomic(dir_ / "ts.pdf", bytes).ok());

  int status = -1;
  const json verdict = verify_json(dir_ / "ts.pdf", "", &status);
  EXPECT_EQ(status, 1) << verdict;
  EXPECT_EQ(verdict.at("valid"), false);
  const json& s = verdict.at("signatures")[0];
  EXPECT_EQ(check_result(s, "timestamp"), "fail") << s;
  EXPECT_EQ(check_result(s, "signature_value"), "pass") << s;
  EXPECT_EQ(check_result(s, "data_hash"), "pass") << s;
}

TEST_F(PdfVerdictTest, RevokedSignerCertificateMakesADigitalSignatureInvalid) {
  // Revoked half an hour ago, signed now: invalid whichever CRL timing rule applies.
  crypto::SoftSigner root_signer(id_->root_key);
  auto crl = crypto::issue_crl(id_->root, root_signer,
                               {{id_->cert.serial_hex(), now() - std::chrono::minutes(30), 1}},
                               now() - std::chrono::minutes(20), now() + std::chrono::hours(24), 1);
  ASSERT_TRUE(crl.ok()) << crl.error().to_string();
  ASSERT_TRUE(write_file_atomic(dir_ / "ca.crl", to_bytes(crl->pem())).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "seal.png", make_png(60, 60, 200, 0, 0)).ok());
  std::string out;
  ASSERT_EQ(run(std::string(GMSEAL_BINARY) + " sign pdf --digital --in " +
                    (dir_ / "in.pdf").string() + " --out " + (dir_ / "s.pdf").string() + " --key " +
                    (dir_ / "key.pem").string() + " --cert " + (dir_ / "cert.pem").string() +
                    " --image " + (dir_ / "seal.png").string() + " --page 1 --x 50 --y 50 2>&1",
                &out),
            0)
      << out;
  const std::string trust = "--trust " + (dir_ / "root.pem").string();
  int status = -1;
  const json good = verify_json(dir_ / "s.pdf", trust, &status);
  EXPECT_EQ(status, 0) << good;

  const json revoked =
      verify_json(dir_ / "s.pdf", trust + " --crl " + (dir_ / "ca.crl").string(), &status);
  EXPECT_EQ(status, 1) << revoked;
  EXPECT_EQ(revoked.at("valid"), false);
  const json& s = revoked.at("signatures")[0];
  EXPECT_EQ(check_result(s, "signer_certificate"), "fail") << s;
  EXPECT_NE(find_check(s, "signer_certificate")->at("detail").get<std::string>().find("revoked"),
            std::string::npos)
      << s;
  EXPECT_EQ(verify_cli(dir_ / "s.pdf", trust + " --crl " + (dir_ / "ca.crl").string(), &out), 1)
      << out;
  EXPECT_NE(out.find("check signer_certificate: fail"), std::string::npos) << out;
}

TEST_F(PdfVerdictTest, SigningTimeOutsideTheCertificateValidityIsInvalid) {
  // The certificate starts an hour ago; a signingTime of two hours ago is before it.
  ASSERT_TRUE(
      sign_pdf(dir_ / "in.pdf", dir_ / "early.pdf", cms_options(now() - std::chrono::hours(2)))
          .ok());
  auto report = verify_pdf(*read_file(dir_ / "early.pdf"));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->valid) << report_to_text(*report);
  EXPECT_TRUE(report->signatures[0].checks.has("signer_certificate", ses::CheckResult::kFail))
      << report_to_text(*report);
  EXPECT_TRUE(report->signatures[0].checks.has("signature_value", ses::CheckResult::kPass));
}

TEST_F(PdfVerdictTest, UnsignedPdfGivesAnInvalidVerdictWithANote) {
  int status = -1;
  const json verdict = verify_json(dir_ / "in.pdf", "", &status);
  EXPECT_EQ(status, 1) << verdict;
  EXPECT_EQ(verdict.at("valid"), false);
  EXPECT_EQ(verdict.at("trusted"), false);
  EXPECT_TRUE(verdict.at("signatures").empty());
  ASSERT_FALSE(verdict.at("notes").empty());
  EXPECT_NE(verdict.at("notes")[0].get<std::string>().find("not signed"), std::string::npos);
  std::string text;
  EXPECT_EQ(verify_cli(dir_ / "in.pdf", "", &text), 1) << text;
  EXPECT_NE(text.find("not signed"), std::string::npos) << text;
}

}  // namespace
}  // namespace gmseal::pdf
