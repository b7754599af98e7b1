// Timestamps where they are embedded, from a TSA on loopback HTTP (tsa/http): SES signatures,
// PDF CMS signatures (id-aa-timeStampToken), PDF document timestamps after a signature (pdfsig
// lists both), and the signing time a token makes trusted: a document signed (as claimed)
// before its seal was cancelled but timestamped after it fails the online status check, judged
// at the TSA's time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "crypto/sm3.h"
#include "ofd/sample_document.h"
#include "pdf_test_support.h"
#include "ses/sign.h"
#include "ses/verify_signature.h"
#include "status/status_judgement.h"
#include "status_test_support.h"
#include "tsa/http/tsa_client.h"
#include "tsa/http/tsa_http.h"
#include "tsa/token_verify.h"
#include "tsa_fixture.h"
#include "util/file_io.h"

namespace gmseal::tsa {
namespace {

namespace fs = std::filesystem;

class TsaEmbedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = pdf::testing::temp_dir(
        "tsa-embed-" +
        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    AuthorityConfig config;
    config.data_dir = dir_ / "tsa";
    auto authority = Authority::open(config, tsa_.cert, tsa_.signer);
    ASSERT_TRUE(authority.ok()) << authority.error().to_string();
    server_ = std::make_unique<TsaServer>(*authority, 2);
    auto port = server_->start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.error().to_string();
    url_ = "http://127.0.0.1:" + std::to_string(*port) + "/tsa";
    ASSERT_TRUE(write_file_atomic(dir_ / "tsa-root.pem", root_.cert.pem()).ok());
  }
  void TearDown() override {
    server_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }
  fs::path dir_;
  testing::Identity root_ = testing::make_root("gmseal embed TSA root");
  testing::Identity tsa_ = testing::make_tsa(root_);
  std::unique_ptr<TsaServer> server_;
  std::string url_;
};

const nlohmann::json* check_named(const nlohmann::json& signature, const std::string& name) {
  for (const auto& check : signature.at("checks")) {
    if (check.at("name") == name) return &check;
  }
  return nullptr;
}

TEST_F(TsaEmbedTest, RequestTokenChecksNonceAndImprint) {
  const Bytes value = to_bytes("signature value");
  auto token = request_token(url_, value);
  ASSERT_TRUE(token.ok()) << token.error().to_string();
  TokenCheckInput input;
  input.stamped_data = value;
  input.trust = crypto::TrustStore{{root_.cert}, {}, {}};
  EXPECT_TRUE(verify_token(*token, input).valid);
  auto refused = request_token("http://127.0.0.1:1/tsa", value);
  EXPECT_FALSE(refused.ok());
}

// The command line's other two --tsa users: `seal make --format v5 --tsa` (the token over the
// maker's signature, GM/T 0031-2025) and `sign ofd --tsa` (the token in the SES_Signature's
// timeStamp). Each verifies with the TSA's root and fails at the timestamp without it.
TEST_F(TsaEmbedTest, SealMakeAndSignOfdFromTheCommandLineCarryTokens) {
  const pdf::testing::Identity id = pdf::testing::make_identity();
  ASSERT_TRUE(write_file_atomic(dir_ / "key.pem", id.key.to_pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "cert.pem", id.cert.pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "root.pem", id.root.pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "red.png", pdf::testing::make_png(80, 80, 220, 0, 0)).ok());
  auto doc = ofd::make_sample_document({{"甲方（盖章）", "Hello OFD"}}, now());
  ASSERT_TRUE(doc.ok()) << doc.error().to_string();
  ASSERT_TRUE(write_file_atomic(dir_ / "doc.ofd", *doc).ok());
  const std::string gmseal = std::string(GMSEAL_BINARY) + " ";
  const std::string d = dir_.string() + "/";
  std::string out;
  ASSERT_EQ(pdf::testing::run(gmseal + "seal make --format v5 --maker-key " + d +
                                  "key.pem --maker-cert " + d + "cert.pem --signer-cert " + d +
                                  "cert.pem --picture " + d +
                                  "red.png --es-id 43010000000123 --name 测试章 --out " + d +
                                  "seal.esl --tsa " + url_ + " 2>&1",
                              &out),
            0)
      << out;
  const std::string trust = " --trust " + d + "root.pem --trust " + d + "tsa-root.pem ";
  ASSERT_EQ(pdf::testing::run(gmseal + "seal verify --json" + trust + d + "seal.esl", &out), 0)
      << out;
  const nlohmann::json seal = nlohmann::json::parse(out);
  ASSERT_NE(check_named(seal, "seal_timestamp"), nullptr) << out;
  EXPECT_EQ(check_named(seal, "seal_timestamp")->at("result"), "pass") << out;

  ASSERT_EQ(
      pdf::testing::run(gmseal + "sign ofd --in " + d + "doc.ofd --out " + d +
                            "signed.ofd --seal " + d + "seal.esl --key " + d + "key.pem --cert " +
                            d + "cert.pem --page 1 --x 60 --y 60 --tsa " + url_ + " 2>&1",
                        &out),
      0)
      << out;
  ASSERT_EQ(pdf::testing::run(gmseal + "verify --json" + trust + d + "signed.ofd", &out), 0) << out;
  const nlohmann::json verdict = nlohmann::json::parse(out);
  ASSERT_EQ(verdict.at("signatures").size(), 1u) << out;
  const nlohmann::json& signature = verdict.at("signatures")[0];
  ASSERT_NE(check_named(signature, "timestamp"), nullptr) << out;
  EXPECT_EQ(check_named(signature, "timestamp")->at("result"), "pass") << out;
  EXPECT_EQ(signature.at("signedAt").at("source"), "tsa") << out;

  // Without the TSA's root the token is not trusted, and the signature fails at the timestamp.
  EXPECT_EQ(pdf::testing::run(
                gmseal + "verify --json --trust " + d + "root.pem " + d + "signed.ofd", &out),
            1)
      << out;
  const nlohmann::json untrusted = nlohmann::json::parse(out);
  ASSERT_NE(check_named(untrusted.at("signatures")[0], "timestamp"), nullptr) << out;
  EXPECT_EQ(check_named(untrusted.at("signatures")[0], "timestamp")->at("result"), "fail") << out;
}

TEST_F(TsaEmbedTest, PdfSignedWithTsaThenDocumentTimestampKeepsBothValid) {
  const pdf::testing::Identity id = pdf::testing::make_identity();
  ASSERT_TRUE(write_file_atomic(dir_ / "key.pem", id.key.to_pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "cert.pem", id.cert.pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "root.pem", id.root.pem()).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "in.pdf", pdf::testing::make_simple_pdf(1)).ok());
  ASSERT_TRUE(write_file_atomic(dir_ / "red.png", pdf::testing::make_png(80, 80, 220, 0, 0)).ok());
  const std::string d = dir_.string() + "/";
  std::string out;
  ASSERT_EQ(pdf::testing::run(std::string(GMSEAL_BINARY) + " sign pdf --digital --in " + d +
                                  "in.pdf --out " + d + "signed.pdf --key " + d +
                                  "key.pem --cert " + d + "cert.pem --image " + d +
                                  "red.png --page 1 --x 50 --y 50 --tsa " + url_ + " 2>&1",
                              &out),
            0)
      << out;
  ASSERT_EQ(pdf::testing::run(std::string(GMSEAL_BINARY) + " sign pdf --doc-timestamp --in " + d +
                                  "signed.pdf --out " + d + "stamped.pdf --tsa " + url_ + " 2>&1",
                              &out),
            0)
      << out;
  ASSERT_EQ(pdf::testing::run(std::string(GMSEAL_BINARY) + " verify --json --trust " + d +
                                  "root.pem --trust " + d + "tsa-root.pem " + d + "stamped.pdf",
                              &out),
            0)
      << out;
  const nlohmann::json verdict = nlohmann::json::parse(out);
  EXPECT_EQ(verdict.at("valid"), true) << out;
  ASSERT_EQ(verdict.at("signatures").size(), 2u) << out;
  const nlohmann::json& signature = verdict.at("signatures")[0];
  EXPECT_EQ(signature.at("modifiedAfterSigning"), false) << out;
  ASSERT_NE(check_named(signature, "timestamp"), nullptr);
  EXPECT_EQ(check_named(signature, "timestamp")->at("result"), "pass") << out;
  EXPECT_EQ(signature.at("signedAt").at("source"), "tsa") << out;
  const nlohmann::json& stamp = verdict.at("signatures")[1];
  EXPECT_EQ(stamp.at("container"), "TimeStampToken") << out;
  EXPECT_EQ(stamp.at("subFilter"), "ETSI.RFC3161") << out;
  EXPECT_EQ(stamp.at("valid"), true) << out;
  EXPECT_EQ(stamp.at("signedAt").at("source"), "tsa") << out;

