// TLS on every gmseal service, over loopback with real processes: a certificate from the test's
// own CA (EC P-256, tls_material.h). The right CA (--tls-ca) passes, another CA fails closed
// with a clear error, and plain HTTP to the TLS port gets no answer.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "../pdf/pdf_test_support.h"
#include "cli/cli_test_support.h"
#include "ofd/sample_document.h"
#include "service_process.h"
#include "ses/signature.h"
#include "signing_seal.h"
#include "tls_material.h"
#include "util/bytes.h"
#include "util/file_io.h"

namespace gmseal::testing {

namespace {

constexpr const char* kAdminPassword = "Adm1n-Tls-Passw0rd";
constexpr const char* kMakeLine =
    " province province exchange route=/anysign-ess-server-service/gb/seal/make ";

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++found;
  }
  return found;
}

class TlsLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto material = make_tls_material(dir_.path());
    ASSERT_TRUE(material.ok()) << material.error().message;
    tls_ = *material;
  }

  std::vector<std::string> tls_flags() const {
    return {"--tls-cert", tls_.server_cert.string(), "--tls-key", tls_.server_key.string()};
  }

  // GET `path` over https trusting `ca`.
  httplib::Result https_get(int port, const std::filesystem::path& ca, const std::string& path) {
    httplib::Client client("https://127.0.0.1:" + std::to_string(port));
    client.set_ca_cert_path(ca.c_str());
    client.enable_server_certificate_verification(true);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(5, 0);
    return client.Get(path.c_str());
  }

  // The three checks every TLS port passes.
  void expect_tls_only(int port, const std::string& path) {
    auto trusted = https_get(port, tls_.ca, path);
    ASSERT_TRUE(trusted) << httplib::to_string(trusted.error());
    EXPECT_EQ(trusted->status, 200);
    auto untrusted = https_get(port, tls_.other_ca, path);
    EXPECT_FALSE(untrusted);
    if (!untrusted) {
      EXPECT_EQ(untrusted.error(), httplib::Error::SSLServerVerification);
    }
    httplib::Client plain("127.0.0.1", port);
    plain.set_read_timeout(5, 0);
    auto answer = plain.Get(path.c_str());
    EXPECT_FALSE(answer) << "plain HTTP to a TLS port was answered " << answer->status;
  }

  ScratchDir dir_;
  TlsMaterial tls_;
};

TEST_F(TlsLoopbackTest, PlatformServerServesHttpsOnlyAndClientCommandsCheckTheCa) {
  std::vector<std::string> args = {"server", "--data", (dir_.path() / "data").string(),
                                   "--log-file", (dir_.path() / "platform.log").string()};
  for (const std::string& flag : tls_flags()) args.push_back(flag);
  auto server = ServiceProcess::start(
      args, dir_.path() / "out.txt",
      {"GMSEAL_ADMIN_USER=admin", std::string("GMSEAL_ADMIN_PASSWORD=") + kAdminPassword});
  ASSERT_TRUE(server.ok()) << server.error().message;
  expect_tls_only((*server)->port(), "/healthz");
  EXPECT_NE(read_text(dir_.path() / "out.txt").find("listening on https://"), std::string::npos);

  // `gmseal client`: logs in over https, then asks for an application that does not exist.
  const std::string client =
      "ADMIN_PW='" + std::string(kAdminPassword) + "' '" + GMSEAL_BINARY +
      "' client unblock-ukey --server https://127.0.0.1:" + std::to_string((*server)->port()) +
      " --user admin --password-env ADMIN_PW --application 424242 "
      "--token skf:lib=/nonexistent.so --tls-ca ";
  const CommandResult trusted = dir_.run(client + tls_.ca.string());
  // Logged in over TLS; the made-up application id matches no route.
  EXPECT_NE(trusted.output.find("GET /api/v1/applications/424242: HTTP 404"), std::string::npos)
      << trusted.output;
  const CommandResult untrusted = dir_.run(client + tls_.other_ca.string());
  EXPECT_NE(untrusted.exit_code, 0);
  EXPECT_NE(untrusted.output.find("does not verify against the CA in " + tls_.other_ca.string()),
            std::string::npos)
      << untrusted.output;
  EXPECT_NE(untrusted.output.find("(client.no_reply)"), std::string::npos) << untrusted.output;
  // Without --tls-ca the system store is trusted, which does not hold the test CA.
  const std::string no_ca = client.substr(0, client.size() - std::string("--tls-ca ").size());
  const CommandResult system_store = dir_.run(no_ca);
  EXPECT_NE(system_store.output.find("does not verify against the system CA store"),
            std::string::npos)
      << system_store.output;
  EXPECT_EQ((*server)->stop(), 0);
  // Only the trusted client reached the API.
  const std::string log = read_text(dir_.path() / "platform.log");
  EXPECT_EQ(count(log, "route=/api/v1/session status=200"), 1u) << log;
}

