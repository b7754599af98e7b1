// `gmseal server --log-file --log-level`: one line per request (route pattern, method, status,
// duration, user, client address) and never a secret, whatever the requests carry.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "cli/cli_test_support.h"
#include "service_process.h"

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
