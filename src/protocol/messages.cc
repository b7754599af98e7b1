#include "protocol/messages.h"

#include <array>

#include "protocol/envelope.h"

namespace gmseal::protocol {

namespace {

constexpr std::array<InterfaceSpec, 3> kInterfaces{{
    {Interface::kSealMaking, "sealMaking", "/gb/seal/make", "6", "6"},
    {Interface::kDownloadSeal, "downloadSeal", "/gb/seal/download", "7", "12"},
    {Interface::kRevocation, "revocationSealInfo", "/gb/revocationSealInfo", "2", "2"},
}};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

void note(ParseNotes* notes, std::string text) {
  if (notes != nullptr) notes->deviations.push_back(std::move(text));
}

// Finds `name`; a member whose name differs only by surrounding spaces (the samples'
// " taskId", "signValue ") is accepted with a note.
const Json* member(const Json& object, std::string_view name, ParseNotes* notes) {
  if (!object.is_object()) return nullptr;
  if (const auto it = object.find(std::string(name)); it != object.end()) return &*it;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (trim(it.key()) == name) {
      note(notes, "member name '" + it.key() + "' has surrounding spaces");
      return &it.value();
    }
  }
  return nullptr;
}

Error missing(std::string_view path) {
  return make_error("protocol.message.missing_field",
                    "required member '" + std::string(path) + "' is missing", std::string(path));
}

Result<std::string> required_string(const Json& object, std::string_view name,
                                    std::string_view path, ParseNotes* notes) {
  const Json* value = member(object, name, notes);
  if (value == nullptr) return missing(path);
  if (!value->is_string()) {
    return make_error("protocol.message.wrong_type",
                      "member '" + std::string(path) + "' must be a string", std::string(path));
  }
  return value->get<std::string>();
}

std::string optional_string(const Json& object, std::string_view name, ParseNotes* notes) {
  const Json* value = member(object, name, notes);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

bool is_hex(std::string_view text) {
  for (const char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

bool is_alnum(std::string_view text) {
  for (const char c : text) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!ok) return false;
  }
  return true;
}

// taskCode, version and taskTypeCode, common to requests and responses. `sample_task_codes` and
// `sample_task_types` are values the samples show instead of the table's.
Status read_codes(const Json& message, const InterfaceSpec& spec, std::string_view table_type,
                  std::initializer_list<std::string_view> sample_task_codes,
                  std::initializer_list<std::string_view> sample_task_types, std::string& task_code,
                  std::string& version, std::string& task_type, ParseNotes* notes) {
  if (!message.is_object()) {
    return make_error("protocol.message.not_object", "message is not a JSON object");
  }
  GMSEAL_ASSIGN_OR_RETURN(task_code, required_string(message, "taskCode", "taskCode", notes));
  const std::string_view code = trim(task_code);
  if (code != task_code) note(notes, "taskCode '" + task_code + "' has surrounding spaces");
  bool sample_code = false;
  for (const auto sample : sample_task_codes) sample_code = sample_code || code == sample;
  if (code != spec.name && !sample_code) {
    return make_error("protocol.message.bad_task_code",
                      "taskCode must be " + std::string(spec.name) + ", got '" + task_code + "'",
                      "taskCode");
  }
  if (sample_code) {
    note(notes, "taskCode '" + std::string(code) + "' (a sample's value; the table says " +
                    std::string(spec.name) + ")");
  }
  task_code = std::string(code);
  GMSEAL_ASSIGN_OR_RETURN(version, required_string(message, "version", "version", notes));
  if (trim(version) != kProtocolVersion) {
    return make_error("protocol.message.bad_version", "version must be 1.0, got '" + version + "'",
                      "version");
  }
  GMSEAL_ASSIGN_OR_RETURN(task_type,
                          required_string(message, "taskTypeCode", "taskTypeCode", notes));
  bool sample_type = false;
  for (const auto sample : sample_task_types) sample_type = sample_type || task_type == sample;
  if (task_type != table_type && !sample_type) {
    return make_error("protocol.message.bad_task_type_code",
                      "taskTypeCode must be " + std::string(table_type) + " for " +
                          std::string(spec.name) + ", got '" + task_type + "'",
                      "taskTypeCode");
  }
  if (sample_type) {
    note(notes, "taskTypeCode '" + task_type + "' (a sample's value; the table says " +
                    std::string(table_type) + ")");
  }
  return {};
}

Result<RequestHeader> read_request_header(const Json& message, Interface id,
                                          std::initializer_list<std::string_view> sample_codes,
                                          std::initializer_list<std::string_view> sample_types,
                                          ParseNotes* notes) {
  const InterfaceSpec& spec = interface_spec(id);
  RequestHeader header;
  GMSEAL_RETURN_IF_ERROR(read_codes(message, spec, spec.request_task_type, sample_codes,
                                    sample_types, header.task_code, header.version,
                                    header.task_type_code, notes));
  GMSEAL_ASSIGN_OR_RETURN(header.token_info,
                          required_string(message, "tokenInfo", "tokenInfo", notes));
  if (header.token_info.empty()) {
    return make_error("protocol.message.bad_token_info", "tokenInfo is empty", "tokenInfo");
  }
  if (header.token_info.size() != 16 || !is_alnum(header.token_info)) {
    note(notes, "tokenInfo '" + header.token_info + "' is not 16 random letters or digits");
  }
  const bool optional_extend = id == Interface::kRevocation;
  const Json* extend = member(message, "extendData", notes);
  header.has_extend = extend != nullptr;
  if (extend == nullptr) {
    if (!optional_extend) return missing("extendData");
    return header;
  }
  if (!extend->is_object()) {
    return make_error("protocol.message.wrong_type", "extendData must be an object", "extendData");
  }
  if (optional_extend) {
    header.extend.initiator_cert = optional_string(*extend, "initiatorCert", notes);
    header.extend.seal_carrier = optional_string(*extend, "sealCarrier", notes);
    header.extend.trans_id = optional_string(*extend, "transId", notes);
  } else {
    GMSEAL_ASSIGN_OR_RETURN(
        header.extend.initiator_cert,
        required_string(*extend, "initiatorCert", "extendData.initiatorCert", notes));
    GMSEAL_ASSIGN_OR_RETURN(
        header.extend.seal_carrier,
        required_string(*extend, "sealCarrier", "extendData.sealCarrier", notes));
    GMSEAL_ASSIGN_OR_RETURN(header.extend.trans_id,
                            required_string(*extend, "transId", "extendData.transId", notes));
    if (header.extend.trans_id.empty()) {
      return make_error("protocol.message.bad_trans_id", "extendData.transId is empty",
                        "extendData.transId");
    }
  }
  if (!header.extend.trans_id.empty() &&
      (header.extend.trans_id.size() != 32 || !is_hex(header.extend.trans_id))) {
    note(notes, "transId '" + header.extend.trans_id + "' is not 32 hex characters");
  }
  return header;
}

Json request_header_json(const RequestHeader& header) {
  Json out = {{"taskCode", header.task_code},
              {"version", header.version},
              {"tokenInfo", header.token_info},
              {"taskTypeCode", header.task_type_code}};
  if (header.has_extend) {
    out["extendData"] = {{"initiatorCert", header.extend.initiator_cert},
                         {"sealCarrier", header.extend.seal_carrier},
                         {"transId", header.extend.trans_id}};
  }
  return out;
}

Json response_header_json(const ResponseHeader& header) {
  return {{"taskCode", header.task_code},
          {"version", header.version},
          {"resultCode", header.result_code},
          {"resultCodeMsg", header.result_code_msg},
          {"taskTypeCode", header.task_type_code}};
}

Result<ResponseHeader> read_response_header(const Json& message, Interface id,
                                            std::initializer_list<std::string_view> sample_codes,
                                            std::initializer_list<std::string_view> sample_types,
                                            ParseNotes* notes) {
  const InterfaceSpec& spec = interface_spec(id);
  ResponseHeader header;
  GMSEAL_RETURN_IF_ERROR(read_codes(message, spec, spec.response_task_type, sample_codes,
                                    sample_types, header.task_code, header.version,
                                    header.task_type_code, notes));
  GMSEAL_ASSIGN_OR_RETURN(header.result_code,
                          required_string(message, "resultCode", "resultCode", notes));
  GMSEAL_ASSIGN_OR_RETURN(header.result_code_msg,
                          required_string(message, "resultCodeMsg", "resultCodeMsg", notes));
  return header;
}

// `data` as an object: a JSON text inside a string is accepted too (the make table types data
// as String).
Result<Json> data_member(const Json& message, ParseNotes* notes) {
  const Json* data = member(message, "data", notes);
  if (data == nullptr) return missing("data");
  if (data->is_string()) {
    auto parsed = parse_json(data->get_ref<const std::string&>());
    if (!parsed.ok()) {
      return make_error("protocol.message.wrong_type",
                        "data is a string but not a JSON text: " + parsed.error().message, "data");
    }
    return std::move(parsed).value();
  }
  return *data;
}

// An object or a list of objects.
Result<std::vector<Json>> data_items(const Json& data) {
  std::vector<Json> items;
  if (data.is_object()) {
    items.push_back(data);
  } else if (data.is_array()) {
    for (const auto& item : data) {
      if (!item.is_object()) {
        return make_error("protocol.message.wrong_type", "data list holds a non-object", "data");
      }
      items.push_back(item);
    }
  } else {
    return make_error("protocol.message.wrong_type", "data must be an object or a list of objects",
                      "data");
  }
  if (items.empty()) return make_error("protocol.message.missing_field", "data is empty", "data");
  return items;
}

}  // namespace

const InterfaceSpec& interface_spec(Interface id) {
  for (const auto& spec : kInterfaces) {
    if (spec.id == id) return spec;
  }
  return kInterfaces[0];
}

Result<Interface> request_interface(const Json& message) {
  if (message.is_object()) {
    const auto it = message.find("taskCode");
    if (it != message.end() && it->is_string()) {
      const std::string_view code = trim(it->get_ref<const std::string&>());
      for (const auto& spec : kInterfaces) {
        if (spec.name == code) return spec.id;
      }
    }
  }
  return make_error("protocol.message.bad_task_code", "taskCode names no known interface",
                    "taskCode");
}

RequestHeader new_request_header(Interface id, std::string initiator_cert_base64,
                                 std::string seal_carrier) {
  const InterfaceSpec& spec = interface_spec(id);
  RequestHeader header;
  header.task_code = std::string(spec.name);
  header.token_info = new_token_info();
  header.task_type_code = std::string(spec.request_task_type);
  header.extend = {std::move(initiator_cert_base64), std::move(seal_carrier), new_trans_id()};
  return header;
}

ResponseHeader make_response_header(Interface id, std::string result_code, std::string message) {
  const InterfaceSpec& spec = interface_spec(id);
  ResponseHeader header;
  header.task_code = std::string(spec.name);
  header.result_code = std::move(result_code);
  header.result_code_msg = std::move(message);
  header.task_type_code = std::string(spec.response_task_type);
  return header;
}

Json SealMakingData::to_json() const {
  return {{"sealName", seal_name},
          {"sealNum", seal_num},
          {"sealSpecificCategory", seal_specific_category},
          {"sealHeight", seal_height},
          {"sealWidth", seal_width},
          {"sealImg", seal_img},
          {"validStartTime", valid_start_time},
          {"validEndTime", valid_end_time},
          {"signCert", sign_cert},
          {"bakType", bak_type},
          {"sealCarrier", seal_carrier},
          {"localOr", local_or},
          {"sealType", seal_type},
          {"orgCode", org_code}};
}

Result<SealMakingData> SealMakingData::from_json(const Json& data) {
  if (!data.is_object()) {
    return make_error("protocol.message.wrong_type", "data must be an object", "data");
  }
  SealMakingData out;
  const std::pair<std::string_view, std::string*> fields[] = {
      {"sealName", &out.seal_name},
      {"sealNum", &out.seal_num},
      {"sealSpecificCategory", &out.seal_specific_category},
      {"sealHeight", &out.seal_height},
      {"sealWidth", &out.seal_width},
      {"sealImg", &out.seal_img},
      {"validStartTime", &out.valid_start_time},
      {"validEndTime", &out.valid_end_time},
      {"signCert", &out.sign_cert},
      {"bakType", &out.bak_type},
      {"sealCarrier", &out.seal_carrier},
      {"localOr", &out.local_or},
      {"sealType", &out.seal_type},
      {"orgCode", &out.org_code},
  };
  for (const auto& [name, target] : fields) {
    GMSEAL_ASSIGN_OR_RETURN(*target, required_string(data, name, name, nullptr));
  }
  return out;
}

Json SealMakingRequest::to_json() const {
  Json out = request_header_json(header);
  out["data"] = data.to_json();
  return out;
}

Result<SealMakingRequest> SealMakingRequest::from_json(const Json& message, ParseNotes* notes) {
  SealMakingRequest out;
  // The make sample says taskCode "downloadSeal" (a copy of the download sample).
  GMSEAL_ASSIGN_OR_RETURN(out.header, read_request_header(message, Interface::kSealMaking,
                                                          {"downloadSeal"}, {}, notes));
  GMSEAL_ASSIGN_OR_RETURN(const Json data, data_member(message, notes));
  GMSEAL_ASSIGN_OR_RETURN(out.data, SealMakingData::from_json(data));
  return out;
}

Json SealMakingResponse::to_json() const {
  Json out = response_header_json(header);
  if (!task_id.empty() || header.result_code == "0") out["data"] = {{"taskId", task_id}};
  return out;
}

Result<SealMakingResponse> SealMakingResponse::from_json(const Json& message, ParseNotes* notes) {
  SealMakingResponse out;
  // The sample reply says taskTypeCode "0".
  GMSEAL_ASSIGN_OR_RETURN(out.header,
                          read_response_header(message, Interface::kSealMaking, {}, {"0"}, notes));
  const Json* data = member(message, "data", notes);
  if (data == nullptr) {
    if (out.header.result_code == "0") return missing("data");
    return out;
  }
  if (!data->is_object()) {
    return make_error("protocol.message.wrong_type", "data must be an object", "data");
  }
  if (out.header.result_code == "0") {
    GMSEAL_ASSIGN_OR_RETURN(out.task_id, required_string(*data, "taskId", "data.taskId", notes));
  } else {
    out.task_id = optional_string(*data, "taskId", notes);
  }
  return out;
}

Json DownloadSealRequest::to_json() const {
  Json out = request_header_json(header);
  if (seal_codes.size() == 1) {
    out["data"] = {{"yzbm", seal_codes.front()}};
  } else {
    Json list = Json::array();
    for (const auto& code : seal_codes) list.push_back({{"yzbm", code}});
    out["data"] = list;
  }
  return out;
}

Result<DownloadSealRequest> DownloadSealRequest::from_json(const Json& message, ParseNotes* notes) {
  DownloadSealRequest out;
  // The download sample says taskTypeCode "12" (the reply's value).
  GMSEAL_ASSIGN_OR_RETURN(
      out.header, read_request_header(message, Interface::kDownloadSeal, {}, {"12"}, notes));
  GMSEAL_ASSIGN_OR_RETURN(const Json data, data_member(message, notes));
  GMSEAL_ASSIGN_OR_RETURN(const auto items, data_items(data));
  for (const auto& item : items) {
    GMSEAL_ASSIGN_OR_RETURN(std::string code, required_string(item, "yzbm", "data.yzbm", notes));
    out.seal_codes.push_back(std::move(code));
  }
  return out;
}

Json DownloadSealResponse::to_json() const {
  Json out = response_header_json(header);
  Json list = Json::array();
  for (const auto& item : items) {
    list.push_back({{"errorCode", item.error_code},
                    {"errorMsg", item.error_msg},
                    {"yzbm", item.yzbm},
                    {"sealData", item.seal_data}});
  }
  if (list.size() == 1) {
    out["data"] = list.front();
  } else if (!list.empty()) {
    out["data"] = list;
  }
  return out;
}

Result<DownloadSealResponse> DownloadSealResponse::from_json(const Json& message,
                                                             ParseNotes* notes) {
  DownloadSealResponse out;
  // The download reply sample says taskCode "confirmReceipt" and taskTypeCode "0或1".
  GMSEAL_ASSIGN_OR_RETURN(out.header, read_response_header(message, Interface::kDownloadSeal,
                                                           {"confirmReceipt"}, {"0", "1"}, notes));
  const Json* data = member(message, "data", notes);
  if (data == nullptr) {
    if (out.header.result_code == "0") return missing("data");
    return out;
  }
  GMSEAL_ASSIGN_OR_RETURN(const auto items, data_items(*data));
  for (const auto& item : items) {
    DownloadItem parsed;
    GMSEAL_ASSIGN_OR_RETURN(parsed.error_code,
                            required_string(item, "errorCode", "data.errorCode", notes));
    parsed.error_msg = optional_string(item, "errorMsg", notes);
    GMSEAL_ASSIGN_OR_RETURN(parsed.yzbm, required_string(item, "yzbm", "data.yzbm", notes));
    if (member(item, "sealData", notes) != nullptr) {
      GMSEAL_ASSIGN_OR_RETURN(parsed.seal_data,
                              required_string(item, "sealData", "data.sealData", notes));
    } else if (member(item, "data", notes) != nullptr) {
      note(notes, "seal data in 'data' (the sample's name; the table says sealData)");
      GMSEAL_ASSIGN_OR_RETURN(parsed.seal_data, required_string(item, "data", "data.data", notes));
    } else if (parsed.error_code == "0") {
      return missing("data.sealData");
    }
    out.items.push_back(std::move(parsed));
  }
  return out;
}

Json RevocationRequest::to_json() const {
  Json out = request_header_json(header);
  const auto item_json = [](const RevocationItem& item) {
    Json j = {{"yzbm", item.yzbm}};
    if (!item.device_code.empty()) j["deviceCode"] = item.device_code;
    if (!item.enc_device_code.empty()) j["encDeviceCode"] = item.enc_device_code;
    return j;
  };
  if (items.size() == 1) {
    out["data"] = item_json(items.front());
  } else {
    Json list = Json::array();
    for (const auto& item : items) list.push_back(item_json(item));
    out["data"] = list;
  }
  return out;
}

Result<RevocationRequest> RevocationRequest::from_json(const Json& message, ParseNotes* notes) {
  RevocationRequest out;
  GMSEAL_ASSIGN_OR_RETURN(out.header,
                          read_request_header(message, Interface::kRevocation, {}, {}, notes));
  GMSEAL_ASSIGN_OR_RETURN(const Json data, data_member(message, notes));
  GMSEAL_ASSIGN_OR_RETURN(const auto items, data_items(data));
  for (const auto& item : items) {
    RevocationItem parsed;
    GMSEAL_ASSIGN_OR_RETURN(parsed.yzbm, required_string(item, "yzbm", "data.yzbm", notes));
    parsed.device_code = optional_string(item, "deviceCode", notes);
    parsed.enc_device_code = optional_string(item, "encDeviceCode", notes);
    out.items.push_back(std::move(parsed));
  }
  return out;
}

Json RevocationResponse::to_json() const { return response_header_json(header); }

Result<RevocationResponse> RevocationResponse::from_json(const Json& message, ParseNotes* notes) {
  RevocationResponse out;
  GMSEAL_ASSIGN_OR_RETURN(out.header,
                          read_response_header(message, Interface::kRevocation, {}, {}, notes));
  return out;
}

}  // namespace gmseal::protocol
