// judge_status_reply: every outcome of one status answer, without a network (the HTTP path has
// its own test, online_status_test.cc).
#include <gtest/gtest.h>

#include "status/status_judgement.h"
#include "status_test_support.h"

namespace gmseal::status {
namespace {

using ses::CheckResult;
using testing::make_status_signer;
using testing::signed_answer;
using testing::StatusSigner;

constexpr char kCode[] = "HN43010212345678";
constexpr char kUrl[] = "http://127.0.0.1:8600/api/v1/status/HN43010212345678";

class StatusJudgementTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    platform_ = new StatusSigner(make_status_signer("gmseal status test platform"));
    stranger_ = new StatusSigner(make_status_signer("someone else"));
  }
  static void TearDownTestSuite() {
    delete platform_;
    delete stranger_;
  }

  static Result<HttpReply> reply(const nlohmann::json& body, int status = 200) {
    return HttpReply{status, "application/json", body.dump()};
  }
  // Trusting the platform's root.
  static StatusSignerTrust anchored() {
    StatusSignerTrust trust;
    trust.trust = crypto::TrustStore{{platform_->root}, {}, {}};
    return trust;
  }
  ses::Check judge(const Result<HttpReply>& r, const StatusSignerTrust& trust) const {
    return judge_status_reply(kCode, kUrl, r, trust, StatusPolicy{}, signed_, now_);
  }
  nlohmann::json answer(const std::string& status, const StatusSigner& by,
                        std::chrono::seconds age = std::chrono::seconds(3)) const {
    return signed_answer(by, kCode, status, since_, now_ - age);
  }

  static StatusSigner* platform_;
  static StatusSigner* stranger_;
  const Time now_ = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const Time since_ = now_ - std::chrono::hours(24 * 30);
  const Time signed_ = now_ - std::chrono::hours(24);  // the document was signed yesterday
};

StatusSigner* StatusJudgementTest::platform_ = nullptr;
StatusSigner* StatusJudgementTest::stranger_ = nullptr;

TEST_F(StatusJudgementTest, TrustedValidAnswerPasses) {
  const ses::Check check = judge(reply(answer("valid", *platform_)), anchored());
  EXPECT_EQ(check.name, "online_status");
  EXPECT_EQ(check.result, CheckResult::kPass) << check.detail;
  EXPECT_EQ(check.field, "esID");
  EXPECT_NE(check.detail.find("valid at the platform since " + format_iso8601(since_)),
            std::string::npos)
      << check.detail;
  EXPECT_NE(check.detail.find("chains to 'gmseal status test platform root'"), std::string::npos)
      << check.detail;
}

TEST_F(StatusJudgementTest, PinnedSignerIsTrustedWithoutAnchors) {
  StatusSignerTrust pinned;
  pinned.pinned = {platform_->cert};
  const ses::Check check = judge(reply(answer("valid", *platform_)), pinned);
  EXPECT_EQ(check.result, CheckResult::kPass) << check.detail;
  EXPECT_NE(check.detail.find("pinned"), std::string::npos) << check.detail;
}

TEST_F(StatusJudgementTest, ValidButUntrustedSignerWarnsAndSaysWhy) {
  // Correctly signed, but nobody said to trust this signer.
  ses::Check check = judge(reply(answer("valid", *platform_)), StatusSignerTrust{});
  EXPECT_EQ(check.result, CheckResult::kWarn) << check.detail;
  EXPECT_NE(check.detail.find("not trusted: no trust anchor"), std::string::npos) << check.detail;
  // Signed by another root's certificate than the one trusted.
  check = judge(reply(answer("valid", *stranger_)), anchored());
  EXPECT_EQ(check.result, CheckResult::kWarn) << check.detail;
  EXPECT_NE(check.detail.find("'someone else' does not chain to a trust anchor"), std::string::npos)
      << check.detail;
  // Pinned to a different certificate.
  StatusSignerTrust pinned;
  pinned.pinned = {stranger_->cert};
  check = judge(reply(answer("valid", *platform_)), pinned);
  EXPECT_EQ(check.result, CheckResult::kWarn) << check.detail;
  EXPECT_NE(check.detail.find("not the pinned status certificate"), std::string::npos)
      << check.detail;
}

