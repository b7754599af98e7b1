#include "server/province/http_province_gateway.h"

#include <httplib.h>

#include "protocol/messages.h"
#include "protocol/result_codes.h"
#include "protocol/status_messages.h"

namespace gmseal::server {

using protocol::Json;

namespace {

Error unavailable(const std::string& what) { return make_error("province.unavailable", what); }

// The province's answer when it is not "0". Codes that mean "this was already done" are success
// for a retried request (the first attempt reached the province but its reply was lost).
Status check_result(const Json& reply, bool retry,
                    std::initializer_list<std::string_view> done_codes) {
  const std::string code = reply.value("resultCode", "");
  if (code == protocol::kResultOk) return {};
  if (retry) {
    for (std::string_view done : done_codes) {
      if (code == done) return {};
    }
  }
  const std::string message = reply.value("resultCodeMsg", "");
  // 5000 is the province's internal error: worth retrying.
  if (code == "5000" || code.empty()) return unavailable("province error " + code + ": " + message);
  return make_error("province.rejected",
                    "the province refused (resultCode " + code + "): " + message);
}

}  // namespace

HttpProvinceGateway::HttpProvinceGateway(ProvinceEndpoint endpoint,
                                         crypto::Sm2PrivateKey system_key,
                                         crypto::Certificate system_cert)
    : initiator_cert_(base64_encode(system_cert.der())),
      client_(province_client::ClientConfig{endpoint.root_url, endpoint.base_path, endpoint.rule,
                                            endpoint.timeout_seconds},
              std::move(system_cert), std::make_shared<crypto::SoftSigner>(std::move(system_key)),
              std::move(endpoint.province_cert)) {}

// Whatever went wrong on the way (no connection, HTTP error, not JSON, a signature that does not
// verify) leaves the province's state unknown: retry later with the same transId.
Result<Json> HttpProvinceGateway::exchange(std::string_view path, Json request) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto reply = client_.signed_post(path, std::move(request));
  if (!reply.ok()) return unavailable(reply.error().message);
  return reply;
}

Result<Json> HttpProvinceGateway::fetch(const std::string& path_and_query) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto reply = client_.verified_get(path_and_query);
  if (!reply.ok()) return unavailable(reply.error().message);
  return reply;
}

Result<std::string> HttpProvinceGateway::make_seal(const SealMakingRequestData& d,
                                                   const std::string& trans_id, bool retry) {
  protocol::SealMakingRequest request;
  request.header =
      protocol::new_request_header(protocol::Interface::kSealMaking, initiator_cert_, d.carrier);
  request.header.extend.trans_id = trans_id;
  request.data.seal_name = d.seal_name;
  request.data.seal_num = d.seal_num;
  request.data.seal_specific_category = d.category;
  request.data.seal_height = d.height_mm;
  request.data.seal_width = d.width_mm;
  request.data.seal_img = d.image_base64;
  request.data.valid_start_time = d.valid_start;
  request.data.valid_end_time = d.valid_end;
  request.data.sign_cert = d.sign_cert_base64;
  request.data.bak_type = d.bak_type;
  request.data.seal_carrier = d.carrier;
  request.data.local_or = d.local_or;
  request.data.seal_type = d.seal_type;
  request.data.org_code = d.org_code;
  const std::string path(protocol::interface_spec(protocol::Interface::kSealMaking).path);
  GMSEAL_ASSIGN_OR_RETURN(const Json reply, exchange(path, request.to_json()));
  // 2003: replayed transId, 4001: seal code already used: the first attempt got through.
  GMSEAL_RETURN_IF_ERROR(check_result(reply, retry, {"2003", "4001"}));
  auto parsed = protocol::SealMakingResponse::from_json(reply);
  return parsed.ok() ? parsed->task_id : std::string();
}

