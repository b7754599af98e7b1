// Revocation as the gmseal binary judges it: a certificate revoked after a seal was made (or a
// document was signed) did not stop that seal or signature from being good; one revoked before
// did. The CRLs are issued now, after the seals and signatures, as they are in real life.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_test_support.h"
#include "crypto/crl.h"
#include "ofd/sample_document.h"
#include "ses/ses_fixture.h"
#include "util/file_io.h"

namespace gmseal::ses {
namespace {

using gmseal::testing::CommandResult;
using gmseal::testing::ScratchDir;
using std::chrono::hours;
using testing::pki;

// The one check named `name` in a verdict's "checks".
nlohmann::json find_check(const nlohmann::json& checks, const std::string& name) {
  for (const auto& check : checks) {
    if (check["name"] == name) return check;
  }
  return nullptr;
}

class RevocationCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write("maker.key.pem", pki().maker.key.to_pem());
    write("maker.cert.pem", pki().maker.cert.pem());
    write("signer.key.pem", pki().signer.key.to_pem());
    write("signer.cert.pem", pki().signer.cert.pem());
    write("root.pem", pki().root.cert.pem());
    ASSERT_TRUE(
        write_file_atomic(dir_.path() / "stamp.png", std::string_view("\x89PNG fake")).ok());
  }
  void write(const std::string& name, const std::string& text) {
    ASSERT_TRUE(write_file_atomic(dir_.path() / name, text).ok());
  }
  // A seal whose createDate (and validity start) is `created`.
  void make_seal(const std::string& out, Time created) {
    const std::string at = format_iso8601(created);
    const CommandResult made = dir_.gmseal(
        "seal make --maker-key maker.key.pem --maker-cert maker.cert.pem --signer-cert "
        "signer.cert.pem --picture stamp.png --es-id 43010000000123 --name 测试章 --created " +
        at + " --valid-from " + at + " --out " + out);
    ASSERT_EQ(made.exit_code, 0) << made.output;
  }
  // A CRL of the fixture root, issued now, listing `revoked` (certificate, revocationDate).
  void write_crl(const std::string& name,
                 const std::vector<std::pair<crypto::Certificate, Time>>& revoked,
                 Time this_update = now(), Time next_update = now() + std::chrono::days(7),
                 const crypto::Sm2PrivateKey* signing_key = nullptr) {
    std::vector<crypto::RevokedEntry> entries;
    for (const auto& [cert, at] : revoked) entries.push_back({cert.serial_hex(), at, 1});
    crypto::SoftSigner signer(signing_key != nullptr ? *signing_key : pki().root.key);
    auto crl = crypto::issue_crl(pki().root.cert, signer, entries, this_update, next_update, 7);
    ASSERT_TRUE(crl.ok()) << crl.error().to_string();
    write(name, crl->pem());
  }
  nlohmann::json verify_json(const std::string& args, int expected_exit) {
    const CommandResult r = dir_.gmseal(args + " --json");
    EXPECT_EQ(r.exit_code, expected_exit) << args << "\n" << r.output;
    return nlohmann::json::parse(r.output, nullptr, false);
  }
  ScratchDir dir_;
};

