// Real files from other producers (../shared/testdata, README verdicts): seals and the
// SignedValue.dat / Seal.esl inside the OFD samples.
#include <gtest/gtest.h>

#include "ses/sign.h"
#include "ses/signature.h"
#include "ses/testdata.h"
#include "ses/verify_seal.h"
#include "ses/verify_signature.h"

namespace gmseal::ses {
namespace {

using testing::testdata_file;
using testing::testdata_zip_entry;

std::string dump(const VerifyReport& report) {
  std::string text;
  for (const Check& c : report.checks()) {
    text += "  " + c.name + " " + std::string(to_string(c.result)) + ": " + c.detail + "\n";
  }
  return text;
}

CheckResult result_of(const VerifyReport& report, std::string_view name) {
  const Check* check = report.find(name);
  EXPECT_NE(check, nullptr) << "no check " << name;
  return check != nullptr ? check->result : CheckResult::kSkip;
}

Time at(const char* generalized) { return *parse_generalized_time(generalized); }

TEST(TestdataSealTest, OfdrwV4MakerSignatureValidOverSealInfo) {
  GMSEAL_REQUIRE_TESTDATA();
  auto seal = Seal::parse(testdata_file("seals/ofdrw-v4.esl"));
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  EXPECT_EQ(seal->format(), Format::kV4);
  EXPECT_EQ(seal->info().header.vid, "OFDR&WTest");
  EXPECT_EQ(seal->info().picture.type, "PNG");
  EXPECT_EQ(seal->info().picture.width_mm, 40);
  // Inside its window (2020-04-22 .. 2022-04-22): every check passes, untrusted (no chain).
  SealVerifyOptions options;
  options.at = at("20210101000000Z");
  const VerifyReport report = verify_seal(*seal, options);
  EXPECT_TRUE(report.valid()) << dump(report);
  EXPECT_FALSE(report.trusted());
  EXPECT_EQ(result_of(report, kCheckMakerSignature), CheckResult::kPass) << dump(report);
  EXPECT_EQ(result_of(report, kCheckMakerCertificate), CheckResult::kPass) << dump(report);
  // Today the seal is past validEnd: only the window check fails.
  const VerifyReport today = verify_seal(*seal);
  EXPECT_EQ(today.failed(), std::vector<std::string>{"seal_validity"}) << dump(today);
}

TEST(TestdataSealTest, OfdrwV4EncodesByteForByte) {
  GMSEAL_REQUIRE_TESTDATA();
  const Bytes file = testdata_file("seals/ofdrw-v4.esl");
  auto seal = Seal::parse(file);
  ASSERT_TRUE(seal.ok());
  auto encoded = seal->encode();
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, file);
}

TEST(TestdataSealTest, OfdrwV1MakerSignatureValidOverV1Sequence) {
  GMSEAL_REQUIRE_TESTDATA();
  auto seal = Seal::parse(testdata_file("seals/ofdrw-v1.esl"));
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  EXPECT_EQ(seal->format(), Format::kV1);
  SealVerifyOptions options;
  options.at = at("20210101000000Z");
  const VerifyReport report = verify_seal(*seal, options);
  EXPECT_EQ(result_of(report, kCheckMakerSignature), CheckResult::kPass) << dump(report);
  EXPECT_TRUE(report.valid()) << dump(report);
  EXPECT_EQ(seal->encode().error().code, "ses.seal.v1_read_only");
}

TEST(TestdataSealTest, OfdrwV5MakerSignatureValidOverSealInfo) {
  GMSEAL_REQUIRE_TESTDATA();
  const Bytes file = testdata_file("seals/ofdrw-v5.esl");
  auto seal = Seal::parse(file);
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  EXPECT_EQ(seal->format(), Format::kV5);
  EXPECT_EQ(seal->info().header.version, 5);
  SealVerifyOptions options;
  options.at = at("20270101000000Z");
  const VerifyReport report = verify_seal(*seal, options);
  EXPECT_EQ(result_of(report, kCheckMakerSignature), CheckResult::kPass) << dump(report);
  EXPECT_EQ(result_of(report, kCheckSealValidity), CheckResult::kPass) << dump(report);
  // ofdrw made this seal in 2026 with its test maker certificate that expired in 2022.
  EXPECT_EQ(report.failed(), std::vector<std::string>{"maker_certificate"}) << dump(report);
  EXPECT_EQ(*seal->encode(), file);
}

TEST(TestdataSealTest, HebeiGedeMakerSignatureFailsUnderEitherConvention) {
  GMSEAL_REQUIRE_TESTDATA();
  auto seal = Seal::parse(testdata_file("seals/hebeigede-v4-bad-maker-sig.der"));
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  EXPECT_EQ(seal->format(), Format::kV4);
  EXPECT_EQ(seal->info().picture.type, "GIF");
  EXPECT_EQ(seal->info().ext_datas.size(), 3u);
  EXPECT_EQ(seal->info().property.certs.size(), 2u);
  SealVerifyOptions options;
  options.at = at("20210101000000Z");
  const VerifyReport report = verify_seal(*seal, options);
  EXPECT_FALSE(report.valid());
  EXPECT_EQ(result_of(report, kCheckMakerSignature), CheckResult::kFail) << dump(report);
  // The maker certificate expired in 2019, before the seal's createDate (2020-10-13).
  EXPECT_EQ(result_of(report, kCheckMakerCertificate), CheckResult::kFail) << dump(report);
}

struct OfdSignatureCase {
  const char* ofd;
  const char* entry;
  bool valid;  // without the document hash (the OFD verifier checks that)
};

class TestdataSignatureTest : public ::testing::TestWithParam<OfdSignatureCase> {};

TEST_P(TestdataSignatureTest, Verdict) {
  GMSEAL_REQUIRE_TESTDATA();
  const OfdSignatureCase c = GetParam();
  const Bytes der = testdata_zip_entry(std::string("ofd/") + c.ofd, c.entry);
  ASSERT_FALSE(der.empty()) << c.ofd << " " << c.entry;
  auto sig = Signature::parse(der);
  ASSERT_TRUE(sig.ok()) << sig.error().to_string();
  const VerifyReport report = verify_signature(*sig);
  EXPECT_EQ(report.valid(), c.valid) << c.ofd << "\n" << dump(report);
  EXPECT_FALSE(report.trusted());
  EXPECT_EQ(result_of(report, kCheckDataHash), CheckResult::kSkip);
}

INSTANTIATE_TEST_SUITE_P(
    Ofd, TestdataSignatureTest,
    ::testing::Values(
        OfdSignatureCase{"kinggrid-gomain-chongqing.ofd", "Doc_0/Signs/Sign_0/SignedValue.dat",
                         true},
        OfdSignatureCase{"gomain-bw-invoice.ofd", "Doc_0/Signs/Sign_0/SignedValue.dat", true},
        OfdSignatureCase{"ofdrw-riding-seal.ofd", "Doc_0/Signs/Sign_0/SignedValue.dat", true},
        OfdSignatureCase{"oesplugin-zibo-tampered.ofd", "Doc_0/Signs/Sign_1/SignedValue.dat", true},
        OfdSignatureCase{"dms360-v1-seal.ofd", "Doc_0/Signs/Sign_0/SignedValue.dat", false}));

}  // namespace
}  // namespace gmseal::ses