TEST_F(StatusJudgementTest, EveryStatusNotInForceFails) {
  for (const std::string_view status : kStatusesNotInForce) {
    const ses::Check check = judge(reply(answer(std::string(status), *platform_)), anchored());
    EXPECT_EQ(check.result, CheckResult::kFail) << status << ": " << check.detail;
    EXPECT_NE(check.detail.find(std::string(kCode) + " is " + std::string(status) +
                                " at the platform since " + format_iso8601(since_)),
              std::string::npos)
        << check.detail;
    EXPECT_NE(check.detail.find("before the signing time"), std::string::npos) << check.detail;
  }
}

TEST_F(StatusJudgementTest, SaysWhenTheChangeCameAfterSigning) {
  const nlohmann::json body =
      signed_answer(*platform_, kCode, "cancelled", now_ - std::chrono::hours(1), now_);
  const ses::Check check = judge(reply(body), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("after the signing time " + format_iso8601(signed_)),
            std::string::npos)
      << check.detail;
}

TEST_F(StatusJudgementTest, UntrustedNoIsStillNo) {
  const ses::Check check = judge(reply(answer("revoked", *stranger_)), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail) << check.detail;
  EXPECT_NE(check.detail.find("not trusted"), std::string::npos) << check.detail;
}

TEST_F(StatusJudgementTest, ExpiredSignerCannotVouchForABackdatedAnswer) {
  // The certificate expired yesterday; the answer claims to be from before that.
  const StatusSigner retired =
      make_status_signer("retired platform key", now_ - std::chrono::hours(24));
  StatusSignerTrust trust;
  trust.trust = crypto::TrustStore{{retired.root}, {}, {}};
  const ses::Check check = judge(reply(answer("valid", retired, std::chrono::hours(30))), trust);
  EXPECT_EQ(check.result, CheckResult::kWarn) << check.detail;
  EXPECT_NE(check.detail.find("not trusted"), std::string::npos) << check.detail;
  EXPECT_NE(check.detail.find("does not chain"), std::string::npos) << check.detail;
}

TEST_F(StatusJudgementTest, AlteredOrForgedAnswersFail) {
  // A cancelled answer relabelled valid.
  nlohmann::json altered = answer("cancelled", *platform_);
  altered["status"] = "valid";
  ses::Check check = judge(reply(altered), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail) << check.detail;
  EXPECT_NE(check.detail.find("forged or altered"), std::string::npos) << check.detail;
  // A later signedAt pasted onto an old answer.
  altered = answer("valid", *platform_, std::chrono::hours(2));
  altered["signedAt"] = format_iso8601(now_);
  EXPECT_EQ(judge(reply(altered), anchored()).result, CheckResult::kFail);
  // The platform's certificate with a stranger's signature.
  altered = answer("valid", *stranger_);
  altered["signerCert"] = base64_encode(platform_->cert.der());
  check = judge(reply(altered), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail) << check.detail;
  EXPECT_NE(check.detail.find("does not verify"), std::string::npos) << check.detail;
}

TEST_F(StatusJudgementTest, AnswerForAnotherSealFails) {
  const nlohmann::json other = signed_answer(*platform_, "HN43010299999999", "valid", since_, now_);
  const ses::Check check = judge(reply(other), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("answered for seal HN43010299999999, not " + std::string(kCode)),
            std::string::npos)
      << check.detail;
}