  if (!pdf::testing::tool_available("pdfsig")) GTEST_SKIP() << "SKIPPED: pdfsig not installed";
  ASSERT_EQ(pdf::testing::run("pdfsig " + d + "stamped.pdf 2>&1", &out), 0) << out;
  EXPECT_NE(out.find("Signature #1"), std::string::npos) << out;
  EXPECT_NE(out.find("Signature #2"), std::string::npos) << out;
  // Debian 12's poppler (22.02) lists the document timestamp as a second signature over the whole
  // file but names its type "unknown": it does not know the ETSI.RFC3161 SubFilter.
  EXPECT_NE(out.find("Total document signed"), std::string::npos) << out;  // the timestamp

  // A letter of the page text changed: the document timestamp's imprint no longer matches.
  Bytes bytes = *read_file(dir_ / "stamped.pdf");
  const std::string text(bytes.begin(), bytes.end());
  const std::size_t at = text.find("Td (");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 4] = bytes[at + 4] == 'X' ? 'Y' : 'X';
  ASSERT_TRUE(write_file_atomic(dir_ / "broken.pdf", bytes).ok());
  EXPECT_EQ(
      pdf::testing::run(std::string(GMSEAL_BINARY) + " verify --json " + d + "broken.pdf", &out), 1)
      << out;
  EXPECT_NE(out.find("fails at imprint"), std::string::npos) << out;
}

