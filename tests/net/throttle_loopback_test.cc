// Log-in throttling of a real `gmseal server` over loopback: 5 bad passwords for one user, or
// 20 from one address, within a minute answer 429 auth.throttled with Retry-After, and a good
// password during the lockout is refused too.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "cli/cli_test_support.h"
#include "service_process.h"

namespace gmseal::testing {
namespace {

constexpr const char* kAdminPassword = "Adm1n-Throttle-Passw0rd";

class ThrottleLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = ServiceProcess::start(
        {"server", "--data", (dir_.path() / "data").string()}, dir_.path() / "out.txt",
        {"GMSEAL_ADMIN_USER=admin", std::string("GMSEAL_ADMIN_PASSWORD=") + kAdminPassword});
    ASSERT_TRUE(started.ok()) << started.error().message;
    server_ = std::move(*started);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  httplib::Result login(const std::string& user, const std::string& password) {
    return client_->Post("/api/v1/session",
                         nlohmann::json{{"username", user}, {"password", password}}.dump(),
                         "application/json");
  }

  // Expects a throttled answer; returns its Retry-After seconds.
  int expect_throttled(const httplib::Result& answer) {
    EXPECT_TRUE(answer);
    if (!answer) return -1;
    EXPECT_EQ(answer->status, 429) << answer->body;
    const auto body = nlohmann::json::parse(answer->body, nullptr, false);
    EXPECT_EQ(body.value("code", ""), "auth.throttled") << answer->body;
    EXPECT_TRUE(answer->has_header("Retry-After"));
    const int seconds = std::atoi(answer->get_header_value("Retry-After").c_str());
    EXPECT_GE(seconds, 1);
    EXPECT_LE(seconds, 60);
    return seconds;
  }

  ScratchDir dir_;
  std::unique_ptr<ServiceProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ThrottleLoopbackTest, FiveBadPasswordsForOneUserLockItEvenAgainstTheRightPassword) {
  // A second user, made before the lockout, is not affected by it.
  auto session = login("admin", kAdminPassword);
  ASSERT_TRUE(session);
  ASSERT_EQ(session->status, 200);
  const std::string token = nlohmann::json::parse(session->body).at("token");
  auto created = client_->Post(
      "/api/v1/users", {{"Authorization", "Bearer " + token}},
      nlohmann::json{
          {"username", "clerk"}, {"password", "Clerk-Passw0rd-1"}, {"roles", {"operator"}}}
          .dump(),
      "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;

  for (int i = 0; i < 5; ++i) {
    auto bad = login("admin", "guess-" + std::to_string(i));
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 401) << "attempt " << i;
  }
  expect_throttled(login("admin", "guess-5"));
  expect_throttled(login("admin", kAdminPassword));
  auto clerk = login("clerk", "Clerk-Passw0rd-1");
  ASSERT_TRUE(clerk);
  EXPECT_EQ(clerk->status, 200) << clerk->body;
  // The session made before the lockout still works: throttling guards the log-in only.
  auto me = client_->Get("/api/v1/me", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
}

TEST_F(ThrottleLoopbackTest, TwentyBadLogInsFromOneAddressLockEveryName) {
  for (int i = 0; i < 20; ++i) {
    auto bad = login("ghost" + std::to_string(i), "guess");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 401) << "attempt " << i;
  }
  expect_throttled(login("admin", kAdminPassword));
  expect_throttled(login("someone-new", "guess"));
}

}  // namespace
}  // namespace gmseal::testing