TEST_F(TlsLoopbackTest, ProvinceServesHttpsAndTheAccessKitChecksTheCa) {
  ASSERT_EQ(dir_.gmseal("province init --data prov").exit_code, 0);
  ASSERT_EQ(dir_.gmseal("ca init --dir platca --name PlatformCA").exit_code, 0);
  ASSERT_EQ(dir_.gmseal("key gen --out sys.key.pem").exit_code, 0);
  ASSERT_EQ(dir_.gmseal("cert issue --ca platca --profile system --name Platform --key "
                        "sys.key.pem --out sys.cert.pem")
                .exit_code,
            0);
  const CommandResult registered = dir_.gmseal(
      "province register --data prov --system-cert sys.cert.pem --org-code 91350100M000100Y43 "
      "--org-name Platform --service-url https://127.0.0.1/anysign-ess-server-service --out "
      "reg.der");
  ASSERT_EQ(registered.exit_code, 0) << registered.output;
  std::vector<std::string> args = {"province",   "serve",
                                   "--data",     (dir_.path() / "prov").string(),
                                   "--log-file", (dir_.path() / "province.log").string()};
  for (const std::string& flag : tls_flags()) args.push_back(flag);
  auto province = ServiceProcess::start(args, dir_.path() / "out.txt");
  ASSERT_TRUE(province.ok()) << province.error().message;
  const std::string url = "https://127.0.0.1:" + std::to_string((*province)->port());
  expect_tls_only((*province)->port(), "/anysign-ess-server-service/gb/seal/revocationList");

  const std::string kit = "access-test province --url " + url +
                          " --registration reg.der --key sys.key.pem --cert sys.cert.pem "
                          "--tls-ca ";
  const CommandResult trusted = dir_.gmseal(kit + tls_.ca.string());
  EXPECT_EQ(trusted.exit_code, 0) << trusted.output;
  EXPECT_NE(trusted.output.find(" 0 FAIL, 0 SKIP"), std::string::npos) << trusted.output;
  const std::size_t made_before = count(read_text(dir_.path() / "province.log"), kMakeLine);
  EXPECT_GT(made_before, 0u);
  // Against another CA every exchange fails before a byte of the request is sent.
  const CommandResult untrusted = dir_.gmseal(kit + tls_.other_ca.string());
  EXPECT_NE(untrusted.exit_code, 0);
  EXPECT_NE(untrusted.output.find("make.valid"), std::string::npos) << untrusted.output;
  EXPECT_NE(untrusted.output.find("error province.client.http"), std::string::npos)
      << untrusted.output;
  EXPECT_EQ((*province)->stop(), 0);
  EXPECT_EQ(count(read_text(dir_.path() / "province.log"), kMakeLine), made_before);
}

