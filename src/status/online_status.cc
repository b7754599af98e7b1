#include "status/online_status.h"

#include "status/status_url.h"

namespace gmseal::status {

Result<OnlineStatusChecker> OnlineStatusChecker::create(OnlineStatusOptions options) {
  // A sample code shows a broken form before any document is read.
  GMSEAL_RETURN_IF_ERROR(status_url_for(options.url, "HN43010200000000"));
  auto state = std::make_shared<State>();
  state->options = std::move(options);
  return OnlineStatusChecker(std::move(state));
}

ses::Check OnlineStatusChecker::check_with(State& state, const ses::Seal& seal, Time signed_at) {
  const OnlineStatusOptions& o = state.options;
  const std::string& code = seal.info().es_id;
  if (code.empty()) {
    // Nothing to ask; the judgement says so.
    return judge_status_reply(code, o.url, make_error("status.no_code", "the seal has no esID"),
                              o.signer, o.policy, signed_at, now());
  }
  auto found = state.replies.find(code);
  if (found == state.replies.end()) {
    Result<std::string> url = status_url_for(o.url, code);
    Result<HttpReply> reply =
        url.ok() ? http_get(*url, o.timeout, o.tls_ca_file) : Result<HttpReply>(url.error());
    ++state.requests;
    std::pair<std::string, Result<HttpReply>> entry(url.ok() ? *url : o.url, std::move(reply));
    found = state.replies.emplace(code, std::move(entry)).first;
  }
  const auto& [url, reply] = found->second;
  return judge_status_reply(code, url, reply, o.signer, o.policy, signed_at, now());
}

ses::Check OnlineStatusChecker::check(const ses::Seal& seal, Time signed_at) {
  return check_with(*state_, seal, signed_at);
}

ses::SealStatusCheck OnlineStatusChecker::seal_check() const {
  return [state = state_](const ses::Seal& seal, Time signed_at) {
    return check_with(*state, seal, signed_at);
  };
}

int OnlineStatusChecker::requests() const { return state_->requests; }

}  // namespace gmseal::status
