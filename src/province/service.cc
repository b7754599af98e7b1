#include "province/service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>

#include "crypto/sm3.h"
#include "protocol/envelope.h"
#include "protocol/result_codes.h"
#include "protocol/seal_making_rules.h"
#include "protocol/status_messages.h"
#include "province/seal_maker.h"
#include "util/file_io.h"
#include "validate/signer_cert.h"

namespace gmseal::province {

namespace {

using protocol::Interface;
using protocol::Json;

std::string fingerprint(const crypto::Certificate& cert) {
  const auto digest = cert.sm3_fingerprint();
  return hex_encode(ByteView(digest.data(), digest.size()));
}

std::string describe(const Error& e) {
  return e.code + ": " + e.message + (e.field.empty() ? "" : " [" + e.field + "]");
}

// The rules one request broke, each logged once in Outcome::violations; the first one answers.
// Outside strict mode checking stops at the first; in strict mode the later checks still run,
// so that the log names every rule the request broke.
class BrokenRules {
 public:
  BrokenRules(Outcome& outcome, bool strict) : outcome_(outcome), strict_(strict) {}

  void add(const Error& error) {
    outcome_.violations.push_back(describe(error));
    if (!first_) first_ = error;
  }
  // Sample-only forms (the spec's samples, not its tables): one violation line each; in strict
  // mode they are the failure that answers (1002).
  void add_deviations(const std::vector<std::string>& deviations) {
    for (const auto& deviation : deviations) {
      outcome_.violations.push_back("province.strict.deviation: " + deviation);
    }
    if (strict_ && !deviations.empty() && !first_) {
      first_ =
          make_error("province.strict.deviation", "strict mode: " + deviations.front() +
                                                      (deviations.size() > 1 ? " (and more)" : ""));
    }
  }
  // Whether to answer now rather than run the next check.
  bool stop() const { return first_ && !strict_; }
  const std::optional<Error>& first() const { return first_; }

 private:
  Outcome& outcome_;
  bool strict_;
  std::optional<Error> first_;
};

// A reply carrying only the result, for requests refused before their interface's work.
Json error_reply(Interface id, const Error& error) {
  const auto header = protocol::make_response_header(id, protocol::result_code_for(error),
                                                     protocol::result_message_for(error));
  switch (id) {
    case Interface::kSealMaking:
      return protocol::SealMakingResponse{header, {}}.to_json();
    case Interface::kDownloadSeal:
      return protocol::DownloadSealResponse{header, {}}.to_json();
    case Interface::kRevocation:
      return protocol::RevocationResponse{header}.to_json();
  }
  return {};
}

Json status_reply(std::string_view task_code, std::string_view task_type,
                  const std::string& result_code, const std::string& message) {
  return {{"taskCode", task_code},
          {"version", protocol::kProtocolVersion},
          {"resultCode", result_code},
          {"resultCodeMsg", message},
          {"taskTypeCode", task_type}};
}

// What protocol/messages.cc notes as sample-only header forms, for the status change request
// (gmseal's own message, parsed without notes): tokenInfo of 16 letters or digits, transId of
// 32 hex characters.
std::vector<std::string> header_deviations(const protocol::RequestHeader& header) {
  std::vector<std::string> out;
  const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  const std::string& token = header.token_info;
  const std::string& trans = header.extend.trans_id;
  if (token.size() != 16 || !std::all_of(token.begin(), token.end(), alnum)) {
    out.push_back("tokenInfo '" + header.token_info + "' is not 16 random letters or digits");
  }
  if (trans.size() != 32 || !std::all_of(trans.begin(), trans.end(), hex)) {
    out.push_back("transId '" + header.extend.trans_id + "' is not 32 hex characters");
  }
  return out;
}

// The sender's certificate as extendData.initiatorCert gives it (base64 DER). Errors:
// protocol.envelope.bad_initiator_cert.
Result<crypto::Certificate> initiator_certificate(const protocol::RequestHeader& header) {
  auto der = base64_decode(header.extend.initiator_cert);
  auto cert =
      der.ok() ? crypto::Certificate::from_der(*der) : Result<crypto::Certificate>(der.error());
  if (!cert.ok()) {
    return make_error("protocol.envelope.bad_initiator_cert",
                      "extendData.initiatorCert is not a base64 DER certificate",
                      "extendData.initiatorCert");
  }
  return cert;
}

// One table request (seal making, download, revocation) on its way through the checks, in the
// order service.h gives. Each step returns true when the request goes on; when it returns false
// the outcome is the answer. BrokenRules decides when to stop: in strict mode the later checks
// run wherever the earlier ones left them something to check (a request from an unknown sender
// has no key to check its signature with). Once a rule is broken nothing changes the store.
class TableRequest {
 public:
  TableRequest(Interface id, Store& store, const ProvinceData& data, bool strict)
      : id_(id), store_(store), data_(data), rules_(outcome_, strict) {}
  TableRequest(const TableRequest&) = delete;
  TableRequest& operator=(const TableRequest&) = delete;

