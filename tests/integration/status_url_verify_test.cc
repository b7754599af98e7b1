// `gmseal verify DOC --status-url URL` against the real second-level platform over loopback:
// the platform and the provincial emulator run in this process (as in platform_e2e_test.cc), a
// seal is made through the API, a PDF and an OFD are sealed with the real gmseal binary, and
// verification follows the seal's status at the platform - valid, then cancelled through a
// reviewed application. A small HTTP server in the test plays a forger: answers altered after
// signing, or signed by a key nobody trusts.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <thread>

#include "../pdf/pdf_test_support.h"
#include "../server/sample_application.h"
#include "../server/server_test_support.h"
#include "../status/status_test_support.h"
#include "ofd/sample_document.h"
#include "platform_loopback.h"
#include "service/secrets/keystore.h"
#include "util/file_io.h"

namespace gmseal::server {
namespace {

using nlohmann::json;

// Serves one fixed body, whatever status URL is asked.
class ForgedStatusService {
 public:
  ForgedStatusService() {
    server_.set_tcp_nodelay(true);
    server_.Get(R"(/status/.*)", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex_);
      res.set_content(body_, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ForgedStatusService() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/status"; }
  void serve(const json& body) {
    std::lock_guard<std::mutex> lock(mutex_);
    body_ = body.dump();
  }

 private:
  httplib::Server server_;
  std::mutex mutex_;
  std::string body_ = "{}";
  int port_ = 0;
  std::thread thread_;
};

class StatusUrlVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loop_ = std::make_unique<testing::PlatformLoopback>(dir_.path(), testing::Engine::kSqlite);
    ASSERT_TRUE(loop_->ok()) << loop_->error();
    platform_ = &loop_->platform();
    // The platform's built-in CA issued both its system certificate (which signs status
    // answers) and the seal's signer certificate.
    write("platform-ca.pem", platform_->ca_certificate().pem());
    write("province-root.pem", loop_->province_root_pem());
    write("platform-system.pem", platform_->system_certificate().pem());
    status_url_ = loop_->url() + "/api/v1/status";
    operator_ = loop_->operator_token();

    // A seal held by the platform (carrier "server"): made through the province, downloaded.
    const json made = run_application(testing::sample_new_application());
    ASSERT_EQ(made.value("status", ""), "ready") << made.dump();
    code_ = made["sealCode"];
    auto esl = loop_->client().Get(("/api/v1/seals/" + code_ + "/download").c_str(),
                                   httplib::Headers{{"Authorization", "Bearer " + operator_}});
    ASSERT_TRUE(esl);
    ASSERT_EQ(esl->status, 200) << esl->body;
    write("seal.esl", esl->body);
    // The platform keeps the signer key; as its operator we take it from its key store.
    auto record = platform_->seals().seal(code_);
    ASSERT_TRUE(record.ok()) << record.error().to_string();
    auto keys = KeyStore::open(dir_.path() / "platform");
    ASSERT_TRUE(keys.ok()) << keys.error().to_string();
    auto key = keys->load_private_key(record->key_ref);
    ASSERT_TRUE(key.ok()) << key.error().to_string();
    write("signer.key.pem", key->to_pem());
    write("signer.pem", record->cert_pem);

    // One document of each format, sealed by the real binary.
    const Bytes pdf = pdf::testing::make_simple_pdf(1);
    write("contract.pdf", std::string(pdf.begin(), pdf.end()));
    auto ofd = ofd::make_sample_document({{"合同 contract", "第二行 second line"}}, now());
    ASSERT_TRUE(ofd.ok()) << ofd.error().to_string();
    write("contract.ofd", std::string(ofd->begin(), ofd->end()));
    for (const char* format : {"pdf", "ofd"}) {
      const std::string f(format);
      auto sealed = dir_.gmseal("sign " + f + " --in contract." + f + " --out sealed." + f +
                                " --seal seal.esl --key signer.key.pem --cert signer.pem --page 1 "
                                "--x 60 --y 60");
      ASSERT_EQ(sealed.exit_code, 0) << sealed.output;
    }
  }
  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir_.path() / name, std::ios::binary) << content;
  }
  json get_json(const std::string& path, const std::string& token) {
    return loop_->get(path, token).second;
  }
  json run_application(const json& body) { return loop_->run_application(body); }
  void cancel_seal() {
    const json cancelled =
        run_application({{"kind", "cancel"}, {"sealCode", code_}, {"reason", "unit closed"}});
    ASSERT_EQ(cancelled.value("status", ""), "ready") << cancelled.dump();
    ASSERT_EQ(get_json("/api/v1/status/" + code_, "").value("status", ""), "cancelled");
  }

