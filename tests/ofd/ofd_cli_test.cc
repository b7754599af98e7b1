// The gmseal binary on OFD files: sign ofd, verify, seal extract; exit codes and outputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_test_support.h"
#include "ofd/package.h"
#include "ofd/package_writer.h"
#include "ofd/sample_document.h"
#include "ofd_test_util.h"
#include "ses/ses_fixture.h"
#include "util/file_io.h"

namespace gmseal::ofd {
namespace {

using gmseal::testing::ScratchDir;

class OfdCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& pki = ses::testing::pki();
    ASSERT_TRUE(write_file_atomic(dir_.path() / "key.pem", pki.signer.key.to_pem()).ok());
    ASSERT_TRUE(write_file_atomic(dir_.path() / "cert.pem", pki.signer.cert.pem()).ok());
    ASSERT_TRUE(write_file_atomic(dir_.path() / "root.pem", pki.root.cert.pem()).ok());
    ASSERT_TRUE(
        write_file_atomic(dir_.path() / "seal.esl", ses::testing::make_test_seal().der()).ok());
    auto doc = make_sample_document({{"甲方（盖章）", "Hello OFD"}, {"乙方（盖章）"}}, now());
    ASSERT_TRUE(doc.ok());
    ASSERT_TRUE(write_file_atomic(dir_.path() / "doc.ofd", *doc).ok());
  }
  gmseal::testing::CommandResult sign(const std::string& in, const std::string& out,
                                      const std::string& position) {
    return dir_.gmseal("sign ofd --in " + in + " --out " + out +
                       " --seal seal.esl --key key.pem --cert cert.pem " + position);
  }
  ScratchDir dir_;
};

TEST_F(OfdCli, SealsAtPositionKeywordAndRidingThenVerifies) {
  auto r = sign("doc.ofd", "a.ofd", "--page 1 --x 100 --y 120");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = sign("a.ofd", "b.ofd", "--keyword 甲方 --occurrence all");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = sign("b.ofd", "c.ofd", "--riding --side left --mode final");
  ASSERT_EQ(r.exit_code, 0) << r.output;

  r = dir_.gmseal("verify c.ofd");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("VALID, not trusted (3 signature(s))"), std::string::npos) << r.output;
  r = dir_.gmseal("verify c.ofd --trust root.pem --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json verdict = nlohmann::json::parse(r.output);
  EXPECT_EQ(verdict["valid"], true);
  EXPECT_EQ(verdict["trusted"], true);
  ASSERT_EQ(verdict["signatures"].size(), 3u);
  EXPECT_EQ(verdict["signatures"][2]["stamps"].size(), 2u);

  // Final mode closed the document.
  r = sign("c.ofd", "d.ofd", "--page 1 --x 50 --y 50");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("ofd.sign.document_closed"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "d.ofd"));
}

TEST_F(OfdCli, TamperedPageMakesVerifyExitOneNamingTheFile) {
  ASSERT_EQ(sign("doc.ofd", "a.ofd", "--page 1 --x 100 --y 120").exit_code, 0);
  auto package = Package::open_file(dir_.path() / "a.ofd");
  ASSERT_TRUE(package.ok());
  const std::string page = "/Doc_0/Pages/Page_0/Content.xml";
  std::string content = to_string(*package->read(page));
  content.replace(content.find("Hello"), 5, "HELLO");
  auto tampered = rewrite_package(*package, {FileWrite{page, to_bytes(content)}}, now());
  ASSERT_TRUE(write_file_atomic(dir_.path() / "t.ofd", *tampered).ok());
  const auto r = dir_.gmseal("verify t.ofd");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("[fail] references: changed after signing: " + page), std::string::npos)
      << r.output;
}

TEST_F(OfdCli, DigitalSignatureAndSealExtraction) {
  ASSERT_EQ(sign("doc.ofd", "a.ofd", "--page 1 --x 100 --y 120").exit_code, 0);
  auto r = dir_.gmseal("sign ofd --in a.ofd --out b.ofd --key key.pem --cert cert.pem --digital");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = dir_.gmseal("verify b.ofd --trust root.pem");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("(Sign)"), std::string::npos);
  r = dir_.gmseal("seal extract b.ofd --out seals");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "seals" / "seal-1.esl")) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "seals" / "seal-1.png")) << r.output;
}