  Outcome run(std::string_view body) {
    if (parse(body) && identify_sender() && check_signature() && check_replay()) perform();
    return std::move(outcome_);
  }

 private:
  // The answer of the first broken rule.
  bool answer() {
    outcome_.result_code = protocol::result_code_for(*rules_.first());
    outcome_.reply = error_reply(id_, *rules_.first());
    return false;
  }
  // A failure after which nothing more can be checked.
  bool fail(const Error& error) {
    rules_.add(error);
    return answer();
  }
  // Goes on unless a broken rule stops the request.
  bool go_on() { return rules_.stop() ? answer() : true; }

  // Runs `change` with the request's tokenInfo and transId consumed, in one transaction.
  Status commit(const std::function<Status()>& change) {
    return store_.commit_with_nonce(system_->org_code, header_.token_info, header_.extend.trans_id,
                                    since_, at_, change);
  }

  // 1. Strict JSON and the table message.
  bool parse(std::string_view body) {
    auto message = protocol::parse_json(body);
    if (!message.ok()) return fail(message.error());
    message_ = std::move(message).value();
    protocol::ParseNotes notes;
    switch (id_) {
      case Interface::kSealMaking: {
        auto request = protocol::SealMakingRequest::from_json(message_, &notes);
        if (!request.ok()) return fail(request.error());
        header_ = request->header;
        make_ = std::move(request).value();
        break;
      }
      case Interface::kDownloadSeal: {
        auto request = protocol::DownloadSealRequest::from_json(message_, &notes);
        if (!request.ok()) return fail(request.error());
        header_ = request->header;
        seal_codes_ = request->seal_codes;
        break;
      }
      case Interface::kRevocation: {
        auto request = protocol::RevocationRequest::from_json(message_, &notes);
        if (!request.ok()) return fail(request.error());
        header_ = request->header;
        for (const auto& item : request->items) seal_codes_.push_back(item.yzbm);
        break;
      }
    }
    rules_.add_deviations(notes.deviations);
    return true;
  }

  // 2. The sender: the registered system whose certificate is initiatorCert. A revocation
  //    without extendData is attributed to the owner of its first seal.
  bool identify_sender() {
    if (!header_.extend.initiator_cert.empty()) {
      auto cert = initiator_certificate(header_);
      if (!cert.ok()) return fail(cert.error());
      auto found = store_.system_by_certificate(fingerprint(*cert));
      if (!found.ok()) return fail(found.error());
      system_ = *found;
    } else if (!seal_codes_.empty()) {
      auto seal = store_.seal(seal_codes_.front());
      if (!seal.ok()) return fail(seal.error());
      if (*seal) {
        auto found = store_.system_by_org((*seal)->org_code);
        if (!found.ok()) return fail(found.error());
        system_ = *found;
      }
    }
    if (!system_) {
      return fail(make_error("province.system.unknown",
                             "the sender is not a registered system (initiatorCert unknown)",
                             "extendData.initiatorCert"));
    }
    outcome_.org_code = system_->org_code;
    return true;
  }

  // 3. The envelope signature, with the registered certificate.
  bool check_signature() {
    auto system_cert = crypto::Certificate::from_der(system_->cert_der);
    if (!system_cert.ok()) return fail(system_cert.error());
    auto system_key = system_cert->public_key();
    if (!system_key.ok()) return fail(system_key.error());
    if (auto s = protocol::verify_message(message_, *system_key, data_.config().signing_rule);
        !s.ok()) {
      rules_.add(s.error());
    }
    return go_on();
  }

