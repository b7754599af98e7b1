// The token commands of the gmseal program end to end, with OpenSSL as the independent verifier.
#include <gtest/gtest.h>

#include "keys/test_support.h"
#include "util/file_io.h"

namespace gmseal::keys {
namespace {

using testing::quote;
using testing::run_command;

class TokenCliTest : public ::testing::Test {
 protected:
  std::string gmseal(const std::string& args) const {
    return "GMSEAL_SKF_ROOT=" + quote(skf_root()) + " GMSEAL_SDF_ROOT=" + quote(sdf_root()) + " " +
           quote(GMSEAL_BINARY) + " " + args;
  }
  std::string path(const std::string& name) const { return (dir_.path() / name).string(); }
  std::string skf_root() const { return path("skf"); }
  std::string sdf_root() const { return path("sdf"); }
  std::string skf_uri(const std::string& pin) const {
    return quote(std::string("skf:lib=") + testing::kSkfLibrary + ";dev=ukey0;con=seal;pin=" + pin);
  }
  testing::CommandResult openssl_verify(const std::string& pub, const std::string& msg,
                                        const std::string& sig) const {
    return run_command("openssl pkeyutl -verify -pubin -inkey " + quote(pub) +
                       " -rawin -digest sm3 -pkeyopt distid:1234567812345678 -in " + quote(msg) +
                       " -sigfile " + quote(sig));
  }
  void expect_ok(const std::string& command) const {
    const auto result = run_command(command);
    EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.output;
  }

  testing::TempDir dir_;
};

TEST_F(TokenCliTest, UkeyLifecycleFromInitToOpensslVerifiedSignature) {
  expect_ok(gmseal("token skf init --root " + quote(skf_root()) +
                   " --label 'CLI key' --admin-pin admin-123456 --user-pin user-1234"
                   " --user-retries 3 --kdf-iterations 1000"));
  expect_ok(gmseal("token gen-key --token " + skf_uri("user-1234") + " --pubout " +
                   quote(path("token-pub.pem"))));
  expect_ok(gmseal("token csr --token " + skf_uri("user-1234") + " --name 'CLI unit' --out " +
                   quote(path("req.pem"))));
  expect_ok(gmseal("ca init --dir " + quote(path("ca")) + " --name 'CLI CA'"));
  expect_ok(gmseal("cert issue --ca " + quote(path("ca")) +
                   " --profile unit --name 'CLI unit' --id 91350100M000100Y43 --csr " +
                   quote(path("req.pem")) + " --out " + quote(path("cert.pem"))));
  expect_ok(gmseal("token import-cert --token " + skf_uri("user-1234") + " --cert " +
                   quote(path("cert.pem"))));
  expect_ok(gmseal("token export-cert --token " + skf_uri("user-1234") + " --out " +
                   quote(path("exported.pem"))));
  EXPECT_EQ(*read_file(path("exported.pem")), *read_file(path("cert.pem")));

  ASSERT_TRUE(write_file_atomic(path("msg"), std::string_view("signed through --token")).ok());
  expect_ok(gmseal("sm2 sign --token " + skf_uri("user-1234") + " --in " + quote(path("msg")) +
                   " --sig " + quote(path("msg.sig"))));
  expect_ok(gmseal("sm2 verify --cert " + quote(path("cert.pem")) + " --in " + quote(path("msg")) +
                   " --sig " + quote(path("msg.sig"))));
  const auto verified = openssl_verify(path("token-pub.pem"), path("msg"), path("msg.sig"));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("Signature Verified Successfully"), std::string::npos);