// The seal is cancelled 5 minutes ago; the signer claims to have signed 10 minutes ago. Without a
// timestamp the online status is judged at the claimed time (valid then); with a timestamp it is
// judged at the TSA's genTime (now: cancelled by then), and the signature fails.
TEST_F(TsaEmbedTest, SignedBeforeCancellationButTimestampedAfterFailsTheStatusCheck) {
  const pdf::testing::Identity id = pdf::testing::make_identity();
  const ses::Seal seal =
      pdf::testing::make_seal_for(id, pdf::testing::make_png(40, 40, 220, 0, 0), "png");
  const Time cancelled_at = now() - std::chrono::minutes(5);
  const Time claimed = now() - std::chrono::minutes(10);
  const status::testing::StatusSigner platform = status::testing::make_status_signer("platform");
  const std::string code = seal.info().es_id;
  const std::string answer =
      status::testing::signed_answer(platform, code, "cancelled", cancelled_at, now()).dump();
  status::StatusSignerTrust status_trust;
  status_trust.pinned.push_back(platform.cert);
  Time judged_at{};
  const ses::SealStatusCheck status_check = [&](const ses::Seal&, Time at) {
    judged_at = at;
    const Result<status::HttpReply> reply = status::HttpReply{200, "application/json", answer};
    return status::judge_status_reply(code, "http://platform/api/v1/status/" + code, reply,
                                      status_trust, {}, at, now());
  };

  auto sign_with = [&](bool stamped) {
    const Bytes document = to_bytes(stamped ? "stamped document" : "plain document");
    const crypto::Sm3Digest hash = crypto::sm3(document);
    ses::SignRequest request;
    request.data_hash.assign(hash.begin(), hash.end());
    request.property_info = "document";
    request.signing_time = claimed;
    if (stamped) {
      request.timestamper = [this](ByteView value) { return request_token(url_, value); };
    }
    crypto::SoftSigner signer(id.key);
    auto signature = ses::sign(seal, id.cert, signer, request);
    EXPECT_TRUE(signature.ok()) << signature.error().to_string();
    return *signature;
  };
  ses::SignatureVerifyOptions options;
  options.trust = crypto::TrustStore{{id.root, root_.cert}, {}, {}};
  options.status_check = status_check;

  // The online_status check's detail says whether the cancellation came before or after the
  // time the signature is judged at.
  auto status_detail = [](const ses::VerifyReport& report) {
    for (const ses::Check& check : report.checks()) {
      if (check.name.find("online_status") != std::string::npos) return check.detail;
    }
    return std::string("no online_status check");
  };

  const ses::Signature plain = sign_with(false);
  const ses::VerifyReport plain_report = ses::verify_signature(plain, options);
  EXPECT_TRUE(plain_report.has(ses::kCheckTimestamp, ses::CheckResult::kSkip));
  EXPECT_EQ(to_unix(judged_at), to_unix(claimed));  // the signer's word
  EXPECT_NE(status_detail(plain_report).find("cancelled"), std::string::npos);
  EXPECT_NE(status_detail(plain_report).find("after the signing time " + format_iso8601(claimed)),
            std::string::npos)
      << status_detail(plain_report);

  const ses::Signature stamped = sign_with(true);
  ASSERT_TRUE(stamped.timestamp().has_value());
  const ses::VerifyReport report = ses::verify_signature(stamped, options);
  EXPECT_TRUE(report.has(ses::kCheckTimestamp, ses::CheckResult::kPass));
  EXPECT_GT(judged_at, cancelled_at);  // judged at the TSA's genTime
  EXPECT_FALSE(report.valid());
  EXPECT_TRUE(report.has("seal.online_status", ses::CheckResult::kFail)) << status_detail(report);
  EXPECT_NE(status_detail(report).find("before the signing time " + format_iso8601(judged_at)),
            std::string::npos)
      << status_detail(report);
}