  // 4. Replay of tokenInfo / transId within the window.
  bool check_replay() {
    at_ = now();
    since_ = at_ - std::chrono::seconds(data_.config().replay_window_seconds);
    auto used =
        store_.nonce_used(system_->org_code, header_.token_info, header_.extend.trans_id, since_);
    if (!used.ok()) return fail(used.error());
    if (*used) {
      rules_.add(make_error("province.replay",
                            "tokenInfo or transId was already used within the replay window",
                            "tokenInfo"));
    }
    return go_on();
  }

  // 5. The interface.
  bool perform() {
    switch (id_) {
      case Interface::kSealMaking:
        return check_seal_making() && make_seal();
      case Interface::kDownloadSeal:
        return download();
      case Interface::kRevocation:
        return check_revocable() && revoke();
    }
    return fail(make_error("province.internal", "unknown interface"));
  }

  // Seal making, its rules: the appendix 2 field rules, then what the insert would refuse anyway
  // (checked before the costly signature).
  bool check_seal_making() {
    protocol::SealMakingContext context;
    context.registered_org_code = system_->org_code;
    context.now = at_;
    const auto violations = protocol::seal_making_violations(*make_, context);
    for (const Error& violation : violations) rules_.add(violation);
    if (!go_on()) return false;
    auto signer_cert = validate::decode_signer_certificate(make_->data.sign_cert);
    // The field rules already name an undecodable certificate.
    if (!signer_cert.ok() && violations.empty()) rules_.add(signer_cert.error());
    if (!go_on()) return false;
    auto existing = store_.seal(make_->data.seal_num);
    if (!existing.ok()) return fail(existing.error());
    if (*existing) {
      rules_.add(make_error("province.seal.exists",
                            "seal code " + make_->data.seal_num + " is already used", "sealNum"));
    }
    if (!go_on()) return false;
    if (signer_cert.ok()) {
      auto bound = store_.seal_by_certificate(fingerprint(*signer_cert));
      if (!bound.ok()) return fail(bound.error());
      if (*bound) {
        rules_.add(make_error("province.seal.cert_in_use",
                              "the signer certificate already serves seal " + (*bound)->seal_code +
                                  " (one certificate serves one seal only)",
                              "signCert"));
      }
    }
    if (rules_.first()) return answer();
    signer_cert_ = std::move(signer_cert).value();
    return true;
  }

  // Seal making, the work: the seal (SES_Seal v4, signed by the province's maker key) stored.
  bool make_seal() {
    SealRecord record;
    record.seal_code = make_->data.seal_num;
    record.org_code = system_->org_code;
    record.seal_name = make_->data.seal_name;
    record.signer_cert_fingerprint = fingerprint(*signer_cert_);
    record.task_id = protocol::new_trans_id();
    record.created_at = at_;
    record.status_at = at_;
    auto seal = make_provincial_seal(make_->data, *signer_cert_, data_.maker(), data_.config().vid);
    if (!seal.ok()) return fail(seal.error());
    record.seal_der = std::move(seal).value();
    if (auto s = commit([&] { return store_.insert_seal(record); }); !s.ok())
      return fail(s.error());
    protocol::SealMakingResponse reply;
    reply.header = protocol::make_response_header(id_, "0", "印章制作成功");
    reply.task_id = record.task_id;
    outcome_.reply = reply.to_json();
    return true;
  }

  // One download item: the seal's DER, or why this sender cannot have it.
  Result<Bytes> downloadable_seal(const std::string& code) {
    GMSEAL_ASSIGN_OR_RETURN(const std::optional<SealRecord> seal, store_.seal(code));
    if (!seal) return make_error("province.seal.not_found", "no seal with code " + code, "yzbm");
    if (seal->org_code != system_->org_code) {
      return make_error("province.seal.not_owner", "seal " + code + " belongs to another system",
                        "yzbm");
    }
    if (seal->status == "revoked" || seal->status == "cancelled") {
      return make_error("province.seal.bad_state", "seal " + code + " is " + seal->status, "yzbm");
    }
    return seal->seal_der;
  }

