// ProvinceService: the first-level platform's behaviour, independent of HTTP. Each call takes
// a request body and returns the signed reply with its resultCode, so the HTTP server
// (server.h) stays a thin adapter and tests can drive every rule directly.
//
// Every table interface request goes through, in order: strict JSON; the table message (sample
// forms accepted with notes, refused in strict mode: 1002); the sender's system, found by
// extendData.initiatorCert among registered systems (2001); the envelope signature (2002);
// replay of tokenInfo / transId within the window (2003); the interface's own rules (3xxx,
// 4xxx). Only an accepted request changes the store, in one transaction that also consumes its
// tokenInfo and transId. Replies are signed with the province's system key.
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/canonical_json.h"
#include "protocol/messages.h"
#include "protocol/registration.h"
#include "province/province_data.h"
#include "province/store.h"

namespace gmseal::province {

struct ServiceOptions {
  bool strict = false;  // refuse sample-only forms and log every request for `province report`
};

struct Outcome {
  protocol::Json reply;  // signed
  std::string result_code = "0";
  std::vector<std::string> violations;  // "code: message", every rule the request broke
  std::string org_code;                 // the sender, when known
  int http_status = 200;                // 500 when the reply could not be signed
};

// Applies the result of signing `outcome.reply`: on failure the reply is replaced by an error
// answer (resultCode 5000, province.internal, HTTP 500) that the caller retries, never the
// unsigned reply.
void apply_reply_signing(Outcome& outcome, const Status& signing);

class ProvinceService {
 public:
  static Result<std::unique_ptr<ProvinceService>> open(ProvinceData data, ServiceOptions options);

  // Registers a second-level system (its system certificate and org code) and returns its
  // registration package (also written to registrations/<orgCode>.der).
  Result<protocol::RegistrationPackage> register_system(const crypto::Certificate& system_cert,
                                                        const std::string& org_code,
                                                        const std::string& org_name,
                                                        const std::string& service_address);

  // The three table interfaces.
  Outcome handle(protocol::Interface id, std::string_view body, const std::string& remote);
  // The status service (protocol/status_messages.h).
  Outcome change_status(std::string_view body, const std::string& remote);
  Outcome query_status(const std::string& seal_code);
  Outcome revocation_list();
  // The first-level platform's own authority over a seal (a supervisory freeze, revocation...),
  // not asked for by its platform: `action` is one of the status actions or "revoke" (any seal
  // not yet revoked or cancelled). The owner hears of it through the revocation list. Errors:
  // province.seal.not_found, province.seal.bad_state, protocol.message.bad_action.
  Result<std::string> supervise_status(const std::string& seal_code, const std::string& action,
                                       const std::string& reason);

  const ProvinceData& data() const { return data_; }
  Store& store() { return *store_; }
  const ServiceOptions& options() const { return options_; }
  // Signs `reply` with the province's system key under the configured rule.
  Status sign(protocol::Json& reply) const;

 private:
  ProvinceService(ProvinceData data, ServiceOptions options, std::unique_ptr<Store> store)
      : data_(std::move(data)), options_(options), store_(std::move(store)) {}
  Outcome process(protocol::Interface id, std::string_view body);
  // sign() then apply_reply_signing().
  void sign_reply(Outcome& outcome) const;
  void log(const std::string& name, const std::string& remote, std::string_view body,
           const Outcome& outcome);

  ProvinceData data_;
  ServiceOptions options_;
  std::unique_ptr<Store> store_;
};

}  // namespace gmseal::province
