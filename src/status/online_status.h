// status::OnlineStatusChecker: asks a seal platform for the signed online status of every seal a
// verification meets (`gmseal verify FILE --status-url URL`) and turns each answer into the
// "online_status" check (status_judgement.h) through the core's hook, ses::SealStatusCheck:
//
//   auto checker = status::OnlineStatusChecker::create(options);   // bad URL -> error now
//   pdf_options.status_check = checker->seal_check();
//
// The seal's code at the platform is its esID. Each code is fetched once per checker (a document
// sealed five times with one seal costs one request); every signature still gets its own check,
// judged at its own signing time. Not thread-safe: one checker per verification.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "ses/verify_seal.h"
#include "status/http_get.h"
#include "status/status_answer.h"
#include "status/status_judgement.h"

namespace gmseal::status {

struct OnlineStatusOptions {
  std::string url;           // a base or a template with {code} (status_url.h)
  StatusSignerTrust signer;  // who may sign answers
  StatusPolicy policy;
  std::chrono::seconds timeout{10};  // per request: connect, and each read
  // https: the PEM bundle the service's TLS certificate must chain to; empty = system store.
  std::string tls_ca_file;
};

class OnlineStatusChecker {
 public:
  // Errors: status.bad_url (checked here, before any document is read).
  static Result<OnlineStatusChecker> create(OnlineStatusOptions options);

  // The online_status check of `seal` (fetching its status unless already fetched), with
  // `signed_at` the document's signing time.
  ses::Check check(const ses::Seal& seal, Time signed_at);

  // The hook for ses/pdf/ofd verify options. It shares (and keeps alive) this checker's fetched
  // answers, so copies of the hook still ask once per code.
  ses::SealStatusCheck seal_check() const;

  // How many requests were made so far (tests: one per distinct code).
  int requests() const;

 private:
  struct State {
    OnlineStatusOptions options;
    std::map<std::string, std::pair<std::string, Result<HttpReply>>> replies;  // code -> url, reply
    int requests = 0;
  };
  explicit OnlineStatusChecker(std::shared_ptr<State> state) : state_(std::move(state)) {}
  static ses::Check check_with(State& state, const ses::Seal& seal, Time signed_at);

  std::shared_ptr<State> state_;
};

}  // namespace gmseal::status
