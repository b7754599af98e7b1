// `gmseal tsa serve --demo` as a real process on loopback, asked by `gmseal ts query` and by
// requests that `openssl ts -query -sm3` made; replies printed by `openssl ts -reply -text` and
// checked by `gmseal ts verify`; and a TSA whose key lives in a crypto device (--token).
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include "cli_test_support.h"

namespace gmseal::testing {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class TsaCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const CommandResult started =
        dir_.run(std::string("'") + GMSEAL_BINARY +
                 "' tsa serve --demo --data tsa-data --listen 127.0.0.1:0 --port-file port "
                 "--accuracy-ms 500 > serve.log 2>&1 & echo $! > serve.pid");
    ASSERT_EQ(started.exit_code, 0) << started.output;
    pid_ = std::stoi(read_text(dir_.path() / "serve.pid"));
    for (int i = 0; i < 600 && port_.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const std::string text = read_text(dir_.path() / "port");
      if (!text.empty() && text.back() == '\n') port_ = text.substr(0, text.size() - 1);
    }
    ASSERT_FALSE(port_.empty()) << read_text(dir_.path() / "serve.log");
    url_ = "http://127.0.0.1:" + port_ + "/tsa";
    std::ofstream(dir_.path() / "document.txt") << "a document to timestamp\n";
  }
  void TearDown() override {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
  }
  ScratchDir dir_;
  int pid_ = 0;
  std::string port_, url_;
};

TEST_F(TsaCliTest, QueryThenVerifyWithNonceAndCertificate) {
  CommandResult r =
      dir_.gmseal("ts query --in document.txt --url " + url_ + " --out t.tsr --nonce --cert-req");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("granted"), std::string::npos) << r.output;
  r = dir_.gmseal("ts verify t.tsr --in document.txt --trust tsa-data/tsa-root.pem");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("VALID"), std::string::npos) << r.output;
  r = dir_.gmseal("ts verify t.tsr --in document.txt --trust tsa-data/tsa-root.pem --json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"valid\": true"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"accuracy\": \"500ms\""), std::string::npos) << r.output;

  r = dir_.gmseal("ts show t.tsr");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Status: granted"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("gmseal Demo TSA"), std::string::npos) << r.output;
  r = dir_.gmseal("ts show t.tsr --json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"signatureAlgorithm\": \"1.2.156.10197.1.501\""), std::string::npos)
      << r.output;
}

TEST_F(TsaCliTest, VerifyFailsForAnotherFileAndAnotherRoot) {
  ASSERT_EQ(
      dir_.gmseal("ts query --in document.txt --url " + url_ + " --out t.tsr --cert-req").exit_code,
      0);
  std::ofstream(dir_.path() / "other.txt") << "something else\n";
  CommandResult r = dir_.gmseal("ts verify t.tsr --in other.txt --trust tsa-data/tsa-root.pem");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("fails at imprint"), std::string::npos) << r.output;
  ASSERT_EQ(dir_.gmseal("ca init --dir other-ca --name 'Other Root'").exit_code, 0);
  r = dir_.gmseal("ts verify t.tsr --in document.txt --trust other-ca/ca.cert.pem");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("fails at tsa_certificate"), std::string::npos) << r.output;
}