TEST_F(OfdCli, DigitalSignatureRefusesSealOnlyOptions) {
  // A Type="Sign" signature has no picture to stamp: each seal-only option is a usage error
  // naming it, and nothing is written.
  const std::string base =
      "sign ofd --in doc.ofd --out d.ofd --key key.pem --cert cert.pem --digital ";
  for (const std::string extra :
       {"--page 1 --x 50 --y 50", "--keyword 甲方", "--riding", "--riding --side left",
        "--seal seal.esl", "--occurrence all", "--trust root.pem"}) {
    const auto r = dir_.gmseal(base + extra);
    EXPECT_EQ(r.exit_code, 2) << extra << ": " << r.output;
    EXPECT_NE(r.output.find("cli.usage"), std::string::npos) << extra << ": " << r.output;
    EXPECT_NE(r.output.find(extra.substr(0, extra.find(' '))), std::string::npos)
        << extra << ": " << r.output;
    EXPECT_NE(r.output.find("--digital makes an invisible Type=\"Sign\" signature"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / "d.ofd")) << extra;
  }
  const auto plain = dir_.gmseal(base);
  EXPECT_EQ(plain.exit_code, 0) << plain.output;
}

TEST_F(OfdCli, BadInputsAreUsageErrorsAndLeaveNoOutput) {
  ASSERT_TRUE(write_file_atomic(dir_.path() / "junk.ofd", std::string_view("not a zip")).ok());
  auto r = dir_.gmseal("verify junk.ofd");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("ofd.package.not_zip"), std::string::npos) << r.output;
  r = sign("doc.ofd", "out.ofd", "--keyword 丙方");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("ofd.place.keyword_not_found"), std::string::npos) << r.output;
  r = sign("doc.ofd", "out.ofd", "--page 9 --x 1 --y 1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  r = sign("doc.ofd", "out.ofd", "");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "out.ofd"));
}

TEST_F(OfdCli, VendorSealAndPkcs12KeyStore) {
  GMSEAL_REQUIRE_TESTDATA("keys/ofdrw-user.p12");
  const std::string data = std::string(GMSEAL_TESTDATA_DIR);
  auto r =
      dir_.gmseal("sign ofd --in '" + data + "/ofd/unsigned-helloworld.ofd' --out h.ofd --seal '" +
                  data + "/seals/ofdrw-v4.esl' --key '" + data +
                  "/keys/ofdrw-user.p12' --pass 777777 --keyword OFD --time 2021-06-01T08:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = dir_.gmseal("verify h.ofd");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = dir_.gmseal("verify '" + data + "/ofd/oesplugin-zibo-tampered.ofd'");
  EXPECT_EQ(r.exit_code, 1) << r.output;
}

TEST_F(OfdCli, KeywordOnARealInvoiceLandsOnTheText) {
  GMSEAL_REQUIRE_TESTDATA("ofd/gomain-bw-invoice.ofd");
  GMSEAL_REQUIRE_TESTDATA("keys/ofdrw-user.p12");
  const std::string data = std::string(GMSEAL_TESTDATA_DIR);
  // The buyer's name "科游迈利有限公司" is one TextCode with DeltaX="3.175" DeltaY="0" in a
  // TextObject at (36, 30), Size 3.175, baseline Y 4.4875: "有限公司" spans x 48.7..61.4 and
  // y 31.3125..34.4875, so a 40 mm seal centred on it has Boundary "35.05 12.9 40 40". The
  // invoice's own signature is kept (continue mode); ours is the second.
  auto r =
      dir_.gmseal("sign ofd --in '" + data + "/ofd/gomain-bw-invoice.ofd' --out kw.ofd --seal '" +
                  data + "/seals/ofdrw-v4.esl' --key '" + data +
                  "/keys/ofdrw-user.p12' --pass 777777 --keyword 有限公司 --occurrence 1 "
                  "--time 2021-06-01T08:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto package = Package::open_file(dir_.path() / "kw.ofd");
  ASSERT_TRUE(package.ok()) << package.error().to_string();
  auto xml = package->read("/Doc_0/Signs/Sign_1/Signature.xml");
  ASSERT_TRUE(xml.ok()) << xml.error().to_string();
  EXPECT_NE(to_string(*xml).find("Boundary=\"35.05 12.9 40 40\""), std::string::npos)
      << to_string(*xml);
  r = dir_.gmseal("verify kw.ofd");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace gmseal::ofd