TEST_F(StatusJudgementTest, StaleOrFutureAnswersWarn) {
  ses::Check check =
      judge(reply(answer("valid", *platform_, std::chrono::minutes(11))), anchored());
  EXPECT_EQ(check.result, CheckResult::kWarn) << check.detail;
  EXPECT_NE(check.detail.find("older than 10 min"), std::string::npos) << check.detail;
  check = judge(reply(answer("valid", *platform_, std::chrono::minutes(9))), anchored());
  EXPECT_EQ(check.result, CheckResult::kPass) << check.detail;
  check = judge(reply(answer("valid", *platform_, -std::chrono::minutes(6))), anchored());
  EXPECT_EQ(check.result, CheckResult::kWarn) << check.detail;
  EXPECT_NE(check.detail.find("in the future"), std::string::npos) << check.detail;
  check = judge(reply(answer("valid", *platform_, -std::chrono::minutes(4))), anchored());
  EXPECT_EQ(check.result, CheckResult::kPass) << check.detail;
  // Stale does not soften a "no".
  check = judge(reply(answer("frozen", *platform_, std::chrono::hours(5))), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail) << check.detail;
}

TEST_F(StatusJudgementTest, UnknownSealAndHttpErrorsFail) {
  ses::Check check =
      judge(reply({{"code", "seal.not_found"}, {"message", "no published seal"}}, 404), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("does not know seal " + std::string(kCode)), std::string::npos)
      << check.detail;
  EXPECT_NE(check.detail.find("seal.not_found"), std::string::npos) << check.detail;
  check = judge(HttpReply{503, "text/plain", "busy"}, anchored());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("HTTP 503"), std::string::npos) << check.detail;
  check = judge(make_error("status.fetch.unreachable", "GET x failed: Connection"), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("could not be obtained: GET x failed"), std::string::npos)
      << check.detail;
}

TEST_F(StatusJudgementTest, MalformedAnswersFail) {
  nlohmann::json unknown = answer("suspended", *platform_);
  ses::Check check = judge(reply(unknown), anchored());
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("unknown status \"suspended\""), std::string::npos) << check.detail;

  for (const char* member : {"code", "status", "since", "signedAt", "signature", "signerCert"}) {
    nlohmann::json missing = answer("valid", *platform_);
    missing.erase(member);
    check = judge(reply(missing), anchored());
    EXPECT_EQ(check.result, CheckResult::kFail) << member;
    EXPECT_NE(check.detail.find(std::string("has no \"") + member + "\""), std::string::npos)
        << check.detail;
  }
  nlohmann::json bad_time = answer("valid", *platform_);
  bad_time["since"] = "yesterday";
  EXPECT_EQ(judge(reply(bad_time), anchored()).result, CheckResult::kFail);
  nlohmann::json bad_cert = answer("valid", *platform_);
  bad_cert["signerCert"] = "bm90IGEgY2VydA==";
  EXPECT_EQ(judge(reply(bad_cert), anchored()).result, CheckResult::kFail);
  EXPECT_EQ(judge(HttpReply{200, "text/html", "<html>"}, anchored()).result, CheckResult::kFail);
  // Duplicate members could make two readers see two answers: rejected.
  const std::string dup = "{\"code\":\"" + std::string(kCode) + "\",\"status\":\"valid\"," +
                          "\"status\":\"cancelled\"}";
  EXPECT_EQ(judge(HttpReply{200, "application/json", dup}, anchored()).result, CheckResult::kFail);
}

TEST_F(StatusJudgementTest, PemSignerCertIsAccepted) {
  nlohmann::json pem = answer("valid", *platform_);
  pem["signerCert"] = platform_->cert.pem();
  EXPECT_EQ(judge(reply(pem), anchored()).result, CheckResult::kPass);
}

TEST_F(StatusJudgementTest, SealWithoutCodeFails) {
  const ses::Check check =
      judge_status_reply("", kUrl, make_error("x", "y"), anchored(), StatusPolicy{}, signed_, now_);
  EXPECT_EQ(check.result, CheckResult::kFail);
  EXPECT_NE(check.detail.find("no esID"), std::string::npos);
}

}  // namespace
}  // namespace gmseal::status