TEST_F(TsaCliTest, WithoutCertReqTheCertificateComesFromTheCommandLine) {
  ASSERT_EQ(dir_.gmseal("ts query --in document.txt --url " + url_ + " --out t.tsr").exit_code, 0);
  CommandResult r = dir_.gmseal("ts verify t.tsr --in document.txt --trust tsa-data/tsa-root.pem");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  r = dir_.gmseal(
      "ts verify t.tsr --in document.txt --trust tsa-data/tsa-root.pem --cert "
      "tsa-data/tsa.cert.pem");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(TsaCliTest, OpensslSm3RequestsAreAnsweredAndOpensslPrintsTheReply) {
  for (const char* hash : {"-sm3", "-sha256", "-sha384"}) {
    SCOPED_TRACE(hash);
    CommandResult r = dir_.run(std::string("openssl ts -query -data document.txt ") + hash +
                               " -cert -out req.tsq");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = dir_.gmseal("ts query --request req.tsq --url " + url_ + " --out reply.tsr");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = dir_.run("openssl ts -reply -in reply.tsr -text");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("Status: Granted."), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("0x01F4 millis"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("Nonce: unspecified"), std::string::npos) << r.output;
    // openssl's nonce comes back, and the token verifies with gmseal against the document.
    r = dir_.run("openssl ts -query -in req.tsq -text");
    ASSERT_EQ(r.exit_code, 0);
    r = dir_.gmseal("ts verify reply.tsr --in document.txt --trust tsa-data/tsa-root.pem");
    EXPECT_EQ(r.exit_code, 0) << r.output;
  }
  // curl as the HTTP client, exactly as RFC 3161 §3.4 describes the exchange.
  CommandResult r = dir_.run(
      "openssl ts -query -data document.txt -sm3 -cert -out req.tsq && curl -s -S "
      "-H 'Content-Type: application/timestamp-query' --data-binary @req.tsq -o curl.tsr " +
      url_ + " && openssl ts -reply -in curl.tsr -text");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Status: Granted."), std::string::npos) << r.output;
}

TEST_F(TsaCliTest, RefusalsAreRfc3161Rejections) {
  // SHA-1 is not accepted: badAlg.
  CommandResult r = dir_.run("openssl ts -query -data document.txt -sha1 -out sha1.tsq");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = dir_.gmseal("ts query --request sha1.tsq --url " + url_ + " --out sha1.tsr");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  r = dir_.run("openssl ts -reply -in sha1.tsr -text");
  EXPECT_NE(r.output.find("Status: Rejected."), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("unrecognized or unsupported algorithm identifier"), std::string::npos)
      << r.output;
  r = dir_.gmseal("ts show sha1.tsr --json");
  EXPECT_NE(r.output.find("\"failInfo\": \"badAlg\""), std::string::npos) << r.output;

  r = dir_.run("openssl ts -query -data document.txt -sm3 -tspolicy 1.2.3.4 -out policy.tsq");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = dir_.gmseal("ts query --request policy.tsq --url " + url_ + " --out policy.tsr");
  EXPECT_EQ(r.exit_code, 1);
  r = dir_.gmseal("ts show policy.tsr");
  EXPECT_NE(r.output.find("rejection (unacceptedPolicy)"), std::string::npos) << r.output;

  std::ofstream(dir_.path() / "junk.tsq") << "junk";
  r = dir_.gmseal("ts query --request junk.tsq --url " + url_ + " --out junk.tsr");
  EXPECT_EQ(r.exit_code, 1);
  r = dir_.gmseal("ts show junk.tsr");
  EXPECT_NE(r.output.find("rejection (badDataFormat)"), std::string::npos) << r.output;
  // The TSA is still alive after the junk.
  r = dir_.gmseal("ts query --in document.txt --url " + url_ + " --out t.tsr");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(TsaCliTest, SerialsContinueAfterARestart) {
  ASSERT_EQ(dir_.gmseal("ts query --in document.txt --url " + url_ + " --out a.tsr").exit_code, 0);
  ::kill(pid_, SIGTERM);
  // The restarted TSA must find the serial state the first one left: wait until it is gone.
  for (int i = 0; i < 200 && ::kill(pid_, 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  pid_ = 0;
  port_.clear();  // the new process listens on a new port
  std::filesystem::remove(dir_.path() / "port");
  SetUp();
  ASSERT_EQ(dir_.gmseal("ts query --in document.txt --url " + url_ + " --out b.tsr").exit_code, 0);
  const CommandResult a = dir_.gmseal("ts show a.tsr --json");
  const CommandResult b = dir_.gmseal("ts show b.tsr --json");
  auto serial = [](const std::string& json) {
    const auto at = json.find("\"serialNumber\": \"");
    return at == std::string::npos ? std::string()
                                   : json.substr(at + 17, json.find('"', at + 17) - at - 17);
  };
  ASSERT_FALSE(serial(a.output).empty()) << a.output;
  EXPECT_NE(serial(a.output), serial(b.output));
  EXPECT_GT(std::stoull(serial(b.output), nullptr, 16), std::stoull(serial(a.output), nullptr, 16));
}

// The TSA key in a crypto device (--token sdf:...): generated in gmseal's soft SDF device,
// certified for timestamping by an outside CA, and used through SDF_InternalSign_ECC. A
// certificate for another key is refused at start, not discovered by the first relying party.
TEST(TsaTokenTest, AKeyInACryptoDeviceSignsTheTokens) {
  ScratchDir dir;
  const std::string sdf_env = "GMSEAL_SDF_ROOT=" + (dir.path() / "sdf").string();
  const auto run = [&](const std::string& arguments) {
    return dir.run(sdf_env + " '" + GMSEAL_BINARY + "' " + arguments);
  };
  CommandResult r =
      run("token sdf init --root sdf --index 1 --password device-pass "
          "--kdf-iterations 1000");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r =
      run("token sdf gen-key --root sdf --index 4 --password tsa-key-pass --kdf-iterations 1000 "
          "--pubout tsa.pub.pem");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(run("ca init --dir ca --name 'Device TSA Root'").exit_code, 0);
  r =
      run("cert issue --ca ca --profile tsa --name 'Device TSA' --id 91350100M000100Y43 --pubkey "
          "tsa.pub.pem --out tsa.cert.pem");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(run("key gen --out other.key.pem").exit_code, 0);
  r =
      run("cert issue --ca ca --profile tsa --name 'Other TSA' --id 91350100M000100Y43 --key "
          "other.key.pem --out other.cert.pem");
  ASSERT_EQ(r.exit_code, 0) << r.output;

  const std::string token =
      std::string("'sdf:lib=") + GMSEAL_SDF_LIBRARY + ";index=4;pin=tsa-key-pass'";
  r = run("tsa serve --data refused --listen 127.0.0.1:0 --token " + token +
          " --cert other.cert.pem");
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("tsa.bad_certificate"), std::string::npos) << r.output;

  const pid_t pid = spawn_logged(
      {GMSEAL_BINARY, "tsa", "serve", "--data", (dir.path() / "tsa-data").string(), "--listen",
       "127.0.0.1:0", "--port-file", (dir.path() / "port").string(), "--token",
       std::string("sdf:lib=") + GMSEAL_SDF_LIBRARY + ";index=4;pin=tsa-key-pass", "--cert",
       (dir.path() / "tsa.cert.pem").string()},
      dir.path() / "serve.log", {sdf_env});
  ASSERT_GT(pid, 0);
  std::string port;
  for (int i = 0; i < 600 && port.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::string text = read_text(dir.path() / "port");
    if (!text.empty() && text.back() == '\n') port = text.substr(0, text.size() - 1);
  }
  ASSERT_FALSE(port.empty()) << read_text(dir.path() / "serve.log");
  std::ofstream(dir.path() / "document.txt") << "sealed by a device key\n";
  r = dir.gmseal("ts query --in document.txt --url http://127.0.0.1:" + port +
                 "/tsa --out t.tsr --nonce --cert-req");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = dir.gmseal("ts verify t.tsr --in document.txt --trust ca/ca.cert.pem --json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"valid\": true"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Device TSA"), std::string::npos) << r.output;
  EXPECT_EQ(terminate_child(pid), 0) << read_text(dir.path() / "serve.log");
}

}  // namespace
}  // namespace gmseal::testing
