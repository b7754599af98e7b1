// The online_status check of one seal from what its platform replied (status_answer.h), as a
// verification check (ses/verify_report.h). Pure: no network, the clock is a parameter.
//
//   pass  a trusted, fresh, correctly signed answer for this code saying "valid"
//   warn  "valid", signed correctly, but the signer is not trusted (no --trust / --status-cert
//         match, chain error) or the answer is stale (signed more than max_age ago: a replay?)
//         or signed in the future beyond clock_skew; the detail says which
//   fail  the seal is frozen / lost / cancelled / revoked / expired (also when the answer's
//         signer is untrusted: a "no" is never upgraded), an unknown status value, an answer
//         for another code, a signature that does not verify, a malformed answer, HTTP 404 (the
//         platform does not know the seal: not valid), another HTTP status, no connection
//         (fail closed: validity could not be established), a seal without esID
// The field is "esID": the seal's code at the platform is its esID.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "ses/verify_report.h"
#include "status/http_get.h"
#include "status/status_answer.h"

namespace gmseal::status {

struct StatusPolicy {
  // Older answers warn: the platform signs each answer when asked, so an old one was stored.
  std::chrono::seconds max_age{std::chrono::minutes(10)};
  // Answers signed this far in the future still count as fresh (clocks differ).
  std::chrono::seconds clock_skew{std::chrono::minutes(5)};
};

// `reply` is what GET `url` gave (or why it gave nothing); `code` the seal's esID; `signed_at`
// the time the document was signed (or the seal's check time), to say whether a status change
// came after it; `now` the verifier's clock.
ses::Check judge_status_reply(std::string_view code, const std::string& url,
                              const Result<HttpReply>& reply, const StatusSignerTrust& trust,
                              const StatusPolicy& policy, Time signed_at, Time now);

}  // namespace gmseal::status
