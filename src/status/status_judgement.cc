#include "status/status_judgement.h"

#include <vector>

#include "protocol/canonical_json.h"

namespace gmseal::status {

namespace {

constexpr std::string_view kField = "esID";

ses::Check check(ses::CheckResult result, std::string detail) {
  return ses::Check{std::string(ses::kCheckOnlineStatus), result, std::move(detail),
                    std::string(kField)};
}

ses::Check fail(std::string detail) { return check(ses::CheckResult::kFail, std::move(detail)); }

std::string minutes_text(std::chrono::seconds s) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(s).count();
  return minutes * 60 == s.count() ? std::to_string(minutes) + " min"
                                   : std::to_string(s.count()) + " s";
}

// "HTTP 503" plus the body's {code, message} when it is the platform's JSON error.
std::string http_failure(const HttpReply& reply) {
  std::string text = "HTTP " + std::to_string(reply.status);
  auto body = protocol::parse_json(reply.body);
  if (body.ok() && body->is_object()) {
    const std::string code = body->value("code", "");
    const std::string message = body->value("message", "");
    if (!code.empty()) text += ", " + code;
    if (!message.empty()) text += ": " + message;
  }
  return text;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

}  // namespace

ses::Check judge_status_reply(std::string_view code, const std::string& url,
                              const Result<HttpReply>& reply, const StatusSignerTrust& trust,
                              const StatusPolicy& policy, Time signed_at, Time now) {
  const std::string seal = "seal " + std::string(code);
  if (code.empty()) return fail("the seal has no esID to ask its platform about");
  if (!reply.ok()) {
    return fail("the platform's status of " + seal +
                " could not be obtained: " + reply.error().message);
  }
  if (reply->status == 404) {
    return fail("the platform does not know " + seal + " (GET " + url + ": " +
                http_failure(*reply) + "); a seal unknown to its platform is not valid");
  }
  if (reply->status != 200) {
    return fail("the platform's status service could not answer for " + seal + " (GET " + url +
                ": " + http_failure(*reply) + ")");
  }
  auto answer = parse_status_answer(reply->body);
  if (!answer.ok()) {
    return fail("the answer for " + seal + " from " + url +
                " is unusable: " + answer.error().message);
  }
  if (answer->code != code) {
    return fail("the platform answered for seal " + answer->code + ", not " + std::string(code) +
                " (a misdirected or replayed answer)");
  }
  if (auto verified = verify_status_signature(*answer); !verified.ok()) {
    return fail("the status answer for " + seal + " (\"" + answer->status +
                "\") is forged or altered: " + verified.error().message);
  }
  if (!known_status(answer->status)) {
    return fail("the platform reports the unknown status \"" + answer->status + "\" for " + seal);
  }

  // What weakens the answer: who signed it, and when.
  std::vector<std::string> doubts;
  // The signer's chain counts now, not at signedAt: signedAt is the signer's own claim, and an
  // old key whose certificate has expired must not vouch for a back-dated answer.
  auto signer = check_status_signer(answer->signer_cert, trust, now);
  if (!signer.ok())
    doubts.push_back("the answer's signer is not trusted: " + signer.error().message);
  const std::string signed_when = "answer signed at " + format_iso8601(answer->signed_at);
  if (answer->signed_at + policy.max_age < now) {
    doubts.push_back("the " + signed_when + " is older than " + minutes_text(policy.max_age) +
                     " (a stored or replayed answer?)");
  } else if (answer->signed_at > now + policy.clock_skew) {
    doubts.push_back("the " + signed_when + " lies more than " + minutes_text(policy.clock_skew) +
                     " in the future (clock skew?)");
  }
  const std::string since = " since " + format_iso8601(answer->since);

  if (answer->status == kStatusValid) {
    if (doubts.empty()) {
      return check(ses::CheckResult::kPass, seal + " is valid at the platform" + since + " (" +
                                                signed_when + " by " + *signer + ")");
    }
    return check(ses::CheckResult::kWarn,
                 seal + " is valid at the platform" + since + ", but " + join(doubts));
  }
  std::string detail = seal + " is " + answer->status + " at the platform" + since;
  detail += answer->since > signed_at ? ", after the signing time " + format_iso8601(signed_at)
                                      : ", before the signing time " + format_iso8601(signed_at);
  detail += " (" + signed_when + (signer.ok() ? " by " + *signer : "") + ")";
  if (!doubts.empty()) detail += "; " + join(doubts);
  return fail(std::move(detail));
}

}  // namespace gmseal::status
