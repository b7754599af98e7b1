// PDF sealing with a GB/T 38540 SES_Signature container (the default of `gmseal sign pdf`).
#include "pdf/ses_container.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "pdf/verify.h"
#include "pdf_test_support.h"
#include "util/file_io.h"

namespace gmseal::pdf {
namespace {

namespace fs = std::filesystem;
using namespace testing;

class PdfSesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("pdf-ses");
    id_ = std::make_unique<Identity>(make_identity());
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  SignOptions ses_options(const ses::Seal& seal) {
    SignOptions o;
    o.picture = seal.info().picture.data;
    o.picture_type = seal.info().picture.type;
    o.sub_filter = std::string(kSesSubFilter);
    o.reserve_bytes = seal.der().size() + id_->cert.der().size() + 4096;
    o.build_container =
        ses_container_builder(seal, id_->cert, std::make_shared<crypto::SoftSigner>(id_->key));
    return o;
  }
  fs::path dir_;
  std::unique_ptr<Identity> id_;
};

TEST_F(PdfSesTest, SesSealVerifiesWithEveryCheckAndItsByteRange) {
  const ses::Seal seal = make_seal_for(*id_, make_png(80, 80, 200, 0, 0, 20), "png");
  ASSERT_TRUE(write_file_atomic(dir_ / "in.pdf", make_simple_pdf(2)).ok());
  auto result = sign_pdf(dir_ / "in.pdf", dir_ / "out.pdf", ses_options(seal));
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  const Bytes bytes = *read_file(dir_ / "out.pdf");
  EXPECT_NE(to_string(bytes).find("/SubFilter /GBT38540.SES_Signature"), std::string::npos);
  PdfVerifyOptions options;
  crypto::TrustStore store;
  store.anchors = {id_->root};
  options.trust = store;
  auto report = verify_pdf(bytes, options);
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  ASSERT_EQ(report->signatures.size(), 1u);
  const SignatureReport& s = report->signatures[0];
  EXPECT_TRUE(report->valid) << report_to_text(*report);
  EXPECT_EQ(s.container, "ses");
  ASSERT_TRUE(s.ses_signature.has_value());
  EXPECT_TRUE(s.checks.has("data_hash", ses::CheckResult::kPass));
  EXPECT_TRUE(s.checks.has("property_info", ses::CheckResult::kPass));
  EXPECT_TRUE(s.checks.has("byte_range", ses::CheckResult::kPass));
  EXPECT_TRUE(s.checks.has("modified_after_signing", ses::CheckResult::kPass));
  EXPECT_TRUE(s.trusted());
  const std::string json = report_to_json(*report);
  EXPECT_NE(json.find("\"checks\""), std::string::npos);
  EXPECT_NE(json.find("\"container\": \"SES_Signature\""), std::string::npos);

  // A second, CMS-free SES seal on top keeps the first valid.
  auto again = sign_pdf(dir_ / "out.pdf", dir_ / "out2.pdf", ses_options(seal));
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  auto report2 = verify_pdf(*read_file(dir_ / "out2.pdf"), options);
  ASSERT_TRUE(report2.ok());
  ASSERT_EQ(report2->signatures.size(), 2u);
  EXPECT_TRUE(report2->valid) << report_to_text(*report2);
}

TEST_F(PdfSesTest, ChangedSignedByteFailsTheDataHash) {
  const ses::Seal seal = make_seal_for(*id_, make_bmp(30, 30, 200, 0, 0), "bmp");
  ASSERT_TRUE(write_file_atomic(dir_ / "in.pdf", make_simple_pdf(1)).ok());
  ASSERT_TRUE(sign_pdf(dir_ / "in.pdf", dir_ / "out.pdf", ses_options(seal)).ok());
  Bytes bytes = *read_file(dir_ / "out.pdf");
  bytes[to_string(bytes).find("Page 1 contract")] = 'X';
  auto report = verify_pdf(bytes);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->valid);
  EXPECT_TRUE(report->signatures[0].checks.has("data_hash", ses::CheckResult::kFail));
}

TEST_F(PdfSesTest, OfdVectorSealPictureIsRefusedBeforeWriting) {
  const ses::Seal seal = make_seal_for(*id_, to_bytes("<ofd:Page/>"), "ofd");
  ASSERT_TRUE(write_file_atomic(dir_ / "in.pdf", make_simple_pdf(1)).ok());
  auto result = sign_pdf(dir_ / "in.pdf", dir_ / "out.pdf", ses_options(seal));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "pdf.image.unsupported");
  EXPECT_FALSE(fs::exists(dir_ / "out.pdf"));
}

TEST_F(PdfSesTest, CliSealsWithAnEslFileByDefault) {
  const ses::Seal seal = make_seal_for(*id_, make_gif(60, 60, 200, 0, 0), "gif");
  ASSERT_TRUE(write_file_atomic(dir_ / "in.pdf", make_simple_pdf(3)).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "seal.esl", seal.der()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "key.pem", id_->key.to_pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "cert.pem", id_->cert.pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "root.pem", id_->root.pem()).ok());
  const std::string bin = GMSEAL_BINARY;
  std::string out;
  ASSERT_EQ(run(bin + " sign pdf --in " + (dir_ / "in.pdf").string() + " --out " +
                    (dir_ / "out.pdf").string() + " --seal " + (dir_ / "seal.esl").string() +
                    " --key " + (dir_ / "key.pem").string() + " --cert " +
                    (dir_ / "cert.pem").string() + " --riding --y 120",
                &out),
            0)
      << out;
  EXPECT_EQ(run(bin + " verify " + (dir_ / "out.pdf").string() + " --json --trust " +
                    (dir_ / "root.pem").string(),
                &out),
            0)
      << out;
  EXPECT_NE(out.find("\"trusted\": true"), std::string::npos) << out;
  EXPECT_NE(out.find("\"container\": \"SES_Signature\""), std::string::npos) << out;
  if (tool_available("pdfsig") && tool_available("qpdf")) {
    run("pdfsig " + (dir_ / "out.pdf").string(), &out);
    EXPECT_NE(out.find("Signature Type: unknown"), std::string::npos) << out;  // own SubFilter
    EXPECT_NE(out.find("- Total document signed"), std::string::npos) << out;
    EXPECT_EQ(run("qpdf --check " + (dir_ / "out.pdf").string(), &out), 0) << out;
  }
}

}  // namespace
}  // namespace gmseal::pdf