TEST_F(RevocationCliTest, SealVerifyJudgesTheMakerCertificateAtCreateDate) {
  const Time revoked_at = now() - hours(2);
  make_seal("before.esl", now() - hours(3));  // made while the maker certificate was good
  make_seal("after.esl", now() - hours(1));   // made after it was revoked
  write_crl("crl.pem", {{pki().maker.cert, revoked_at}});

  auto good = verify_json("seal verify before.esl --trust root.pem --crl crl.pem", 0);
  EXPECT_EQ(good["valid"], true);
  EXPECT_EQ(good["trusted"], true);
  const auto maker = find_check(good["checks"], "maker_certificate");
  EXPECT_EQ(maker["result"], "warn") << maker;
  EXPECT_NE(
      maker["detail"].get<std::string>().find("revoked later, on " + format_iso8601(revoked_at)),
      std::string::npos)
      << maker;

  auto bad = verify_json("seal verify after.esl --trust root.pem --crl crl.pem", 1);
  EXPECT_EQ(bad["valid"], false);
  const auto failed = find_check(bad["checks"], "maker_certificate");
  EXPECT_EQ(failed["result"], "fail") << failed;
  EXPECT_NE(
      failed["detail"].get<std::string>().find("was revoked at " + format_iso8601(revoked_at)),
      std::string::npos)
      << failed;

  // An unrevoked certificate with a fresh CRL: a plain pass, no note.
  write_crl("empty.pem", {});
  auto clean = verify_json("seal verify after.esl --trust root.pem --crl empty.pem", 0);
  EXPECT_EQ(find_check(clean["checks"], "maker_certificate")["result"], "pass") << clean;

  // A CRL whose nextUpdate has passed is reported as stale, not refused.
  write_crl("stale.pem", {}, now() - std::chrono::days(8), now() - std::chrono::days(1));
  auto stale = verify_json("seal verify after.esl --trust root.pem --crl stale.pem", 0);
  const auto stale_check = find_check(stale["checks"], "maker_certificate");
  EXPECT_EQ(stale_check["result"], "warn");
  EXPECT_NE(stale_check["detail"].get<std::string>().find("stale"), std::string::npos)
      << stale_check;

  // A CRL under the root's name not signed by the root still fails.
  write_crl("forged.pem", {}, now(), now() + std::chrono::days(7), &pki().maker.key);
  auto forged = verify_json("seal verify before.esl --trust root.pem --crl forged.pem", 1);
  EXPECT_NE(find_check(forged["checks"], "maker_certificate")["detail"].get<std::string>().find(
                "crypto.chain.crl_invalid"),
            std::string::npos)
      << forged;

  // cert verify --at agrees with the seal verdicts.
  const CommandResult at_create =
      dir_.gmseal("cert verify maker.cert.pem --trust root.pem --crl crl.pem --at " +
                  format_iso8601(now() - hours(3)));
  EXPECT_EQ(at_create.exit_code, 0) << at_create.output;
  EXPECT_NE(at_create.output.find("warning: "), std::string::npos) << at_create.output;
  EXPECT_EQ(dir_.gmseal("cert verify maker.cert.pem --trust root.pem --crl crl.pem --at " +
                        format_iso8601(now() - hours(1)))
                .exit_code,
            1);
}

TEST_F(RevocationCliTest, DocumentSignedBeforeRevocationStaysValid) {
  make_seal("seal.esl", now() - hours(5));
  auto doc = ofd::make_sample_document({{"甲方（盖章）", "Hello OFD"}}, now());
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(write_file_atomic(dir_.path() / "doc.ofd", *doc).ok());
  const auto sign_at = [&](const std::string& out, Time at) {
    const CommandResult r =
        dir_.gmseal("sign ofd --in doc.ofd --out " + out +
                    " --seal seal.esl --key signer.key.pem --cert signer.cert.pem --page 1 --x 100 "
                    "--y 100 --time " +
                    format_iso8601(at));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  };
  sign_at("before.ofd", now() - hours(3));
  sign_at("after.ofd", now() - hours(1));
  const Time revoked_at = now() - hours(2);
  write_crl("crl.pem", {{pki().signer.cert, revoked_at}});

  auto good = verify_json("verify before.ofd --trust root.pem --crl crl.pem", 0);
  ASSERT_EQ(good["signatures"].size(), 1u) << good;
  EXPECT_EQ(good["valid"], true);
  const auto signer = find_check(good["signatures"][0]["checks"], "signer_certificate");
  EXPECT_EQ(signer["result"], "warn") << signer;
  EXPECT_NE(signer["detail"].get<std::string>().find("revoked later"), std::string::npos) << signer;

  auto bad = verify_json("verify after.ofd --trust root.pem --crl crl.pem", 1);
  ASSERT_EQ(bad["signatures"].size(), 1u) << bad;
  EXPECT_EQ(bad["valid"], false);
  const auto failed = find_check(bad["signatures"][0]["checks"], "signer_certificate");
  EXPECT_EQ(failed["result"], "fail") << failed;
  EXPECT_NE(failed["detail"].get<std::string>().find("crypto.chain.revoked"), std::string::npos)
      << failed;
}

}  // namespace
}  // namespace gmseal::ses