namespace gmseal::ses {
namespace {

// Seal.esl inside the OFDs: equals the signature's embedded seal byte for byte, and verifies.
class TestdataOfdSealTest : public ::testing::TestWithParam<const char*> {};

TEST_P(TestdataOfdSealTest, SealEslEqualsEmbeddedSealAndVerifies) {
  GMSEAL_REQUIRE_TESTDATA();
  const std::string ofd = std::string("ofd/") + GetParam();
  std::string dir = "Doc_0/Signs/Sign_0/";
  Bytes esl = testing::testdata_zip_entry(ofd, dir + "Seal.esl");
  if (esl.empty()) {
    dir = "Doc_0/Signs/Sign_1/";
    esl = testing::testdata_zip_entry(ofd, dir + "Seal.esl");
  }
  ASSERT_FALSE(esl.empty());
  auto sig = Signature::parse(testing::testdata_zip_entry(ofd, dir + "SignedValue.dat"));
  ASSERT_TRUE(sig.ok()) << sig.error().to_string();
  EXPECT_EQ(sig->seal().der(), esl);
  auto seal = Seal::parse(esl);
  ASSERT_TRUE(seal.ok()) << seal.error().to_string();
  SealVerifyOptions options;
  options.at = sig->signing_time();
  const VerifyReport report = verify_seal(*seal, options);
  EXPECT_TRUE(report.valid()) << dump(report);
  EXPECT_TRUE(report.has(kCheckMakerSignature, CheckResult::kPass)) << dump(report);
}

INSTANTIATE_TEST_SUITE_P(Ofd, TestdataOfdSealTest,
                         ::testing::Values("dms360-v1-seal.ofd", "oesplugin-zibo-tampered.ofd",
                                           "ofdrw-riding-seal.ofd"));

TEST(TestdataSignatureDetailTest, OesPluginRawSignatureWarns) {
  GMSEAL_REQUIRE_TESTDATA();
  auto sig = Signature::parse(testing::testdata_zip_entry("ofd/oesplugin-zibo-tampered.ofd",
                                                          "Doc_0/Signs/Sign_1/SignedValue.dat"));
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->signature_value().size(), 64u);
  EXPECT_EQ(sig->ext_datas().size(), 1u);  // TBS_Sign extDatas [0] EXPLICIT
  const VerifyReport report = verify_signature(*sig);
  EXPECT_EQ(result_of(report, kCheckSignatureValue), CheckResult::kWarn) << dump(report);
  // A wrong document hash is a failure of data_hash alone.
  SignatureVerifyOptions options;
  options.data_hash = [](const Signature&) -> Result<Bytes> { return Bytes(32, 0); };
  EXPECT_EQ(verify_signature(*sig, options).failed(), std::vector<std::string>{"data_hash"});
}

TEST(TestdataSignatureDetailTest, Dms360V1NamesEachFailingCheck) {
  GMSEAL_REQUIRE_TESTDATA();
  auto sig = Signature::parse(
      testing::testdata_zip_entry("ofd/dms360-v1-seal.ofd", "Doc_0/Signs/Sign_0/SignedValue.dat"));
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig->format(), Format::kV1);
  EXPECT_EQ(sig->seal().format(), Format::kV1);
  ASSERT_TRUE(sig->signing_time().has_value());  // "2020-01-25T07:31:56.377Z" in the BIT STRING
  EXPECT_EQ(format_generalized_time(*sig->signing_time()), "20200125073156Z");
  const VerifyReport report = verify_signature(*sig);
  EXPECT_EQ(result_of(report, kCheckSignatureValue), CheckResult::kFail) << dump(report);
  EXPECT_EQ(result_of(report, kCheckSignerCertificate), CheckResult::kFail) << dump(report);
  EXPECT_EQ(result_of(report, "seal.maker_signature"), CheckResult::kPass) << dump(report);
  EXPECT_EQ(result_of(report, kCheckSignerCertificateMatch), CheckResult::kWarn) << dump(report);
}

TEST(TestdataSignatureDetailTest, SigningWithARealSealIsRefusedForUnlistedSigner) {
  GMSEAL_REQUIRE_TESTDATA();
  auto seal = Seal::parse(testing::testdata_file("seals/ofdrw-v4.esl"));
  ASSERT_TRUE(seal.ok());
  auto key = crypto::Sm2PrivateKey::generate();
  auto cert = crypto::Certificate::parse_any(testing::testdata_file("keys/ofdrw-sign-cert.pem"));
  ASSERT_TRUE(cert.ok());
  crypto::SoftSigner signer(*key);
  SignRequest request;
  request.data_hash = Bytes(32, 1);
  request.property_info = "/Doc_0/Signs/Sign_0/Signature.xml";
  auto result = sign(*seal, *cert, signer, request);
  ASSERT_FALSE(result.ok());
}

}  // namespace
}  // namespace gmseal::ses