  // Download: each item answers for itself; the request succeeds when any item does.
  bool download() {
    protocol::DownloadSealResponse reply;
    bool any_ok = false;
    std::string first_error;
    for (const auto& code : seal_codes_) {
      protocol::DownloadItem item;
      item.yzbm = code;
      if (auto der = downloadable_seal(code); der.ok()) {
        item.error_code = "0";
        item.error_msg = "下载成功";
        item.seal_data = base64_encode(*der);
        any_ok = true;
      } else {
        // An item's error is that item's answer, not the request's.
        item.error_code = protocol::result_code_for(der.error());
        item.error_msg = protocol::result_message_for(der.error());
        outcome_.violations.push_back(describe(der.error()));
        if (first_error.empty()) first_error = item.error_code;
      }
      reply.items.push_back(std::move(item));
    }
    if (rules_.first()) return answer();  // strict mode, an earlier rule broken
    if (auto s = commit([] { return Status{}; }); !s.ok()) return fail(s.error());
    reply.header = any_ok ? protocol::make_response_header(id_, "0", "下载成功")
                          : protocol::make_response_header(id_, first_error, "没有可下载的印章");
    outcome_.result_code = reply.header.result_code;
    outcome_.reply = reply.to_json();
    return any_ok;
  }

  // Revocation, its rules. All or nothing: every seal must exist, belong to the sender and not
  // be final yet.
  bool check_revocable() {
    for (const auto& code : seal_codes_) {
      auto seal = store_.seal(code);
      if (!seal.ok()) return fail(seal.error());
      if (!*seal) {
        rules_.add(make_error("province.seal.not_found", "no seal with code " + code, "yzbm"));
      } else if ((*seal)->org_code != system_->org_code) {
        rules_.add(make_error("province.seal.not_owner",
                              "seal " + code + " belongs to another system", "yzbm"));
      } else if ((*seal)->status == "revoked" || (*seal)->status == "cancelled") {
        rules_.add(make_error("province.seal.bad_state",
                              "seal " + code + " is already " + (*seal)->status, "yzbm"));
      }
      if (!go_on()) return false;
    }
    return rules_.first() ? answer() : true;
  }

  // Revocation, the work: every seal revoked, the revocation list's version moved.
  bool revoke() {
    const auto change = [&]() -> Status {
      for (const auto& code : seal_codes_) {
        GMSEAL_RETURN_IF_ERROR(store_.set_seal_status(code, "revoked", "revocationSealInfo", at_));
      }
      GMSEAL_ASSIGN_OR_RETURN([[maybe_unused]] long long version,
                              store_.next_counter("revocation_list"));
      return {};
    };
    if (auto s = commit(change); !s.ok()) return fail(s.error());
    outcome_.reply =
        protocol::RevocationResponse{protocol::make_response_header(id_, "0", "信息上传成功")}
            .to_json();
    return true;
  }

