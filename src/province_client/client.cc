#include "province_client/client.h"
#include "util/json_text.h"

#include <httplib.h>

#include <chrono>

#include "net/http_client.h"
#include "net/request_log.h"

namespace gmseal::province_client {

namespace {
constexpr const char* kJson = "application/json; charset=utf-8";

// A client made through net (TLS verified against --tls-ca); a URL it cannot use still gets a
// client, whose every request then fails with province.client.http.
std::unique_ptr<httplib::Client> client_for(const std::string& url) {
  auto made = net::make_client(url);
  return made.ok() ? std::move(made).value() : std::make_unique<httplib::Client>(url);
}

// Sends one request through `send` and returns its parsed reply; logs the exchange
// (net::log_call: status, time, resultCode).
template <typename Send>
Result<protocol::Json> exchange(std::string_view method, const std::string& target, Send send) {
  const auto start = std::chrono::steady_clock::now();
  const httplib::Result result = send();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const std::string what = std::string(method) + " " + target;
  if (!result) {
    net::log_call("province", method, target, 0, ms, httplib::to_string(result.error()));
    return make_error(
        "province.client.http",
        what + ": no reply (" + net::describe_http_error(result.error(), net::tls_ca_file()) + ")");
  }
  auto json = protocol::parse_json(result->body);
  std::string result_code = json.ok() ? "-" : "not-json";
  if (json.ok() && json->is_object() && json->contains("resultCode") &&
      (*json)["resultCode"].is_string()) {
    result_code = (*json)["resultCode"].get<std::string>();
  }
  net::log_call("province", method, target, result->status, ms, result_code);
  if (result->status != 200) {
    return make_error("province.client.http",
                      what + ": HTTP status " + std::to_string(result->status));
  }
  if (!json.ok()) {
    return make_error("province.client.bad_reply", what + ": " + json.error().message);
  }
  return std::move(json).value();
}
}  // namespace

ProvinceClient::ProvinceClient(ClientConfig config, crypto::Certificate system_cert,
                               std::shared_ptr<crypto::Signer> system_signer,
                               crypto::Certificate province_cert)
    : config_(std::move(config)),
      system_cert_(std::move(system_cert)),
      system_signer_(std::move(system_signer)),
      province_cert_(std::move(province_cert)),
      http_(client_for(config_.url)) {
  http_->set_tcp_nodelay(true);
  http_->set_keep_alive(true);
  http_->set_connection_timeout(config_.timeout_seconds, 0);
  http_->set_read_timeout(config_.timeout_seconds, 0);
}

ProvinceClient::~ProvinceClient() = default;

std::string ProvinceClient::initiator_cert() const { return base64_encode(system_cert_.der()); }

Status ProvinceClient::sign(protocol::Json& request) const {
  return protocol::sign_message(request, *system_signer_, config_.rule);
}

Result<protocol::Json> ProvinceClient::post_raw(std::string_view path, const std::string& body) {
  const std::string target = config_.base_path + std::string(path);
  return exchange("POST", target, [&] { return http_->Post(target.c_str(), body, kJson); });
}

Result<protocol::Json> ProvinceClient::get_raw(const std::string& path_and_query) {
  const std::string target = config_.base_path + path_and_query;
  return exchange("GET", target, [&] { return http_->Get(target.c_str()); });
}

Status ProvinceClient::verify_reply(const protocol::Json& reply) const {
  GMSEAL_ASSIGN_OR_RETURN(const auto key, province_cert_.public_key());
  return protocol::verify_message(reply, key, config_.rule);
}

Result<protocol::Json> ProvinceClient::verified(Result<protocol::Json> reply) const {
  if (!reply.ok()) return reply;
  GMSEAL_RETURN_IF_ERROR(verify_reply(*reply));
  return reply;
}

Result<protocol::Json> ProvinceClient::signed_post(std::string_view path, protocol::Json request) {
  GMSEAL_RETURN_IF_ERROR(sign(request));
  return verified(post_raw(path, json_text(request)));
}

Result<protocol::Json> ProvinceClient::verified_get(const std::string& path_and_query) {
  return verified(get_raw(path_and_query));
}

Result<protocol::Json> ProvinceClient::call(protocol::Interface id, protocol::Json request) {
  return signed_post(protocol::interface_spec(id).path, std::move(request));
}

Result<protocol::SealMakingResponse> ProvinceClient::make(const protocol::SealMakingData& data) {
  protocol::SealMakingRequest request;
  request.header = protocol::new_request_header(protocol::Interface::kSealMaking, initiator_cert(),
                                                data.seal_carrier);
  request.data = data;
  GMSEAL_ASSIGN_OR_RETURN(const auto reply,
                          call(protocol::Interface::kSealMaking, request.to_json()));
  return protocol::SealMakingResponse::from_json(reply);
}

Result<protocol::DownloadSealResponse> ProvinceClient::download(
    const std::vector<std::string>& seal_codes) {
  protocol::DownloadSealRequest request;
  request.header =
      protocol::new_request_header(protocol::Interface::kDownloadSeal, initiator_cert(), "1");
  request.seal_codes = seal_codes;
  GMSEAL_ASSIGN_OR_RETURN(const auto reply,
                          call(protocol::Interface::kDownloadSeal, request.to_json()));
  return protocol::DownloadSealResponse::from_json(reply);
}

Result<protocol::RevocationResponse> ProvinceClient::revoke(
    const std::vector<std::string>& seal_codes) {
  protocol::RevocationRequest request;
  request.header =
      protocol::new_request_header(protocol::Interface::kRevocation, initiator_cert(), "1");
  for (const auto& code : seal_codes) request.items.push_back({code, "", ""});
  GMSEAL_ASSIGN_OR_RETURN(const auto reply,
                          call(protocol::Interface::kRevocation, request.to_json()));
  return protocol::RevocationResponse::from_json(reply);
}

Result<protocol::Json> ProvinceClient::query_status(const std::string& seal_code) {
  return verified_get(std::string(protocol::kStatusQueryPath) +
                      "?yzbm=" + httplib::detail::encode_query_param(seal_code));
}

Result<protocol::Json> ProvinceClient::change_status(const std::string& seal_code,
                                                     const std::string& action,
                                                     const std::string& reason) {
  return signed_post(
      protocol::kStatusChangePath,
      protocol::new_status_change(initiator_cert(), seal_code, action, reason).to_json());
}

Result<protocol::RevocationList> ProvinceClient::revocation_list() {
  GMSEAL_ASSIGN_OR_RETURN(const auto reply,
                          verified_get(std::string(protocol::kRevocationListPath)));
  if (reply.value("resultCode", std::string()) != "0" || !reply.contains("data")) {
    return make_error("province.client.bad_reply",
                      "revocation list refused: " + reply.value("resultCodeMsg", std::string()));
  }
  return protocol::RevocationList::from_json(reply["data"]);
}

}  // namespace gmseal::province_client