  struct Verdict {
    int exit_code = -1;
    std::string output;
    json verdict;
    // The seal.online_status check of every signature (the documents carry one each).
    std::vector<json> status_checks;
  };
  Verdict verify(const std::string& file, const std::string& options) {
    Verdict v;
    const auto run = dir_.gmseal("verify " + file + " --json " + options);
    v.exit_code = run.exit_code;
    v.output = run.output;
    v.verdict = json::parse(run.output, nullptr, false);
    if (v.verdict.is_object()) {
      for (const json& signature : v.verdict.value("signatures", json::array())) {
        for (const json& check : signature.value("checks", json::array())) {
          if (check.value("name", "") == "seal.online_status") v.status_checks.push_back(check);
        }
      }
    }
    return v;
  }
  // The one online_status check of `file`, with `result`; returns its detail.
  std::string expect_status_check(const std::string& file, const std::string& options,
                                  int exit_code, const std::string& result) {
    const Verdict v = verify(file, options);
    EXPECT_EQ(v.exit_code, exit_code) << file << " " << options << "\n" << v.output;
    EXPECT_EQ(v.status_checks.size(), 1u) << v.output;
    if (v.status_checks.size() != 1) return "";
    EXPECT_EQ(v.status_checks[0].value("result", ""), result) << v.output;
    EXPECT_EQ(v.status_checks[0].value("field", ""), "esID");
    return v.status_checks[0].value("detail", "");
  }

  // `gmseal seal verify seal.esl --json OPTIONS`: the exit code and the seal's online_status
  // check (null when there is none).
  std::pair<int, json> verify_bare_seal(const std::string& options) {
    const auto run = dir_.gmseal("seal verify seal.esl --json " + options);
    const json verdict = json::parse(run.output, nullptr, false);
    EXPECT_TRUE(verdict.is_object()) << run.output;
    json found;
    if (verdict.is_object()) {
      for (const json& check : verdict.value("checks", json::array())) {
        if (check.value("name", "") == "online_status") found = check;
      }
    }
    return {run.exit_code, found};
  }

  testing::ScratchDir dir_;
  std::unique_ptr<testing::PlatformLoopback> loop_;
  Platform* platform_ = nullptr;
  std::string status_url_, operator_, code_;
  const std::string trust_ = "--trust platform-ca.pem --trust province-root.pem";
};