  const Interface id_;
  Store& store_;
  const ProvinceData& data_;
  Outcome outcome_;
  BrokenRules rules_;  // adds to outcome_
  Json message_;
  protocol::RequestHeader header_;
  std::vector<std::string> seal_codes_;  // download / revocation items
  std::optional<protocol::SealMakingRequest> make_;
  std::optional<SystemRecord> system_;
  std::optional<crypto::Certificate> signer_cert_;
  Time at_{};
  Time since_{};
};

}  // namespace

Result<std::unique_ptr<ProvinceService>> ProvinceService::open(ProvinceData data,
                                                               ServiceOptions options) {
  GMSEAL_ASSIGN_OR_RETURN(auto store, Store::open(data.store_path()));
  return std::unique_ptr<ProvinceService>(
      new ProvinceService(std::move(data), options, std::move(store)));
}

Status ProvinceService::sign(Json& reply) const {
  crypto::SoftSigner signer(data_.system().key);
  return protocol::sign_message(reply, signer, data_.config().signing_rule);
}

void apply_reply_signing(Outcome& outcome, const Status& signing) {
  if (signing.ok()) return;
  const Error error = make_error("province.internal",
                                 "the reply could not be signed: " + signing.error().to_string());
  outcome.violations.push_back(describe(signing.error()));
  outcome.result_code = protocol::result_code_for(error);
  outcome.reply =
      Json{{"resultCode", outcome.result_code}, {"resultMsg", protocol::result_message_for(error)}};
  outcome.http_status = 500;
  spdlog::error("province: {}", error.message);
}

void ProvinceService::sign_reply(Outcome& outcome) const {
  apply_reply_signing(outcome, sign(outcome.reply));
}

Result<protocol::RegistrationPackage> ProvinceService::register_system(
    const crypto::Certificate& system_cert, const std::string& org_code,
    const std::string& org_name, const std::string& service_address) {
  if (!system_cert.public_key().ok()) {
    return make_error("province.register.bad_input", "the system certificate has no SM2 key");
  }
  GMSEAL_ASSIGN_OR_RETURN(auto package,
                          data_.make_registration(org_code, org_name, service_address));
  SystemRecord record{org_code, org_name, fingerprint(system_cert), system_cert.der(), now()};
  GMSEAL_RETURN_IF_ERROR(store_->put_system(record));
  // Org codes are IA5 text; keep the file name safe anyway.
  std::string file = org_code;
  for (char& c : file) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  GMSEAL_RETURN_IF_ERROR(
      write_file_atomic(data_.dir() / "registrations" / (file + ".der"), package.der()));
  return package;
}

void ProvinceService::log(const std::string& name, const std::string& remote, std::string_view body,
                          const Outcome& outcome) {
  if (!options_.strict) return;
  RequestLog entry;
  entry.at = now();
  entry.interface_name = name;
  entry.remote = remote;
  entry.org_code = outcome.org_code;
  entry.result_code = outcome.result_code;
  entry.violations = outcome.violations;
  entry.body = std::string(body);
  // The log is a diagnostic: a failure must not fail the call, but it is said.
  if (auto logged = store_->log_request(entry); !logged.ok()) {
    spdlog::warn("province: cannot log the {} request: {}", name, logged.error().to_string());
  }
}

Outcome ProvinceService::handle(Interface id, std::string_view body, const std::string& remote) {
  Outcome outcome = process(id, body);
  sign_reply(outcome);
  log(std::string(protocol::interface_spec(id).name), remote, body, outcome);
  return outcome;
}

Outcome ProvinceService::process(Interface id, std::string_view body) {
  return TableRequest(id, *store_, data_, options_.strict).run(body);
}

Outcome ProvinceService::change_status(std::string_view body, const std::string& remote) {
  Outcome outcome;
  BrokenRules rules(outcome, options_.strict);
  const auto answer = [&outcome, &rules] {
    outcome.result_code = protocol::result_code_for(*rules.first());
    outcome.reply = status_reply(protocol::kStatusChangeTaskCode, protocol::kStatusChangeTaskType,
                                 outcome.result_code, protocol::result_message_for(*rules.first()));
    return outcome;
  };
  const auto fail = [&rules, &answer](const Error& error) {
    rules.add(error);
    return answer();
  };
  const auto run = [&]() -> Outcome {
    auto message = protocol::parse_json(body);
    if (!message.ok()) return fail(message.error());
    auto request = protocol::StatusChangeRequest::from_json(*message);
    if (!request.ok()) return fail(request.error());
    // The header forms the table interfaces accept only outside strict mode.
    rules.add_deviations(header_deviations(request->header));
    auto cert = initiator_certificate(request->header);
    if (!cert.ok()) return fail(cert.error());
    auto system = store_->system_by_certificate(fingerprint(*cert));
    if (!system.ok()) return fail(system.error());
    if (!*system) {
      return fail(make_error("province.system.unknown", "the sender is not a registered system",
                             "extendData.initiatorCert"));
    }
    outcome.org_code = (*system)->org_code;
    auto key = cert->public_key();
    if (!key.ok()) return fail(key.error());
    if (auto s = protocol::verify_message(*message, *key, data_.config().signing_rule); !s.ok()) {
      rules.add(s.error());
    }
    if (rules.stop()) return answer();
    const Time at = now();
    const Time since = at - std::chrono::seconds(data_.config().replay_window_seconds);
    auto used = store_->nonce_used(outcome.org_code, request->header.token_info,
                                   request->header.extend.trans_id, since);
    if (!used.ok()) return fail(used.error());
    if (*used) {
      rules.add(
          make_error("province.replay", "tokenInfo or transId was already used", "tokenInfo"));
    }
    if (rules.stop()) return answer();
    auto seal = store_->seal(request->yzbm);
    if (!seal.ok()) return fail(seal.error());
    if (!*seal) {
      return fail(
          make_error("province.seal.not_found", "no seal with code " + request->yzbm, "data.yzbm"));
    }
    if ((*seal)->org_code != outcome.org_code) {
      rules.add(make_error("province.seal.not_owner",
                           "seal " + request->yzbm + " belongs to another system", "data.yzbm"));
    }
    if (rules.stop()) return answer();
    const auto next = protocol::status_after((*seal)->status, request->action);
    if (!next) {
      rules.add(make_error(
          "province.seal.bad_state",
          "a " + (*seal)->status + " seal cannot take the action '" + request->action + "'",
          "data.action"));
    }
    if (rules.first()) return answer();
    const auto change = [&]() -> Status {
      GMSEAL_RETURN_IF_ERROR(store_->set_seal_status(request->yzbm, *next, request->reason, at));
      GMSEAL_ASSIGN_OR_RETURN([[maybe_unused]] long long version,
                              store_->next_counter("revocation_list"));
      return {};
    };
    if (auto s = store_->commit_with_nonce(outcome.org_code, request->header.token_info,
                                           request->header.extend.trans_id, since, at, change);
        !s.ok()) {
      return fail(s.error());
    }
    outcome.reply = status_reply(protocol::kStatusChangeTaskCode, protocol::kStatusChangeTaskType,
                                 "0", "状态变更成功");
    outcome.reply["data"] = {
        {"yzbm", request->yzbm}, {"sealStatus", *next}, {"statusTime", format_beijing_time(at)}};
    return outcome;
  };
  Outcome result = run();
  sign_reply(result);
  log(std::string(protocol::kStatusChangeTaskCode), remote, body, result);
  return result;
}

Result<std::string> ProvinceService::supervise_status(const std::string& seal_code,
                                                      const std::string& action,
                                                      const std::string& reason) {
  if (action != "revoke" && !protocol::is_known_action(action)) {
    return make_error("protocol.message.bad_action", "unknown status action '" + action + "'",
                      "action");
  }
  std::string next;
  const Status changed = store_->in_transaction([&]() -> Status {
    GMSEAL_ASSIGN_OR_RETURN(const auto seal, store_->seal(seal_code));
    if (!seal) return make_error("province.seal.not_found", "no seal with code " + seal_code);
    const bool final_state = seal->status == "revoked" || seal->status == "cancelled";
    const auto after = action == "revoke"
                           ? (final_state ? std::nullopt : std::optional<std::string>("revoked"))
                           : protocol::status_after(seal->status, action);
    if (!after) {
      return make_error("province.seal.bad_state",
                        "a " + seal->status + " seal cannot take the action '" + action + "'");
    }
    next = *after;
    GMSEAL_RETURN_IF_ERROR(store_->set_seal_status(seal_code, next, reason, now()));
    GMSEAL_RETURN_IF_ERROR(store_->next_counter("revocation_list"));
    return {};
  });
  if (!changed.ok()) return changed.error();
  return next;
}

Outcome ProvinceService::query_status(const std::string& seal_code) {
  Outcome outcome;
  auto seal = store_->seal(seal_code);
  if (!seal.ok() || !*seal) {
    const Error error =
        seal.ok() ? make_error("province.seal.not_found", "no seal with code " + seal_code, "yzbm")
                  : seal.error();
    outcome.result_code = protocol::result_code_for(error);
    outcome.reply = status_reply("querySealStatus", "20", outcome.result_code,
                                 protocol::result_message_for(error));
  } else {
    outcome.reply = status_reply("querySealStatus", "20", "0", "查询成功");
    outcome.reply["data"] = {{"yzbm", (*seal)->seal_code},
                             {"sealStatus", (*seal)->status},
                             {"statusTime", format_beijing_time((*seal)->status_at)},
                             {"orgCode", (*seal)->org_code}};
  }
  sign_reply(outcome);
  return outcome;
}

Outcome ProvinceService::revocation_list() {
  Outcome outcome;
  auto seals = store_->seals(/*only_not_valid=*/true);
  auto version = store_->counter("revocation_list");
  if (!seals.ok() || !version.ok()) {
    const Error error = seals.ok() ? version.error() : seals.error();
    outcome.result_code = protocol::result_code_for(error);
    outcome.reply = status_reply("revocationList", "22", outcome.result_code,
                                 protocol::result_message_for(error));
  } else {
    protocol::RevocationList list;
    const Time at = now();
    // The version counts status changes, so it moves exactly when the content may change.
    list.version = std::to_string(*version);
    list.this_update = format_beijing_time(at);
    list.next_update =
        format_beijing_time(at + std::chrono::hours(data_.config().revocation_list_hours));
    for (const auto& seal : *seals) {
      list.entries.push_back(
          {seal.seal_code, seal.status, format_beijing_time(seal.status_at), seal.org_code});
    }
    outcome.reply = status_reply("revocationList", "22", "0", "查询成功");
    outcome.reply["data"] = list.to_json();
  }
  sign_reply(outcome);
  return outcome;
}

}  // namespace gmseal::province
