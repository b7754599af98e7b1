// `gmseal server` and `gmseal signing serve` with --log-file --log-level: one line per request
// (route pattern, method, status, duration, user, client address) and never a secret, whatever
// the requests carry.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "cli/cli_test_support.h"
#include "service_process.h"
#include "signing_seal.h"

namespace gmseal::testing {
namespace {

constexpr const char* kAdminPassword = "Adm1n-Secret-Passw0rd";

std::vector<std::string> admin_env() {
  return {"GMSEAL_ADMIN_USER=admin", std::string("GMSEAL_ADMIN_PASSWORD=") + kAdminPassword};
}

httplib::Result post(httplib::Client& client, const std::string& path, const nlohmann::json& body,
                     const std::string& token = {}) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return client.Post(path.c_str(), headers, body.dump(), "application/json");
}

TEST(ServiceLogTest, RequestLinesNameRouteStatusUserAndClientButNoSecret) {
  ScratchDir dir;
  const auto log = dir.path() / "platform.log";
  auto server = ServiceProcess::start({"server", "--data", (dir.path() / "data").string(),
                                       "--log-file", log.string(), "--log-level", "trace"},
                                      dir.path() / "out.txt", admin_env());
  ASSERT_TRUE(server.ok()) << server.error().message;
  httplib::Client client("127.0.0.1", (*server)->port());

  const std::string wrong_password = "Wr0ng-Guess-4711";
  const std::string new_user_password = "N3w-User-Secret-99";
  const std::string pin = "135792468";
  const std::string forged_token = "Forged-Token-0042";
  const std::string query_secret = "Query-Secret-Passw0rd";

  auto bad = post(client, "/api/v1/session", {{"username", "admin"}, {"password", wrong_password}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  auto session =
      post(client, "/api/v1/session", {{"username", "admin"}, {"password", kAdminPassword}});
  ASSERT_TRUE(session);
  ASSERT_EQ(session->status, 200) << session->body;
  const std::string token = nlohmann::json::parse(session->body).at("token");
  auto created = post(
      client, "/api/v1/users",
      {{"username", "clerk"}, {"password", new_user_password}, {"roles", {"operator"}}}, token);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  // A PIN in a body, a forged bearer token, a secret in a query string.
  auto pin_request = post(client, "/api/v1/seals/GMSL43010200000001/ukey-delivery",
                          {{"userPin", pin}, {"adminPin", pin}}, token);
  ASSERT_TRUE(pin_request);
  auto forged = client.Get("/api/v1/me", {{"Authorization", "Bearer " + forged_token}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  auto me = client.Get(("/api/v1/me?password=" + query_secret).c_str(),
                       {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ((*server)->stop(), 0);

  const std::string text = read_text(log);
  for (const std::string& line :
       {std::string("http method=POST route=/api/v1/session status=401 ms="),
        std::string("http method=POST route=/api/v1/session status=200 ms="),
        std::string("http method=POST route=/api/v1/users status=201 ms="),
        std::string("http method=GET route=/api/v1/me status=401 ms="),
        std::string("http method=GET route=/api/v1/me status=200 ms=")}) {
    EXPECT_NE(text.find(line), std::string::npos) << "no line with '" << line << "' in:\n" << text;
  }
  EXPECT_NE(text.find("status=201 ms="), std::string::npos);
  EXPECT_NE(text.find("user=admin client=127.0.0.1"), std::string::npos) << text;
  EXPECT_NE(text.find(" warning platform http method=GET route=/api/v1/me status=401"),
            std::string::npos)
      << "401 is logged at warn: " << text;
  for (const std::string& secret : {std::string(kAdminPassword), wrong_password, new_user_password,
                                    pin, forged_token, query_secret, token, token.substr(0, 12)}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "the log holds the secret " << secret;
  }
}

// The signing service handles passwords, API keys, its master passphrase and the sealed access
// passwords of seal keys: a day of its work (log-ins good and bad, a user and an API key made, a
// seal requested, imported, granted, used, a use refused) leaves none of them in its log.
TEST(ServiceLogTest, SigningServiceLogsItsWorkButNoSecret) {
  ScratchDir dir;
  const auto log = dir.path() / "signing.log";
  const std::string master_passphrase = "Master-Passphrase-8642";
  std::vector<std::string> env = admin_env();
  env.push_back("GMSEAL_MASTER_PASSPHRASE=" + master_passphrase);
  auto service =
      ServiceProcess::start({"signing", "serve", "--demo", "--data", (dir.path() / "data").string(),
                             "--log-file", log.string(), "--log-level", "trace"},
                            dir.path() / "out.txt", env);
  ASSERT_TRUE(service.ok()) << service.error().message;
  httplib::Client client("127.0.0.1", (*service)->port());

  const std::string wrong_password = "Wr0ng-Signer-Guess-13";
  const std::string new_user_password = "N3w-Clerk-Secret-77";
  const std::string pin = "97531864";
  const std::string key_password = "Key-Passw0rd-In-A-Body";
  const std::string query_secret = "Query-Secret-Signing";

  auto bad =
      post_json(client, "/api/v1/session", {{"username", "signer"}, {"password", wrong_password}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  auto admin = log_in(client, "admin", kAdminPassword);
  ASSERT_TRUE(admin.ok()) << admin.error().message;
  auto created = post_json(
      client, "/api/v1/users",
      {{"username", "clerk"}, {"password", new_user_password}, {"roles", {"signer"}}}, *admin);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  auto api_key =
      post_json(client, "/api/v1/api-keys", {{"username", "clerk"}, {"label", "erp"}}, *admin);
  ASSERT_TRUE(api_key);
  ASSERT_EQ(api_key->status, 201) << api_key->body;
  const std::string key = nlohmann::json::parse(api_key->body).value("key", "");
  ASSERT_FALSE(key.empty());
  auto by_key = client.Get(("/api/v1/me?password=" + query_secret).c_str(), {{"X-API-Key", key}});
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->status, 200) << by_key->body;

  auto code = prepare_signing_seal(client, dir, kAdminPassword);
  ASSERT_TRUE(code.ok()) << code.error().message;
  auto signer = log_in(client, "signer", kAdminPassword);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  // A PIN and a key password in the body are no part of the API; they must not be echoed.
  const nlohmann::json sign_body = {{"sealCode", *code},
                                    {"digest", std::string(64, 'a')},
                                    {"pin", pin},
                                    {"keyPassword", key_password}};
  auto signed_digest = post_json(client, "/api/v1/sign/digest", sign_body, *signer);
  ASSERT_TRUE(signed_digest);
  EXPECT_EQ(signed_digest->status, 200) << signed_digest->body;
  // clerk holds no grant of the seal: refused (and audited), with the same secrets aboard.
  auto refused = client.Post("/api/v1/sign/digest", {{"X-API-Key", key}}, sign_body.dump(),
                             "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << refused->body;
  EXPECT_EQ(nlohmann::json::parse(refused->body).value("code", ""), "grant.none");
  EXPECT_EQ((*service)->stop(), 0);

  const std::string text = read_text(log);
  for (const std::string& line :
       {std::string(" signing http method=POST route=/api/v1/session status=401 ms="),
        std::string("http method=POST route=/api/v1/seal-requests status=201 ms="),
        std::string("http method=POST route=/api/v1/seals/import status=201 ms="),
        std::string("http method=POST route=/api/v1/grants status=201 ms="),
        std::string("http method=POST route=/api/v1/sign/digest status=200 ms="),
        std::string("http method=POST route=/api/v1/sign/digest status=403 ms=")}) {
    EXPECT_NE(text.find(line), std::string::npos) << "no line with '" << line << "' in:\n" << text;
  }
  for (const std::string& secret : {std::string(kAdminPassword), wrong_password, new_user_password,
                                    master_passphrase, pin, key_password, query_secret, key,
                                    key.substr(0, 12), *admin, *signer, admin->substr(0, 12)}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "the log holds the secret " << secret;
  }
  for (const std::string& label : {std::string("password="), std::string("pin=")}) {
    EXPECT_EQ(text.find(label), std::string::npos) << label << " in:\n" << text;
  }
}

// Held seal codes are the maker's esIDs (seal_vault.h): another maker's form (32 hex digits,
// as the ofdrw seals) is imported and named in routes; one that no route could name is refused.
TEST(SigningSealCodeTest, ImportTakesTheCodesItsRoutesCanName) {
  ScratchDir dir;
  auto service = ServiceProcess::start(
      {"signing", "serve", "--demo", "--data", (dir.path() / "data").string()},
      dir.path() / "out.txt", admin_env());
  ASSERT_TRUE(service.ok()) << service.error().message;
  httplib::Client client("127.0.0.1", (*service)->port());
  auto refused = prepare_signing_seal(client, dir, kAdminPassword, "51f044b7-6510-434e");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("\"code\":\"signing.import.bad_seal\""), std::string::npos)
      << refused.error().message;
  const std::string hex_code = "51f044b76510434e9bc67a1185c2fba5";
  auto held = prepare_signing_seal(client, dir, kAdminPassword, hex_code);
  ASSERT_TRUE(held.ok()) << held.error().message;
  auto token = log_in(client, "signer", kAdminPassword);
  ASSERT_TRUE(token.ok());
  auto image = client.Get(("/api/v1/seals/" + hex_code + "/image").c_str(),
                          {{"Authorization", "Bearer " + *token}});
  ASSERT_TRUE(image);
  EXPECT_EQ(image->status, 200) << image->body;
  EXPECT_EQ(image->get_header_value("Content-Type"), "image/png");
}

TEST(ServiceLogTest, LevelWarnKeepsRefusalsAndDropsInfoLines) {
  ScratchDir dir;
  const auto log = dir.path() / "platform.log";
  auto server = ServiceProcess::start({"server", "--data", (dir.path() / "data").string(),
                                       "--log-file", log.string(), "--log-level", "warn"},
                                      dir.path() / "out.txt", admin_env());
  ASSERT_TRUE(server.ok()) << server.error().message;
  httplib::Client client("127.0.0.1", (*server)->port());
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto bad = post(client, "/api/v1/session", {{"username", "admin"}, {"password", "nope"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ((*server)->stop(), 0);
  const std::string text = read_text(log);
  EXPECT_EQ(text.find("route=/healthz"), std::string::npos) << text;
  EXPECT_NE(text.find("route=/api/v1/session status=401"), std::string::npos) << text;
}

TEST(ServiceLogTest, UnknownLevelIsAUsageError) {
  ScratchDir dir;
  for (const char* command : {"server --data d", "province serve --data d --listen 127.0.0.1:0",
                              "tsa serve --data d --demo"}) {
    const CommandResult run = dir.gmseal(std::string(command) + " --log-level loud");
    EXPECT_NE(run.exit_code, 0) << command;
    EXPECT_NE(run.output.find("--log-level"), std::string::npos) << command << ": " << run.output;
  }
}

TEST(ServiceLogTest, TsaServeWritesItsRequestLinesToTheLogFile) {
  ScratchDir dir;
  const auto log = dir.path() / "tsa.log";
  auto tsa = ServiceProcess::start({"tsa", "serve", "--data", (dir.path() / "tsa").string(),
                                    "--demo", "--log-file", log.string()},
                                   dir.path() / "out.txt");
  ASSERT_TRUE(tsa.ok()) << tsa.error().message;
  httplib::Client client("127.0.0.1", (*tsa)->port());
  auto refused = client.Post("/tsa", "not a query", "text/plain");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*tsa)->stop(), 0);
  const std::string text = read_text(log);
  EXPECT_NE(text.find(" tsa http method=POST route=/tsa status=" + std::to_string(refused->status)),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace gmseal::testing