  // Wrong PINs count down and lock; the exit code is 2 with the SAR name in the message.
  for (int i = 0; i < 3; ++i) {
    const auto wrong = run_command(gmseal("sm2 sign --token " + skf_uri("wrong-pin") + " --in " +
                                          quote(path("msg")) + " --sig " + quote(path("x.sig"))));
    EXPECT_EQ(wrong.exit_code, 2) << wrong.output;
    EXPECT_NE(wrong.output.find(i < 2 ? "SAR_PIN_INCORRECT" : "SAR_PIN_LOCKED"), std::string::npos)
        << wrong.output;
  }
  const auto info = run_command(gmseal("token info --token " + skf_uri("user-1234")));
  EXPECT_NE(info.output.find("user PIN:     0 of 3 tries left (LOCKED)"), std::string::npos)
      << info.output;
  const auto locked = run_command(gmseal("sm2 sign --token " + skf_uri("user-1234") + " --in " +
                                         quote(path("msg")) + " --sig " + quote(path("x.sig"))));
  EXPECT_NE(locked.output.find("keys.skf.pin_locked"), std::string::npos) << locked.output;

  expect_ok(gmseal("token unblock-pin --token " + skf_uri("unused") +
                   " --admin-pin admin-123456 --new-pin user-5678"));
  expect_ok(gmseal("sm2 sign --token " + skf_uri("user-5678") + " --in " + quote(path("msg")) +
                   " --sig " + quote(path("after.sig"))));
  EXPECT_EQ(openssl_verify(path("token-pub.pem"), path("msg"), path("after.sig")).exit_code, 0);

  ::setenv("GMSEAL_CLI_TEST_NEW_PIN", "user-9999", 1);
  expect_ok(gmseal("token change-pin --token " + skf_uri("user-5678") +
                   " --new-pin-env GMSEAL_CLI_TEST_NEW_PIN"));
  EXPECT_EQ(run_command(gmseal("sm2 sign --token " + skf_uri("user-5678") + " --in " +
                               quote(path("msg")) + " --sig " + quote(path("x.sig"))))
                .exit_code,
            2);
  expect_ok(gmseal("sm2 sign --token " + skf_uri("user-9999") + " --in " + quote(path("msg")) +
                   " --sig " + quote(path("x.sig"))));

