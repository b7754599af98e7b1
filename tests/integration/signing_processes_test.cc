// The end-to-end flow with the real programs, as a unit runs them: `gmseal server --demo`
// (the platform with its in-process provincial emulator and outbox worker) and `gmseal signing
// serve --demo --platform URL` (default status cache, 60 s), both child processes on loopback.
// Request package -> application -> approval -> making -> import -> grant -> a PDF signed by
// keyword and an OFD by position -> both verify with `gmseal verify --status-url` -> the platform
// freezes the seal -> signing is refused within 60 s.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "../pdf/pdf_test_support.h"
#include "../server/sample_application.h"
#include "ofd/sample_document.h"
#include "server_process.h"
#include "signing_loopback.h"

namespace gmseal::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kPlatformAdminPassword = "password platform admin";

// Polls the platform application `id` until it leaves submitted/approved/making (the demo
// server's outbox worker talks to its emulator in the background).
json wait_until_settled(ApiUser& user, const std::string& id) {
  json app;
  for (int i = 0; i < 120; ++i) {
    app = user.get("/api/v1/applications/" + id).body;
    const std::string status = app.value("status", "");
    if (status != "making" && status != "approved" && status != "submitted") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return app;
}

json submit_approve_settle(ApiUser& operator_user, ApiUser& reviewer, const json& body) {
  auto submitted = operator_user.post("/api/v1/applications", body);
  EXPECT_EQ(submitted.status, 201) << submitted.raw;
  const std::string id = submitted.body.value("id", "");
  auto approved = reviewer.post("/api/v1/applications/" + id + "/approve", json::object());
  EXPECT_EQ(approved.status, 200) << approved.raw;
  return wait_until_settled(operator_user, id);
}

TEST(SigningProcessesTest, ServerDemoAndSigningServeRunTheWholeFlow) {
  ScratchDir dir;
  const std::filesystem::path platform_data = dir.path() / "platform";
  ::setenv("GMSEAL_ADMIN_USER", "admin", 1);
  ::setenv("GMSEAL_ADMIN_PASSWORD", kPlatformAdminPassword, 1);
  auto platform =
      ServerProcess::start({"--demo", "--data", platform_data.string()}, dir.path() / "p.log");
  ASSERT_TRUE(platform.ok()) << platform.error().to_string();
  const std::string platform_url = "http://127.0.0.1:" + std::to_string((*platform)->port());

  ::setenv("GMSEAL_ADMIN_PASSWORD", kSigningPassword, 1);
  auto signing = ServerProcess::start(
      {"--demo", "--data", (dir.path() / "signing").string(), "--platform", platform_url},
      dir.path() / "s.log", 60, {"signing", "serve"});
  ASSERT_TRUE(signing.ok()) << signing.error().to_string();
  const std::string signing_url = "http://127.0.0.1:" + std::to_string((*signing)->port());

  // The platform's people: an operator enters, a reviewer approves (four eyes).
  ApiUser platform_admin(platform_url, login(platform_url, "admin", kPlatformAdminPassword));
  for (const auto& [name, role] : {std::pair{"olga", "operator"}, std::pair{"rita", "reviewer"}}) {
    auto made = platform_admin.post(
        "/api/v1/users",
        {{"username", name}, {"password", kPlatformAdminPassword}, {"roles", {role}}});
    ASSERT_EQ(made.status, 201) << made.raw;
  }
  ApiUser operator_user(platform_url, login(platform_url, "olga", kPlatformAdminPassword));
  ApiUser reviewer(platform_url, login(platform_url, "rita", kPlatformAdminPassword));
  ApiUser sealadmin(signing_url, login(signing_url, "sealadmin", kSigningPassword));
  ApiUser signer(signing_url, login(signing_url, "signer", kSigningPassword));

  // 1-3: the request package, the application that files it, making, import.
  auto request =
      sealadmin.post("/api/v1/seal-requests",
                     {{"unit", {{"uscc", valid_uscc()}, {"name", "长沙市示例科技有限公司"}}},
                      {"seal", {{"name", "长沙市示例科技有限公司"}, {"category", "01"}}}});
  ASSERT_EQ(request.status, 201) << request.raw;
  const json made =
      submit_approve_settle(operator_user, reviewer,
                            SigningLoopback::application_with(request.body.value("package", "")));
  ASSERT_EQ(made.value("status", ""), "ready") << made.dump();
  const std::string code = made.value("sealCode", "");
  httplib::Client platform_client(platform_url);
  auto esl = platform_client.Get(("/api/v1/seals/" + code + "/download").c_str(),
                                 {{"Authorization", "Bearer " + operator_user.token()}});
  ASSERT_TRUE(esl && esl->status == 200);
  auto imported = sealadmin.post_raw("/api/v1/seals/import", esl->body, "application/octet-stream");
  ASSERT_EQ(imported.status, 201) << imported.raw;
  auto granted = sealadmin.post("/api/v1/grants",
                                {{"username", "signer"},
                                 {"sealCode", code},
                                 {"notBefore", format_iso8601(now() - std::chrono::hours(1))},
                                 {"notAfter", format_iso8601(now() + std::chrono::hours(1))},
                                 {"kinds", {"pdf", "ofd", "digest"}}});
  ASSERT_EQ(granted.status, 201) << granted.raw;

  // 4: a PDF by keyword, an OFD by position.
  const Bytes pdf = pdf::testing::make_simple_pdf(1);
  auto signed_pdf = signer.post_raw("/api/v1/sign/pdf?sealCode=" + code + "&keyword=contract",
                                    std::string(pdf.begin(), pdf.end()), "application/pdf");
  ASSERT_EQ(signed_pdf.status, 200) << signed_pdf.raw;
  std::ofstream(dir.path() / "signed.pdf", std::ios::binary) << signed_pdf.raw;
  auto ofd = ofd::make_sample_document({{"合同 contract"}}, now());
  ASSERT_TRUE(ofd.ok()) << ofd.error().to_string();
  auto signed_ofd = signer.post(
      "/api/v1/sign/ofd",
      {{"sealCode", code}, {"document", base64_encode(*ofd)}, {"page", 1}, {"x", 60}, {"y", 80}});
  ASSERT_EQ(signed_ofd.status, 200) << signed_ofd.raw;
  std::ofstream(dir.path() / "signed.ofd", std::ios::binary) << signed_ofd.raw;
  for (const char* name : {"signed.pdf", "signed.ofd"}) {
    auto verdict = dir.gmseal(std::string("verify ") + name + " --status-url " + platform_url +
                              "/api/v1/status --status-cert " +
                              (platform_data / "system.cert.pem").string() + " --json");
    ASSERT_EQ(verdict.exit_code, 0) << verdict.output;
    const json report = json::parse(verdict.output);
    std::string online = "absent";
    for (const json& check : report["signatures"][0]["checks"]) {
      if (check.value("name", "") == "seal.online_status") online = check.value("result", "");
    }
    EXPECT_EQ(online, "pass") << name << ": " << verdict.output;
  }

  // The platform freezes the seal; with the default status cache signing stops within 60 s.
  const json frozen = submit_approve_settle(
      operator_user, reviewer, {{"kind", "freeze"}, {"sealCode", code}, {"reason", "e2e"}});
  ASSERT_EQ(frozen.value("status", ""), "ready") << frozen.dump();
  // The promise is about when a request starts: one that starts 60 s or more after the freeze
  // is refused. When the refusal arrives also depends on the poll interval and on how long each
  // request takes on a loaded machine, so the test bounds the start of the last accepted request.
  const auto frozen_at = Clock::now();
  auto last_accepted_start = frozen_at;
  int last_status = 0;
  std::string last_code;
  while (Clock::now() - frozen_at < std::chrono::seconds(75)) {
    const auto started = Clock::now();
    auto attempt = signer.post_raw("/api/v1/sign/pdf?sealCode=" + code + "&keyword=contract",
                                   std::string(pdf.begin(), pdf.end()), "application/pdf");
    last_status = attempt.status;
    last_code = attempt.body.is_object() ? attempt.body.value("code", "") : "";
    if (last_status != 200) break;
    last_accepted_start = started;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  const auto accepted_until =
      std::chrono::duration_cast<std::chrono::milliseconds>(last_accepted_start - frozen_at);
  std::cout << "the last request accepted after the freeze started " << accepted_until.count()
            << " ms after it\n";
  EXPECT_EQ(last_status, 403);
  EXPECT_EQ(last_code, "signing.seal.not_in_force");
  EXPECT_LT(accepted_until, std::chrono::seconds(60))
      << "a request started " << accepted_until.count() << " ms after the freeze was still signed";
}

}  // namespace
}  // namespace gmseal::testing