// Every command that asks a TSA (ts query, sign ofd, sign pdf, seal make) takes --tls-ca: with
// the right CA it gets its token, with another it fails closed and writes nothing.
TEST_F(TlsLoopbackTest, TsaServesHttpsAndEveryTsaClientChecksTheCa) {
  std::vector<std::string> args = {"tsa", "serve", "--data", (dir_.path() / "tsa").string(),
                                   "--demo"};
  for (const std::string& flag : tls_flags()) args.push_back(flag);
  auto tsa = ServiceProcess::start(args, dir_.path() / "out.txt");
  ASSERT_TRUE(tsa.ok()) << tsa.error().message;
  const std::string url = "https://127.0.0.1:" + std::to_string((*tsa)->port()) + "/tsa";
  const std::string query =
      "ts query --url " + url + " --digest " + std::string(64, 'a') + " --out reply.tsr --tls-ca ";
  const CommandResult trusted = dir_.gmseal(query + tls_.ca.string());
  EXPECT_EQ(trusted.exit_code, 0) << trusted.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "reply.tsr"));
  std::filesystem::remove(dir_.path() / "reply.tsr");
  const CommandResult untrusted = dir_.gmseal(query + tls_.other_ca.string());
  EXPECT_NE(untrusted.exit_code, 0);
  EXPECT_NE(untrusted.output.find("does not verify against the CA in"), std::string::npos)
      << untrusted.output;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "reply.tsr"));

  // A maker, a signer and a seal to sign with; the documents.
  for (const std::string& step :
       {std::string("ca init --dir ca --name TsaTlsRoot"), std::string("key gen --out maker.key"),
        std::string("cert issue --ca ca --profile maker --name Maker --key maker.key --out "
                    "maker.pem"),
        std::string("key gen --out signer.key"),
        std::string("cert issue --ca ca --profile personal --name 张三 --id 430102198503151236 "
                    "--key signer.key --out signer.pem")}) {
    const CommandResult made = dir_.gmseal(step);
    ASSERT_EQ(made.exit_code, 0) << step << "\n" << made.output;
  }
  ASSERT_TRUE(
      write_file_atomic(dir_.path() / "stamp.png", pdf::testing::make_png(64, 64, 200, 0, 0)).ok());
  auto ofd = ofd::make_sample_document({{"甲方（盖章）", "TLS to the TSA"}}, now());
  ASSERT_TRUE(ofd.ok()) << ofd.error().to_string();
  ASSERT_TRUE(write_file_atomic(dir_.path() / "doc.ofd", *ofd).ok());
  ASSERT_TRUE(write_file_atomic(dir_.path() / "doc.pdf", pdf::testing::make_simple_pdf(1)).ok());

  const std::string seal_make =
      "seal make --format v5 --maker-key maker.key --maker-cert maker.pem --signer-cert signer.pem "
      "--picture stamp.png --es-id 43010000000123 --name 测试章 --tsa " +
      url;
  const std::string sign = " --seal seal.esl --key signer.key --cert signer.pem --tsa " + url;
  // Each command, the file it writes.
  const std::vector<std::pair<std::string, std::string>> commands = {
      {seal_make + " --out seal.esl", "seal.esl"},
      {"sign ofd --in doc.ofd --out signed.ofd --page 1 --x 100 --y 100" + sign, "signed.ofd"},
      {"sign pdf --in doc.pdf --out signed.pdf --keyword contract" + sign, "signed.pdf"},
  };
  for (const auto& [command, output] : commands) {
    const CommandResult wrong = dir_.gmseal(command + " --tls-ca " + tls_.other_ca.string());
    EXPECT_NE(wrong.exit_code, 0) << command << "\n" << wrong.output;
    EXPECT_NE(wrong.output.find("(tsa.http.unreachable)"), std::string::npos) << command << "\n"
                                                                              << wrong.output;
    EXPECT_FALSE(std::filesystem::exists(dir_.path() / output)) << command;
    const CommandResult right = dir_.gmseal(command + " --tls-ca " + tls_.ca.string());
    ASSERT_EQ(right.exit_code, 0) << command << "\n" << right.output;
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / output)) << command;
  }
  // The timestamps are there: the signed OFD verifies with its token checked against the TSA.
  const CommandResult verdict =
      dir_.gmseal("verify signed.ofd --json --trust ca/ca.cert.pem --trust tsa/tsa-root.pem");
  const nlohmann::json report = nlohmann::json::parse(verdict.output, nullptr, false);
  ASSERT_TRUE(report.is_object()) << verdict.output;
  ASSERT_EQ(report["signatures"].size(), 1u) << verdict.output;
  EXPECT_EQ(report["signatures"][0]["signedAt"].value("source", ""), "tsa") << verdict.output;
}

