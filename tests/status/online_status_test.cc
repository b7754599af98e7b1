// OnlineStatusChecker over real loopback HTTP and HTTPS: a cpp-httplib server in the test plays
// the platform's status service (the real platform is exercised in
// tests/integration/status_url_verify_test.cc). TLS certificates are made with the openssl
// command (P-256: TLS in OpenSSL 3.0 has no SM2 cipher suites).
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "../cli/cli_test_support.h"
#include "ses/verify_seal.h"
#include "status/online_status.h"
#include "status_test_support.h"

namespace gmseal::status {
namespace {

using ses::CheckResult;

constexpr char kCode[] = "HN43010212345678";

// A loopback port nothing listens on: bound for a moment (never listening), then closed.
int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

class StatusService {
 public:
  // Plain HTTP by default; an httplib::SSLServer makes it https.
  explicit StatusService(testing::StatusSigner signer,
                         std::unique_ptr<httplib::Server> server = nullptr)
      : signer_(std::move(signer)),
        tls_(server != nullptr),
        owned_(server ? std::move(server) : std::make_unique<httplib::Server>()),
        server_(*owned_) {
    server_.set_tcp_nodelay(true);
    const auto answer = [this](const std::string& code, httplib::Response& res) {
      ++hits_;
      if (code != kCode) {
        res.status = 404;
        res.set_content(R"({"code":"seal.not_found","message":"no published seal"})",
                        "application/json");
        return;
      }
      res.set_content(testing::signed_answer(signer_, code, status_, since_, now()).dump(),
                      "application/json");
    };
    server_.Get(R"(/api/v1/status/([^/]+))",
                [answer](const httplib::Request& req, httplib::Response& res) {
                  answer(req.matches[1], res);
                });
    server_.Get("/lookup", [answer](const httplib::Request& req, httplib::Response& res) {
      answer(req.get_param_value("seal"), res);
    });
    server_.Get("/huge", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(kMaxReplyBytes + 1, ' '), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be lost, and join() would hang.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~StatusService() {
    server_.stop();
    thread_.join();
  }
  std::string base() const {
    return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_);
  }
  int hits() const { return hits_; }
  void set_status(std::string status) { status_ = std::move(status); }

 private:
  testing::StatusSigner signer_;
  std::string status_ = "valid";
  Time since_ = now() - std::chrono::hours(24);
  bool tls_ = false;
  std::unique_ptr<httplib::Server> owned_;
  httplib::Server& server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> hits_{0};
};

class OnlineStatusTest : public ::testing::Test {
 protected:
  OnlineStatusOptions options(const std::string& url) const {
    OnlineStatusOptions o;
    o.url = url;
    o.signer.pinned = {signer_.cert};
    o.timeout = std::chrono::seconds(3);
    return o;
  }