Result<Bytes> HttpProvinceGateway::download_seal(const std::string& seal_code,
                                                 const std::string& carrier,
                                                 const std::string& trans_id, bool /*retry*/) {
  protocol::DownloadSealRequest request;
  request.header =
      protocol::new_request_header(protocol::Interface::kDownloadSeal, initiator_cert_, carrier);
  request.header.extend.trans_id = trans_id;
  request.seal_codes = {seal_code};
  const std::string path(protocol::interface_spec(protocol::Interface::kDownloadSeal).path);
  // A download changes nothing at the province, so a retry may reuse its transId only if the
  // province allows it; a fresh one is used instead (the outbox row still identifies the work).
  request.header.extend.trans_id = protocol::new_trans_id();
  GMSEAL_ASSIGN_OR_RETURN(const Json reply, exchange(path, request.to_json()));
  GMSEAL_RETURN_IF_ERROR(check_result(reply, false, {}));
  auto parsed = protocol::DownloadSealResponse::from_json(reply);
  if (!parsed.ok()) return unavailable("malformed download reply: " + parsed.error().message);
  for (const protocol::DownloadItem& item : parsed->items) {
    if (item.yzbm != seal_code) continue;
    if (item.error_code != "0") {
      return make_error("province.rejected",
                        "download of " + seal_code + " refused: " + item.error_msg);
    }
    auto der = base64_decode(item.seal_data);
    if (!der.ok() || der->empty()) return unavailable("the downloaded seal is not base64");
    return *der;
  }
  return unavailable("the download reply does not contain seal " + seal_code);
}

Status HttpProvinceGateway::revoke_seal(const std::string& seal_code, const std::string& /*reason*/,
                                        const std::string& trans_id, bool retry) {
  protocol::RevocationRequest request;
  request.header =
      protocol::new_request_header(protocol::Interface::kRevocation, initiator_cert_, "2");
  request.header.extend.trans_id = trans_id;
  request.items = {protocol::RevocationItem{seal_code, "", ""}};
  const std::string path(protocol::interface_spec(protocol::Interface::kRevocation).path);
  GMSEAL_ASSIGN_OR_RETURN(const Json reply, exchange(path, request.to_json()));
  // 4005: the seal is already revoked.
  return check_result(reply, retry, {"2003", "4005"});
}

Status HttpProvinceGateway::change_status(const std::string& seal_code, ProvinceStatusChange change,
                                          const std::string& trans_id, bool retry) {
  const char* action = change == ProvinceStatusChange::kFreeze     ? "freeze"
                       : change == ProvinceStatusChange::kUnfreeze ? "unfreeze"
                       : change == ProvinceStatusChange::kLoss     ? "loss"
                                                                   : "cancel";
  protocol::StatusChangeRequest request =
      protocol::new_status_change(initiator_cert_, seal_code, action, "");
  request.header.extend.trans_id = trans_id;
  GMSEAL_ASSIGN_OR_RETURN(const Json reply,
                          exchange(std::string(protocol::kStatusChangePath), request.to_json()));
  return check_result(reply, retry, {"2003", "4005"});
}

Result<std::string> HttpProvinceGateway::query_status(const std::string& seal_code) {
  GMSEAL_ASSIGN_OR_RETURN(const Json reply,
                          fetch(std::string(protocol::kStatusQueryPath) +
                                "?yzbm=" + httplib::detail::encode_query_param(seal_code)));
  GMSEAL_RETURN_IF_ERROR(check_result(reply, false, {}));
  if (!reply.contains("data") || !reply.at("data").is_object())
    return unavailable("malformed status reply");
  return reply.at("data").value("sealStatus", "");
}

Result<ProvinceStatusList> HttpProvinceGateway::status_list() {
  GMSEAL_ASSIGN_OR_RETURN(const Json reply, fetch(std::string(protocol::kRevocationListPath)));
  GMSEAL_RETURN_IF_ERROR(check_result(reply, false, {}));
  if (!reply.contains("data")) return unavailable("the revocation list reply has no data");
  auto list = protocol::RevocationList::from_json(reply.at("data"));
  if (!list.ok()) return unavailable("malformed revocation list: " + list.error().message);
  ProvinceStatusList out;
  out.version = list->version;
  for (const protocol::SealStatusInfo& e : list->entries) {
    out.entries.push_back({e.yzbm, e.seal_status, e.status_time});
  }
  return out;
}

}  // namespace gmseal::server