// signing serve: https only (right CA passes, another fails closed, plain HTTP gets nothing),
// and its own TSA client trusts --tls-ca: every signature carries the https TSA's token, and
// with another CA the use is refused rather than made without one.
TEST_F(TlsLoopbackTest, SigningServiceServesHttpsAndTrustsTheCaForItsTsa) {
  std::vector<std::string> tsa_args = {"tsa", "serve", "--data", (dir_.path() / "tsa").string(),
                                       "--demo"};
  for (const std::string& flag : tls_flags()) tsa_args.push_back(flag);
  auto tsa = ServiceProcess::start(tsa_args, dir_.path() / "tsa-out.txt");
  ASSERT_TRUE(tsa.ok()) << tsa.error().message;
  const std::string tsa_url = "https://127.0.0.1:" + std::to_string((*tsa)->port()) + "/tsa";
  const auto start = [&](const std::filesystem::path& ca) {
    std::vector<std::string> args = {
        "signing", "serve", "--demo",   "--data",   (dir_.path() / "signing").string(),
        "--tsa",   tsa_url, "--tls-ca", ca.string()};
    for (const std::string& flag : tls_flags()) args.push_back(flag);
    return ServiceProcess::start(
        args, dir_.path() / "signing-out.txt",
        {"GMSEAL_ADMIN_USER=admin", std::string("GMSEAL_ADMIN_PASSWORD=") + kAdminPassword});
  };
  const auto https_client = [&](int port) {
    auto client = std::make_unique<httplib::Client>("https://127.0.0.1:" + std::to_string(port));
    client->set_ca_cert_path(tls_.ca.c_str());
    client->enable_server_certificate_verification(true);
    client->set_read_timeout(60, 0);
    return client;
  };
  const nlohmann::json digest = {{"sealCode", "HNGMSL43010200000001"},
                                 {"digest", std::string(64, 'b')}};

  auto signing = start(tls_.ca);
  ASSERT_TRUE(signing.ok()) << signing.error().message;
  expect_tls_only((*signing)->port(), "/healthz");
  EXPECT_NE(read_text(dir_.path() / "signing-out.txt").find("listening on https://"),
            std::string::npos);
  auto client = https_client((*signing)->port());
  auto code = prepare_signing_seal(*client, dir_, kAdminPassword);
  ASSERT_TRUE(code.ok()) << code.error().message;
  auto signer = log_in(*client, "signer", kAdminPassword);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  auto stamped = post_json(*client, "/api/v1/sign/digest", digest, *signer);
  ASSERT_TRUE(stamped);
  ASSERT_EQ(stamped->status, 200) << stamped->body;
  auto der = base64_decode(nlohmann::json::parse(stamped->body).value("signature", ""));
  ASSERT_TRUE(der.ok());
  auto signature = ses::Signature::parse(*der);
  ASSERT_TRUE(signature.ok()) << signature.error().to_string();
  EXPECT_TRUE(signature->timestamp().has_value());
  EXPECT_EQ((*signing)->stop(), 0);

  // The same service trusting another CA: the TSA's certificate fails, and so does the use.
  signing = start(tls_.other_ca);
  ASSERT_TRUE(signing.ok()) << signing.error().message;
  client = https_client((*signing)->port());
  signer = log_in(*client, "signer", kAdminPassword);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  auto refused = post_json(*client, "/api/v1/sign/digest", digest, *signer);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503) << refused->body;
  const nlohmann::json error = nlohmann::json::parse(refused->body, nullptr, false);
  EXPECT_EQ(error.value("code", ""), "tsa.http.unreachable") << refused->body;
  EXPECT_EQ(nlohmann::json::parse(refused->body).count("signature"), 0u);
  EXPECT_EQ((*signing)->stop(), 0);
}

TEST_F(TlsLoopbackTest, IncompleteOrWrongTlsFilesStopTheServiceAtStart) {
  const CommandResult only_cert = dir_.gmseal(
      "tsa serve --data tsa --demo --listen 127.0.0.1:0 "
      "--tls-cert " +
      tls_.server_cert.string());
  EXPECT_NE(only_cert.exit_code, 0);
  EXPECT_NE(only_cert.output.find("(net.tls.incomplete)"), std::string::npos) << only_cert.output;
  // The other CA's key does not belong to the server certificate.
  const CommandResult mismatch =
      dir_.gmseal("province serve --data prov --listen 127.0.0.1:0 --tls-cert " +
                  tls_.server_cert.string() + " --tls-key " + (dir_.path() / "other.key").string());
  EXPECT_NE(mismatch.exit_code, 0);
  EXPECT_NE(mismatch.output.find("(net.tls.bad_server_files)"), std::string::npos)
      << mismatch.output;
}

}  // namespace
}  // namespace gmseal::testing