  testing::StatusSigner signer_ = testing::make_status_signer("loopback status service");
  StatusService service_{signer_};
  ses::Seal seal_ = testing::make_seal_with_code(kCode);
};

TEST_F(OnlineStatusTest, AsksOncePerCodeAndJudgesEverySignature) {
  auto checker = OnlineStatusChecker::create(options(service_.base() + "/api/v1/status"));
  ASSERT_TRUE(checker.ok()) << checker.error().to_string();
  const ses::Check first = checker->check(seal_, now());
  EXPECT_EQ(first.result, CheckResult::kPass) << first.detail;
  const ses::SealStatusCheck hook = checker->seal_check();
  const ses::Check second = hook(seal_, now() - std::chrono::hours(48));
  EXPECT_EQ(second.result, CheckResult::kPass) << second.detail;
  EXPECT_EQ(checker->requests(), 1);
  EXPECT_EQ(service_.hits(), 1);
}

TEST_F(OnlineStatusTest, TemplateUrlCarriesTheCodeWhereItSays) {
  auto checker = OnlineStatusChecker::create(options(service_.base() + "/lookup?seal={code}"));
  ASSERT_TRUE(checker.ok());
  const ses::Check check = checker->check(seal_, now());
  EXPECT_EQ(check.result, CheckResult::kPass) << check.detail;
}

TEST_F(OnlineStatusTest, SealVerificationCarriesTheCheckAndFailsOnANo) {
  service_.set_status("cancelled");
  auto checker = OnlineStatusChecker::create(options(service_.base() + "/api/v1/status"));
  ASSERT_TRUE(checker.ok());
  ses::SealVerifyOptions verify;
  verify.status_check = checker->seal_check();
  const ses::VerifyReport report = ses::verify_seal(seal_, verify);
  EXPECT_FALSE(report.valid());
  ASSERT_NE(report.find("online_status"), nullptr);
  EXPECT_EQ(report.failed(), std::vector<std::string>{"online_status"});
  EXPECT_NE(report.find("online_status")->detail.find("cancelled at the platform"),
            std::string::npos);
  // Without the hook the seal's own checks pass and there is no online_status check.
  const ses::VerifyReport offline = ses::verify_seal(seal_);
  EXPECT_TRUE(offline.valid());
  EXPECT_EQ(offline.find("online_status"), nullptr);
}

TEST_F(OnlineStatusTest, UnknownSealFails) {
  auto checker = OnlineStatusChecker::create(options(service_.base() + "/api/v1/status"));
  const ses::Check check = checker->check(testing::make_seal_with_code("HN43010200000001"), now());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("does not know seal HN43010200000001"), std::string::npos)
      << check.detail;
}

TEST_F(OnlineStatusTest, UnreachableServiceFails) {
  const int free_port = unused_port();
  auto checker = OnlineStatusChecker::create(
      options("http://127.0.0.1:" + std::to_string(free_port) + "/api/v1/status"));
  const ses::Check check = checker->check(seal_, now());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(
      check.detail.find("could not be obtained: GET http://127.0.0.1:" + std::to_string(free_port) +
                        "/api/v1/status/" + kCode + " failed: cannot connect"),
      std::string::npos)
      << check.detail;
}

TEST_F(OnlineStatusTest, OversizedReplyIsRefused) {
  auto checker = OnlineStatusChecker::create(options(service_.base() + "/huge?c={code}"));
  const ses::Check check = checker->check(seal_, now());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("larger than"), std::string::npos) << check.detail;
}

TEST_F(OnlineStatusTest, BadUrlIsRefusedBeforeAnyRequest) {
  auto checker = OnlineStatusChecker::create(options("ftp://127.0.0.1/status"));
  ASSERT_FALSE(checker.ok());
  EXPECT_EQ(checker.error().code, "status.bad_url");
  EXPECT_EQ(service_.hits(), 0);
}

// An https status service whose certificate comes from a private CA: trusted only when that CA
// is given (--status-tls-ca), refused against the system store or another CA.
class HttpsStatusTest : public OnlineStatusTest {
 protected:
  void SetUp() override {
    // Two self-signed P-256 certificates for 127.0.0.1: the service's, and an unrelated one.
    for (const char* name : {"service", "other"}) {
      const auto made = dir_.run(std::string("openssl req -x509 -newkey ec -pkeyopt "
                                             "ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "
                                             "/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
                                             "-keyout ") +
                                 name + ".key -out " + name + ".pem");
      ASSERT_EQ(made.exit_code, 0) << made.output;
    }
    const std::string cert = (dir_.path() / "service.pem").string();
    const std::string key = (dir_.path() / "service.key").string();
    auto server = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
    ASSERT_TRUE(server->is_valid());
    https_ = std::make_unique<StatusService>(signer_, std::move(server));
  }
  ses::Check check_with_ca(const std::string& ca_file) {
    OnlineStatusOptions o = options(https_->base() + "/api/v1/status");
    o.tls_ca_file = ca_file;
    auto checker = OnlineStatusChecker::create(o);
    EXPECT_TRUE(checker.ok());
    return checker->check(seal_, now());
  }

  gmseal::testing::ScratchDir dir_;
  std::unique_ptr<StatusService> https_;
};

TEST_F(HttpsStatusTest, PrivateCaGivenTheAnswerIsFetchedAndJudged) {
  const ses::Check check = check_with_ca((dir_.path() / "service.pem").string());
  EXPECT_EQ(check.result, CheckResult::kPass) << check.detail;
  EXPECT_EQ(https_->hits(), 1);
}

TEST_F(HttpsStatusTest, UntrustedTlsCertificateFailsClosed) {
  for (const std::string& ca : {std::string(), (dir_.path() / "other.pem").string()}) {
    SCOPED_TRACE(ca.empty() ? "system store" : "another CA");
    const ses::Check check = check_with_ca(ca);
    EXPECT_EQ(check.result, CheckResult::kFail);
    EXPECT_NE(check.detail.find("TLS"), std::string::npos) << check.detail;
  }
  EXPECT_EQ(https_->hits(), 0);
}

}  // namespace
}  // namespace gmseal::status
