// TLS on every gmseal service, over loopback with real processes: a certificate from the test's
// own CA (EC P-256, tls_material.h). The right CA (--tls-ca) passes, another CA fails closed
// with a clear error, and plain HTTP to the TLS port gets no answer.
#include <gtest/gtest.h>
#include <httplib.h>

#include "cli/cli_test_support.h"
#include "service_process.h"
#include "tls_material.h"

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

TEST_F(TlsLoopbackTest, TsaServesHttpsAndTsQueryChecksTheCa) {
  std::vector<std::string> args = {"tsa", "serve", "--data", (dir_.path() / "tsa").string(),
                                   "--demo"};
  for (const std::string& flag : tls_flags()) args.push_back(flag);
  auto tsa = ServiceProcess::start(args, dir_.path() / "out.txt");
  ASSERT_TRUE(tsa.ok()) << tsa.error().message;
  const std::string query = "ts query --url https://127.0.0.1:" + std::to_string((*tsa)->port()) +
                            "/tsa --digest " + std::string(64, 'a') + " --out reply.tsr --tls-ca ";
  const CommandResult trusted = dir_.gmseal(query + tls_.ca.string());
  EXPECT_EQ(trusted.exit_code, 0) << trusted.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "reply.tsr"));
  std::filesystem::remove(dir_.path() / "reply.tsr");
  const CommandResult untrusted = dir_.gmseal(query + tls_.other_ca.string());
  EXPECT_NE(untrusted.exit_code, 0);
  EXPECT_NE(untrusted.output.find("does not verify against the CA in"), std::string::npos)
      << untrusted.output;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "reply.tsr"));
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
