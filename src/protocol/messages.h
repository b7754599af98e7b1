// Provincial interface messages (specification, "外部接口"; appendix 2 for the seal data), as
// the parameter tables define them. The tables are normative: to_json() writes exactly the
// table form. from_json() also accepts the forms the samples show where they contradict the
// tables, and lists each such departure in `notes` (docs/province-protocol.md, decisions D1-D9):
// a strict peer rejects messages with notes, a lenient one accepts them.
//
//   interface            path (under the base)       taskCode            taskTypeCode req/resp
//   seal making          /gb/seal/make               sealMaking          6 / 6
//   seal download        /gb/seal/download           downloadSeal        7 / 12
//   seal revocation      /gb/revocationSealInfo      revocationSealInfo  2 / 2
//
// to_json() never adds signInfo (envelope.h signs a message).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocol/canonical_json.h"
#include "util/error.h"

namespace gmseal::protocol {

enum class Interface { kSealMaking, kDownloadSeal, kRevocation };

struct InterfaceSpec {
  Interface id;
  std::string_view name;  // "sealMaking": also the taskCode
  std::string_view path;  // under the base path
  std::string_view request_task_type;
  std::string_view response_task_type;
};
const InterfaceSpec& interface_spec(Interface id);

inline constexpr std::string_view kDefaultBasePath = "/anysign-ess-server-service";

// Departures from the tables that a lenient reader accepted.
struct ParseNotes {
  std::vector<std::string> deviations;
};

struct ExtendData {
  std::string initiator_cert;  // base64 DER system certificate of the sender
  std::string seal_carrier;    // "1" UKey, "2" server
  std::string trans_id;        // 32 hex characters
};

struct RequestHeader {
  std::string task_code;
  std::string version = "1.0";
  std::string token_info;
  std::string task_type_code;
  ExtendData extend;
  bool has_extend = true;  // extendData is optional for revocation only
};

struct ResponseHeader {
  std::string task_code;
  std::string version = "1.0";
  std::string result_code = "0";
  std::string result_code_msg;
  std::string task_type_code;
};

// Appendix 2 (印章制作信息数据); every value is a string on the wire.
struct SealMakingData {
  std::string seal_name;               // sealName
  std::string seal_num;                // sealNum
  std::string seal_specific_category;  // sealSpecificCategory 01-05
  std::string seal_height;             // sealHeight (mm)
  std::string seal_width;              // sealWidth (mm)
  std::string seal_img;                // sealImg (base64 PNG)
  std::string valid_start_time;        // validStartTime yyyy-MM-dd HH:mm:ss
  std::string valid_end_time;          // validEndTime
  std::string sign_cert;               // signCert (base64 DER)
  std::string bak_type;                // bakType 1/2
  std::string seal_carrier;            // sealCarrier 1/2
  std::string local_or;                // localOr Y/N
  std::string seal_type;               // sealType PNG
  std::string org_code;                // orgCode

  Json to_json() const;
  // Every missing or non-string member is an error: protocol.message.missing_field /
  // protocol.message.wrong_type (field = the member name).
  static Result<SealMakingData> from_json(const Json& data);
};

struct SealMakingRequest {
  RequestHeader header;
  SealMakingData data;
  Json to_json() const;
  static Result<SealMakingRequest> from_json(const Json& message, ParseNotes* notes = nullptr);
};

struct SealMakingResponse {
  ResponseHeader header;
  std::string task_id;  // data.taskId
  Json to_json() const;
  static Result<SealMakingResponse> from_json(const Json& message, ParseNotes* notes = nullptr);
};

struct DownloadSealRequest {
  RequestHeader header;
  std::vector<std::string> seal_codes;  // data.yzbm (table: one; sample: a list)
  Json to_json() const;
  static Result<DownloadSealRequest> from_json(const Json& message, ParseNotes* notes = nullptr);
};

struct DownloadItem {
  std::string error_code = "0";
  std::string error_msg;
  std::string yzbm;
  std::string seal_data;  // base64 DER SES_Seal (table: sealData; sample: data)
};

struct DownloadSealResponse {
  ResponseHeader header;
  std::vector<DownloadItem> items;  // written as one object when there is one item (table form)
  Json to_json() const;
  static Result<DownloadSealResponse> from_json(const Json& message, ParseNotes* notes = nullptr);
};

struct RevocationItem {
  std::string yzbm;
  std::string device_code;      // sample only
  std::string enc_device_code;  // sample only
};

struct RevocationRequest {
  RequestHeader header;
  std::vector<RevocationItem> items;
  Json to_json() const;
  static Result<RevocationRequest> from_json(const Json& message, ParseNotes* notes = nullptr);
};

struct RevocationResponse {
  ResponseHeader header;
  Json to_json() const;
  static Result<RevocationResponse> from_json(const Json& message, ParseNotes* notes = nullptr);
};

// A request header for `id` with a fresh tokenInfo and transId.
RequestHeader new_request_header(Interface id, std::string initiator_cert_base64,
                                 std::string seal_carrier);
// A response header for `id` with the given result.
ResponseHeader make_response_header(Interface id, std::string result_code, std::string message);

// Which interface a request is, from its taskCode (trailing spaces ignored).
// Errors: protocol.message.bad_task_code.
Result<Interface> request_interface(const Json& message);

}  // namespace gmseal::protocol