TEST_F(StatusUrlVerifyTest, VerdictFollowsTheSealsStatusAtThePlatform) {
  for (const std::string file : {"sealed.pdf", "sealed.ofd"}) {
    SCOPED_TRACE(file);
    // Offline, as before: no online_status check at all.
    const Verdict offline = verify(file, trust_);
    EXPECT_EQ(offline.exit_code, 0) << offline.output;
    EXPECT_TRUE(offline.status_checks.empty()) << offline.output;
    EXPECT_EQ(offline.output.find("online_status"), std::string::npos);

    // The platform says valid, signed by its system key under the trusted platform CA.
    std::string detail =
        expect_status_check(file, trust_ + " --status-url " + status_url_, 0, "pass");
    EXPECT_NE(detail.find("seal " + code_ + " is valid at the platform"), std::string::npos)
        << detail;
    EXPECT_NE(detail.find("chains to"), std::string::npos) << detail;
    const Verdict both = verify(file, trust_ + " --status-url " + status_url_);
    EXPECT_TRUE(both.verdict.value("valid", false));
    EXPECT_TRUE(both.verdict.value("trusted", false)) << both.output;

    // The template form, and a pinned answer signer instead of a trust anchor.
    detail = expect_status_check(
        file, "--status-url '" + status_url_ + "/{code}' --status-cert platform-system.pem", 0,
        "pass");
    EXPECT_NE(detail.find("pinned"), std::string::npos) << detail;

    // Nothing to trust the answer with: valid, with a warning that says why.
    detail = expect_status_check(file, "--status-url " + status_url_, 0, "warn");
    EXPECT_NE(detail.find("not trusted"), std::string::npos) << detail;

    // Text output carries the check too.
    const auto text = dir_.gmseal("verify " + file + " " + trust_ + " --status-url " + status_url_);
    EXPECT_EQ(text.exit_code, 0) << text.output;
    EXPECT_NE(text.output.find("seal.online_status"), std::string::npos) << text.output;

    // A seal the platform does not know (the template asks for another code): not valid.
    detail = expect_status_check(
        file, trust_ + " --status-url '" + status_url_ + "/HN43010200000000?seal={code}'", 1,
        "fail");
    EXPECT_NE(detail.find("does not know seal " + code_), std::string::npos) << detail;

    // No platform there: fail closed, saying so.
    detail = expect_status_check(file, trust_ + " --status-url http://127.0.0.1:1/api/v1/status", 1,
                                 "fail");
    EXPECT_NE(detail.find("could not be obtained: GET http://127.0.0.1:1/api/v1/status/" + code_ +
                          " failed: cannot connect"),
              std::string::npos)
        << detail;
  }

  // A bad --status-url is a usage error before anything is verified.
  const auto bad = dir_.gmseal("verify sealed.pdf --status-url ftp://127.0.0.1/status");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("status.bad_url"), std::string::npos) << bad.output;
  const auto lonely_pin = dir_.gmseal("verify sealed.ofd --status-cert platform-system.pem");
  EXPECT_EQ(lonely_pin.exit_code, 2) << lonely_pin.output;

  // The bare seal file, with the same option: valid at the platform.
  auto [seal_exit, seal_check] = verify_bare_seal(trust_ + " --status-url " + status_url_);
  EXPECT_EQ(seal_exit, 0) << seal_check;
  EXPECT_EQ(seal_check.value("result", ""), "pass") << seal_check;
  EXPECT_TRUE(verify_bare_seal(trust_).second.is_null());

  // The seal is cancelled through the platform (operator applies, reviewer approves): every
  // document sealed with it now verifies invalid, naming why.
  cancel_seal();
  for (const std::string file : {"sealed.pdf", "sealed.ofd"}) {
    SCOPED_TRACE(file);
    const std::string detail =
        expect_status_check(file, trust_ + " --status-url " + status_url_, 1, "fail");
    EXPECT_NE(detail.find("seal " + code_ + " is cancelled at the platform since"),
              std::string::npos)
        << detail;
    // Whether the change came before or after signing (the same second here) is said too.
    EXPECT_NE(detail.find("the signing time"), std::string::npos) << detail;
    const Verdict v = verify(file, trust_ + " --status-url " + status_url_);
    EXPECT_FALSE(v.verdict.value("valid", true)) << v.output;
    // Offline verification cannot know.
    EXPECT_EQ(verify(file, trust_).exit_code, 0);
  }
  std::tie(seal_exit, seal_check) = verify_bare_seal(trust_ + " --status-url " + status_url_);
  EXPECT_EQ(seal_exit, 1) << seal_check;
  EXPECT_EQ(seal_check.value("result", ""), "fail") << seal_check;
  EXPECT_NE(seal_check.value("detail", "").find("is cancelled at the platform"), std::string::npos)
      << seal_check;
  EXPECT_EQ(verify_bare_seal(trust_).first, 0);
}

TEST_F(StatusUrlVerifyTest, ForgedOrUntrustedAnswersAreCaught) {
  ForgedStatusService forger;
  const std::string options = trust_ + " --status-url " + forger.url();

  // The platform's own answer, passed on unchanged by another server: still the platform's word.
  forger.serve(get_json("/api/v1/status/" + code_, ""));
  EXPECT_NE(expect_status_check("sealed.pdf", options, 0, "pass").find("valid"), std::string::npos);

  // After the seal is cancelled, its genuine answer relabelled "valid": the signature breaks.
  cancel_seal();
  json relabelled = get_json("/api/v1/status/" + code_, "");
  ASSERT_EQ(relabelled.value("status", ""), "cancelled");
  relabelled["status"] = "valid";
  forger.serve(relabelled);
  for (const std::string file : {"sealed.pdf", "sealed.ofd"}) {
    const std::string detail = expect_status_check(file, options, 1, "fail");
    EXPECT_NE(detail.find("forged or altered"), std::string::npos) << detail;
  }

  // A well-formed answer signed by a key nobody vouches for: "valid" is only a warning, and
  // says why; a "no" from it still fails.
  const status::testing::StatusSigner stranger =
      status::testing::make_status_signer("not the platform");
  forger.serve(status::testing::signed_answer(stranger, code_, "valid",
                                              now() - std::chrono::hours(1), now()));
  for (const std::string file : {"sealed.pdf", "sealed.ofd"}) {
    const std::string detail = expect_status_check(file, options, 0, "warn");
    EXPECT_NE(detail.find("not trusted"), std::string::npos) << detail;
    EXPECT_NE(detail.find("'not the platform' does not chain to a trust anchor"), std::string::npos)
        << detail;
  }
  forger.serve(status::testing::signed_answer(stranger, code_, "revoked",
                                              now() - std::chrono::hours(1), now()));
  EXPECT_NE(expect_status_check("sealed.ofd", options, 1, "fail").find("revoked"),
            std::string::npos);
}

}  // namespace
}  // namespace gmseal::server