// A timestamp from a TSA the verifier does not trust makes the SES signature invalid.
TEST_F(TsaEmbedTest, SesTimestampFromAnUntrustedTsaFailsTheSignature) {
  const pdf::testing::Identity id = pdf::testing::make_identity();
  const ses::Seal seal =
      pdf::testing::make_seal_for(id, pdf::testing::make_png(40, 40, 220, 0, 0), "png");
  const crypto::Sm3Digest hash = crypto::sm3(to_bytes("doc"));
  ses::SignRequest request;
  request.data_hash.assign(hash.begin(), hash.end());
  request.property_info = "doc";
  request.timestamper = [this](ByteView value) { return request_token(url_, value); };
  crypto::SoftSigner signer(id.key);
  auto signature = ses::sign(seal, id.cert, signer, request);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  ses::SignatureVerifyOptions options;
  options.trust = crypto::TrustStore{{id.root}, {}, {}};  // the TSA's root is not here
  const ses::VerifyReport report = ses::verify_signature(*signature, options);
  EXPECT_FALSE(report.valid());
  EXPECT_TRUE(report.has(ses::kCheckTimestamp, ses::CheckResult::kFail));
  options.trust->anchors.push_back(root_.cert);
  EXPECT_TRUE(ses::verify_signature(*signature, options).valid());
}

}  // namespace
}  // namespace gmseal::tsa