  // Seal files (a certificate's DER stands in for a seal here; the SES tests store real ones).
  expect_ok("openssl x509 -in " + quote(path("cert.pem")) + " -outform DER -out " +
            quote(path("seal.der")));
  const auto no_admin =
      run_command(gmseal("token write-seal --token " + skf_uri("user-9999") + " --id unit --seal " +
                         quote(path("seal.der")) + " --admin-pin wrong-admin"));
  EXPECT_EQ(no_admin.exit_code, 2);
  expect_ok(gmseal("token write-seal --token " + skf_uri("user-9999") + " --id unit --seal " +
                   quote(path("seal.der")) + " --admin-pin admin-123456"));
  expect_ok(gmseal("token read-seal --token " + skf_uri("") + " --id unit --out " +
                   quote(path("seal-back.der"))));
  EXPECT_EQ(*read_file(path("seal-back.der")), *read_file(path("seal.der")));
  const auto seals = run_command(gmseal("token seals --token " + skf_uri("")));
  EXPECT_EQ(seals.output, "unit\n");
  const auto list = run_command(
      gmseal("token list --token " + quote(std::string("skf:lib=") + testing::kSkfLibrary)));
  EXPECT_NE(list.output.find("container seal (SM2, signing certificate)"), std::string::npos)
      << list.output;
  EXPECT_NE(list.output.find("seal unit"), std::string::npos) << list.output;
}

TEST_F(TokenCliTest, ConcurrentProcessesCountEveryWrongPin) {
  expect_ok(gmseal("token skf init --root " + quote(skf_root()) +
                   " --label par --admin-pin admin-123456 --user-pin user-1234"
                   " --user-retries 15 --kdf-iterations 1000"));
  ASSERT_TRUE(write_file_atomic(path("msg"), std::string_view("m")).ok());
  std::string script;
  for (int i = 0; i < 6; ++i) {
    script += gmseal("token change-pin --token " + skf_uri("bad-pin-" + std::to_string(i)) +
                     " --new-pin whatever-1") +
              " >/dev/null 2>&1 & ";
  }
  script += "wait";
  run_command(script);
  const auto info = run_command(gmseal("token info --token " + skf_uri("x")));
  EXPECT_NE(info.output.find("user PIN:     9 of 15 tries left"), std::string::npos) << info.output;
}

TEST_F(TokenCliTest, SdfDeviceSignsThroughTokenUri) {
  expect_ok(gmseal("token sdf init --root " + quote(sdf_root()) +
                   " --index 2 --password hsm-pass-1 --kdf-iterations 1000"));
  expect_ok(gmseal("token sdf gen-key --root " + quote(sdf_root()) +
                   " --index 3 --password hsm-pass-3 --kdf-iterations 1000 --pubout " +
                   quote(path("pub3.pem"))));
  ASSERT_TRUE(write_file_atomic(path("msg"), std::string_view("centralised signing")).ok());
  const std::string uri =
      quote(std::string("sdf:lib=") + testing::kSdfLibrary + ";index=3;pin=hsm-pass-3");
  expect_ok(gmseal("sm2 sign --token " + uri + " --in " + quote(path("msg")) + " --sig " +
                   quote(path("msg.sig"))));
  const auto verified = openssl_verify(path("pub3.pem"), path("msg"), path("msg.sig"));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  const auto info = run_command(gmseal("token info --token " + uri));
  EXPECT_NE(info.output.find("signing key at index 3"), std::string::npos) << info.output;
  EXPECT_EQ(*read_file(path("pub3.pem")),
            to_bytes(info.output.substr(info.output.find("-----BEGIN PUBLIC KEY"))));
  expect_ok(gmseal("token sdf change-password --root " + quote(sdf_root()) +
                   " --index 3 --password hsm-pass-3 --new-password hsm-pass-33"));
  const auto old = run_command(gmseal("sm2 sign --token " + uri + " --in " + quote(path("msg")) +
                                      " --sig " + quote(path("x.sig"))));
  EXPECT_NE(old.output.find("keys.sdf.wrong_password"), std::string::npos) << old.output;
}

// The SDF equivalents of the UKey commands: a device-level listing without ';index=', and
// clear refusals (naming gmseal's own device admin) where GM/T 0018 has no standard function.
TEST_F(TokenCliTest, SdfDeviceListingAndAdminOnlyOperations) {
  expect_ok(gmseal("token sdf init --root " + quote(sdf_root()) +
                   " --index 2 --password pass-two --kdf-iterations 1000"));
  expect_ok(gmseal("token sdf gen-key --root " + quote(sdf_root()) +
                   " --index 17 --password pass-17 --kdf-iterations 1000"));
  const std::string device = quote(std::string("sdf:lib=") + testing::kSdfLibrary);
  for (const std::string command : {"list", "info"}) {
    const auto listed = run_command(gmseal("token " + command + " --token " + device));
    EXPECT_EQ(listed.exit_code, 0) << listed.output;
    EXPECT_NE(listed.output.find("device:"), std::string::npos) << listed.output;
    EXPECT_NE(listed.output.find("signing keys: 2, 17 (indexes 1..64 probed"), std::string::npos)
        << command << ": " << listed.output;
  }
  // Signing still needs the index.
  ASSERT_TRUE(write_file_atomic(path("msg"), std::string_view("m")).ok());
  const auto no_index = run_command(gmseal("sm2 sign --token " + device + " --in " +
                                           quote(path("msg")) + " --sig " + quote(path("m.sig"))));
  EXPECT_EQ(no_index.exit_code, 2) << no_index.output;
  EXPECT_NE(no_index.output.find("needs the key index: add ';index=N'"), std::string::npos)
      << no_index.output;

  const std::string key5 =
      quote(std::string("sdf:lib=") + testing::kSdfLibrary + ";index=5;pin=pass-five");
  const auto gen = run_command(gmseal("token gen-key --token " + key5));
  EXPECT_EQ(gen.exit_code, 2) << gen.output;
  EXPECT_NE(gen.output.find("GM/T 0018 (SDF) has no standard function to generate a key pair "
                            "and store it at a key index"),
            std::string::npos)
      << gen.output;
  EXPECT_NE(gen.output.find("'gmseal token sdf gen-key --root DIR --index N'"), std::string::npos)
      << gen.output;
  const auto change =
      run_command(gmseal("token change-pin --token " + key5 + " --new-pin pass-5-new"));
  EXPECT_EQ(change.exit_code, 2) << change.output;
  EXPECT_NE(change.output.find("no standard function to change a key's access password"),
            std::string::npos)
      << change.output;
  EXPECT_NE(change.output.find("'gmseal token sdf change-password --root DIR --index N'"),
            std::string::npos)
      << change.output;
  const auto import =
      run_command(gmseal("token import-cert --token " + key5 + " --cert " + quote(path("msg"))));
  EXPECT_EQ(import.exit_code, 2) << import.output;
  EXPECT_NE(import.output.find("'gmseal token import-cert' works on a UKey (skf: URI)"),
            std::string::npos)
      << import.output;
  // Nothing was generated at index 5.
  const auto after = run_command(gmseal("token list --token " + device));
  EXPECT_NE(after.output.find("signing keys: 2, 17 ("), std::string::npos) << after.output;
}

// The seal maker's key in a crypto device: `seal make --token sdf:...` signs the seal there.
TEST_F(TokenCliTest, SealMakerKeyInAnSdfDevice) {
  expect_ok(gmseal("token sdf init --root " + quote(sdf_root()) +
                   " --index 1 --password hsm-pass-1 --kdf-iterations 1000"));
  expect_ok(gmseal("token sdf gen-key --root " + quote(sdf_root()) +
                   " --index 4 --password maker-pass-4 --kdf-iterations 1000 --pubout " +
                   quote(path("maker-pub.pem"))));
  expect_ok(gmseal("ca init --dir " + quote(path("ca")) + " --name 'Seal CA'"));
  expect_ok(gmseal("cert issue --ca " + quote(path("ca")) +
                   " --profile maker --name 'HSM seal maker' --id 91350100M000100Y43 --pubkey " +
                   quote(path("maker-pub.pem")) + " --out " + quote(path("maker.pem"))));
  expect_ok(gmseal("key gen --out " + quote(path("signer.key"))));
  expect_ok(gmseal("cert issue --ca " + quote(path("ca")) +
                   " --profile unit --name 'Seal unit' --id 91350100M000100Y43 --key " +
                   quote(path("signer.key")) + " --out " + quote(path("signer.pem"))));
  ASSERT_TRUE(write_file_atomic(path("seal.svg"),
                                std::string_view("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                                 "width=\"40mm\" height=\"40mm\"/>"))
                  .ok());
  const std::string uri =
      quote(std::string("sdf:lib=") + testing::kSdfLibrary + ";index=4;pin=maker-pass-4");
  const std::string make = "seal make --maker-cert " + quote(path("maker.pem")) +
                           " --signer-cert " + quote(path("signer.pem")) + " --picture " +
                           quote(path("seal.svg")) + " --es-id 43010000000888 --name HSM --out " +
                           quote(path("seal.esl"));
  expect_ok(gmseal(make + " --token " + uri));
  const auto verified = run_command(gmseal("seal verify " + quote(path("seal.esl")) + " --trust " +
                                           quote(path("ca/ca.cert.pem"))));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("pass  maker_signature: SM2 signature verifies"),
            std::string::npos)
      << verified.output;
  // Both a key file and a token, or neither: a usage error naming the option.
  const auto both =
      run_command(gmseal(make + " --token " + uri + " --maker-key " + quote(path("signer.key"))));
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_NE(both.output.find("exactly one of --maker-key and --token"), std::string::npos)
      << both.output;
  EXPECT_EQ(run_command(gmseal(make)).exit_code, 2);
}

}  // namespace
}  // namespace gmseal::keys
