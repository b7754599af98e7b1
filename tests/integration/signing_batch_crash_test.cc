// A `gmseal signing serve` process killed with SIGKILL in the middle of a 200-document batch and
// started again: every document ends signed (and verifiable) or failed with a reason, and the
// audit log holds exactly one use per signed document.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <thread>

#include "../pdf/pdf_test_support.h"
#include "../server/sample_application.h"
#include "pdf/verify.h"
#include "server_process.h"
#include "signing_loopback.h"

namespace gmseal::testing {
namespace {

using nlohmann::json;

constexpr int kDocuments = 200;

TEST(SigningBatchCrashTest, KilledMidBatchEveryDocumentEndsSignedOrFailedNoneTwice) {
  ScratchDir dir;
  PlatformLoopback platform(dir.path() / "platform-side", Engine::kSqlite);
  ASSERT_TRUE(platform.ok()) << platform.error();
  ::setenv("GMSEAL_ADMIN_USER", "admin", 1);
  ::setenv("GMSEAL_ADMIN_PASSWORD", kSigningPassword, 1);
  const std::vector<std::string> args = {"--data", (dir.path() / "signing").string(), "--demo",
                                         "--platform", platform.url()};
  const std::vector<std::string> command = {"signing", "serve"};
  auto process = ServerProcess::start(args, dir.path() / "signing.log", 60, command);
  ASSERT_TRUE(process.ok()) << process.error().to_string();
  std::string url = "http://127.0.0.1:" + std::to_string((*process)->port());

  // A seal: request, application at the platform, import; a grant for the signer.
  ApiUser sealadmin(url, login(url, "sealadmin", kSigningPassword));
  auto request =
      sealadmin.post("/api/v1/seal-requests",
                     {{"unit", {{"uscc", valid_uscc()}, {"name", "长沙市示例科技有限公司"}}},
                      {"seal", {{"name", "长沙市示例科技有限公司"}, {"category", "01"}}}});
  ASSERT_EQ(request.status, 201) << request.raw;
  const json made = platform.run_application(
      SigningLoopback::application_with(request.body.value("package", "")));
  ASSERT_EQ(made.value("status", ""), "ready") << made.dump();
  const std::string code = made["sealCode"];
  auto esl = platform.client().Get(
      ("/api/v1/seals/" + code + "/download").c_str(),
      httplib::Headers{{"Authorization", "Bearer " + platform.operator_token()}});
  ASSERT_TRUE(esl && esl->status == 200);
  ASSERT_EQ(
      sealadmin.post_raw("/api/v1/seals/import", esl->body, "application/octet-stream").status,
      201);
  ASSERT_EQ(
      sealadmin
          .post("/api/v1/grants", {{"username", "signer"},
                                   {"sealCode", code},
                                   {"notBefore", format_iso8601(now() - std::chrono::hours(1))},
                                   {"notAfter", format_iso8601(now() + std::chrono::hours(1))},
                                   {"kinds", {"pdf"}}})
          .status,
      201);

  // 200 documents; three of them are not PDFs and must end "failed".
  json documents = json::array();
  for (int i = 0; i < kDocuments; ++i) {
    const Bytes pdf = pdf::testing::make_simple_pdf(1 + i % 2);
    documents.push_back(
        {{"name", "doc" + std::to_string(i) + ".pdf"},
         {"content", i % 70 == 5 ? base64_encode(to_bytes("not a pdf")) : base64_encode(pdf)}});
  }
  ApiUser signer(url, login(url, "signer", kSigningPassword));
  auto job = signer.post("/api/v1/sign/batch", {{"sealCode", code},
                                                {"kind", "pdf"},
                                                {"position", {{"keyword", "contract"}}},
                                                {"documents", documents}});
  ASSERT_EQ(job.status, 202) << job.raw;
  const std::string id = job.body["id"];

  // Kill the service once some, not all, documents are done.
  int done_before_kill = 0;
  for (int i = 0; i < 2000; ++i) {
    auto progress = signer.get("/api/v1/sign/batch/" + id);
    done_before_kill = progress.body.value("signed", 0) + progress.body.value("failed", 0);
    if (done_before_kill >= 20) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  (*process)->kill_hard();
  EXPECT_GE(done_before_kill, 20);
  EXPECT_LT(done_before_kill, kDocuments) << "the batch finished before the kill";

  // Started again on the same data, the worker finishes the job.
  process = ServerProcess::start(args, dir.path() / "signing.log", 60, command);
  ASSERT_TRUE(process.ok()) << process.error().to_string();
  url = "http://127.0.0.1:" + std::to_string((*process)->port());
  ApiUser signer_again(url, login(url, "signer", kSigningPassword));
  json progress;
  for (int i = 0; i < 3000; ++i) {
    progress = signer_again.get("/api/v1/sign/batch/" + id).body;
    if (progress.value("pending", -1) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(progress.value("pending", -1), 0) << progress.dump().substr(0, 2000);
  EXPECT_EQ(progress.value("failed", -1), 3);
  EXPECT_EQ(progress.value("signed", -1), kDocuments - 3);

  // Every signed document verifies; every failed one says why.
  for (const json& d : progress["documents"]) {
    const int index = d["index"];
    if (d["status"] == "failed") {
      EXPECT_NE(d.value("error", "").find("signing.document.not_pdf"), std::string::npos)
          << d.dump();
      continue;
    }
    ASSERT_EQ(d["status"], "signed") << d.dump();
    auto file =
        signer_again.get("/api/v1/sign/batch/" + id + "/documents/" + std::to_string(index));
    ASSERT_EQ(file.status, 200);
    auto report = pdf::verify_pdf(to_bytes(file.raw));
    ASSERT_TRUE(report.ok()) << report.error().to_string();
    EXPECT_TRUE(report->valid) << "document " << index;
  }

  // Exactly one use record per signed document, none for the failed ones.
  ApiUser auditor(url, login(url, "auditor", kSigningPassword));
  auto exported = auditor.get("/api/v1/audit/export");
  ASSERT_EQ(exported.status, 200);
  std::map<std::string, int> uses;
  std::istringstream lines(exported.raw);
  for (std::string line; std::getline(lines, line);) {
    const json r = json::parse(line);
    if (r["action"] == "sign.pdf") uses[r["detail"].value("batchItem", "")]++;
  }
  EXPECT_EQ(static_cast<int>(uses.size()), kDocuments - 3);
  for (const auto& [item, n] : uses) EXPECT_EQ(n, 1) << item;
  auto chain = dir.gmseal("audit verify --data " + (dir.path() / "signing").string());
  (*process)->stop();
  EXPECT_EQ(chain.exit_code, 0) << chain.output;
}

}  // namespace
}  // namespace gmseal::testing
