#include "protocol/status_messages.h"

#include <array>

#include "protocol/envelope.h"

namespace gmseal::protocol {

namespace {

struct Transition {
  std::string_view action;
  std::array<std::string_view, 3> from;
  std::string_view to;
};

constexpr std::array<Transition, 4> kTransitions{{
    {"freeze", {"valid", "", ""}, "frozen"},
    {"unfreeze", {"frozen", "", ""}, "valid"},
    {"loss", {"valid", "frozen", ""}, "lost"},
    {"cancel", {"valid", "frozen", "lost"}, "cancelled"},
}};

Result<std::string> string_member(const Json& object, const char* name, const char* path) {
  const auto it = object.find(name);
  if (it == object.end()) {
    return make_error("protocol.message.missing_field",
                      std::string("required member '") + path + "' is missing", path);
  }
  if (!it->is_string()) {
    return make_error("protocol.message.wrong_type",
                      std::string("member '") + path + "' must be a string", path);
  }
  return it->get<std::string>();
}

}  // namespace

std::optional<std::string> status_after(std::string_view status, std::string_view action) {
  for (const auto& t : kTransitions) {
    if (t.action != action) continue;
    for (const auto from : t.from) {
      if (!from.empty() && from == status) return std::string(t.to);
    }
  }
  return std::nullopt;
}

bool is_known_action(std::string_view action) {
  for (const auto& t : kTransitions) {
    if (t.action == action) return true;
  }
  return false;
}

Json StatusChangeRequest::to_json() const {
  return {{"taskCode", header.task_code},
          {"version", header.version},
          {"tokenInfo", header.token_info},
          {"taskTypeCode", header.task_type_code},
          {"extendData",
           {{"initiatorCert", header.extend.initiator_cert},
            {"sealCarrier", header.extend.seal_carrier},
            {"transId", header.extend.trans_id}}},
          {"data", {{"yzbm", yzbm}, {"action", action}, {"reason", reason}}}};
}

Result<StatusChangeRequest> StatusChangeRequest::from_json(const Json& message) {
  if (!message.is_object()) {
    return make_error("protocol.message.not_object", "message is not a JSON object");
  }
  StatusChangeRequest out;
  GMSEAL_ASSIGN_OR_RETURN(out.header.task_code, string_member(message, "taskCode", "taskCode"));
  if (out.header.task_code != kStatusChangeTaskCode) {
    return make_error("protocol.message.bad_task_code", "taskCode must be changeSealStatus",
                      "taskCode");
  }
  GMSEAL_ASSIGN_OR_RETURN(out.header.version, string_member(message, "version", "version"));
  if (out.header.version != kProtocolVersion) {
    return make_error("protocol.message.bad_version", "version must be 1.0", "version");
  }
  GMSEAL_ASSIGN_OR_RETURN(out.header.token_info, string_member(message, "tokenInfo", "tokenInfo"));
  GMSEAL_ASSIGN_OR_RETURN(out.header.task_type_code,
                          string_member(message, "taskTypeCode", "taskTypeCode"));
  if (out.header.task_type_code != kStatusChangeTaskType) {
    return make_error("protocol.message.bad_task_type_code", "taskTypeCode must be 21",
                      "taskTypeCode");
  }
  const auto extend = message.find("extendData");
  if (extend == message.end() || !extend->is_object()) {
    return make_error("protocol.message.missing_field", "required member 'extendData' is missing",
                      "extendData");
  }
  GMSEAL_ASSIGN_OR_RETURN(out.header.extend.initiator_cert,
                          string_member(*extend, "initiatorCert", "extendData.initiatorCert"));
  GMSEAL_ASSIGN_OR_RETURN(out.header.extend.seal_carrier,
                          string_member(*extend, "sealCarrier", "extendData.sealCarrier"));
  GMSEAL_ASSIGN_OR_RETURN(out.header.extend.trans_id,
                          string_member(*extend, "transId", "extendData.transId"));
  const auto data = message.find("data");
  if (data == message.end() || !data->is_object()) {
    return make_error("protocol.message.missing_field", "required member 'data' is missing",
                      "data");
  }
  GMSEAL_ASSIGN_OR_RETURN(out.yzbm, string_member(*data, "yzbm", "data.yzbm"));
  GMSEAL_ASSIGN_OR_RETURN(out.action, string_member(*data, "action", "data.action"));
  if (!is_known_action(out.action)) {
    return make_error(
        "protocol.message.bad_action",
        "data.action must be freeze, unfreeze, loss or cancel, got '" + out.action + "'",
        "data.action");
  }
  if (const auto it = data->find("reason"); it != data->end() && it->is_string()) {
    out.reason = it->get<std::string>();
  }
  return out;
}

StatusChangeRequest new_status_change(std::string initiator_cert_base64, std::string yzbm,
                                      std::string action, std::string reason) {
  StatusChangeRequest out;
  out.header.task_code = std::string(kStatusChangeTaskCode);
  out.header.token_info = new_token_info();
  out.header.task_type_code = std::string(kStatusChangeTaskType);
  out.header.extend = {std::move(initiator_cert_base64), "1", new_trans_id()};
  out.yzbm = std::move(yzbm);
  out.action = std::move(action);
  out.reason = std::move(reason);
  return out;
}

Json RevocationList::to_json() const {
  Json list = Json::array();
  for (const auto& e : entries) {
    list.push_back(
        {{"yzbm", e.yzbm}, {"sealStatus", e.seal_status}, {"statusTime", e.status_time}});
  }
  return {{"version", version},
          {"thisUpdate", this_update},
          {"nextUpdate", next_update},
          {"entries", list}};
}

Result<RevocationList> RevocationList::from_json(const Json& data) {
  if (!data.is_object()) {
    return make_error("protocol.message.wrong_type", "data must be an object", "data");
  }
  RevocationList out;
  GMSEAL_ASSIGN_OR_RETURN(out.version, string_member(data, "version", "data.version"));
  GMSEAL_ASSIGN_OR_RETURN(out.this_update, string_member(data, "thisUpdate", "data.thisUpdate"));
  GMSEAL_ASSIGN_OR_RETURN(out.next_update, string_member(data, "nextUpdate", "data.nextUpdate"));
  const auto entries = data.find("entries");
  if (entries == data.end() || !entries->is_array()) {
    return make_error("protocol.message.missing_field", "data.entries must be a list",
                      "data.entries");
  }
  for (const auto& entry : *entries) {
    if (!entry.is_object()) {
      return make_error("protocol.message.wrong_type", "entries hold objects", "data.entries");
    }
    SealStatusInfo info;
    GMSEAL_ASSIGN_OR_RETURN(info.yzbm, string_member(entry, "yzbm", "entries.yzbm"));
    GMSEAL_ASSIGN_OR_RETURN(info.seal_status,
                            string_member(entry, "sealStatus", "entries.sealStatus"));
    GMSEAL_ASSIGN_OR_RETURN(info.status_time,
                            string_member(entry, "statusTime", "entries.statusTime"));
    out.entries.push_back(std::move(info));
  }
  return out;
}

}  // namespace gmseal::protocol
