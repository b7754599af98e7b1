// The seal status service of the first-level emulator. The specification defines no status
// interface between the levels; gmseal's design (docs/province-protocol.md, "Status service")
// reuses the envelope of the table interfaces:
//
//   GET  {base}/gb/seal/status?yzbm=CODE   signed reply, taskCode querySealStatus,
//                                          data {yzbm, sealStatus, statusTime, orgCode}
//   POST {base}/gb/seal/status/change      signed request, taskCode changeSealStatus,
//                                          taskTypeCode 21, extendData as the table interfaces,
//                                          data {yzbm, action, reason}; only the owner may ask
//   GET  {base}/gb/seal/revocationList     signed reply, taskCode revocationList, data
//                                          {version, thisUpdate, nextUpdate, entries[{yzbm,
//                                          sealStatus, statusTime}]} of every seal not valid
//
// Status values: valid, frozen, lost, cancelled, revoked. Actions: freeze (valid -> frozen),
// unfreeze (frozen -> valid), loss (valid|frozen -> lost), cancel (valid|frozen|lost ->
// cancelled). revoked and cancelled are final.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/messages.h"

namespace gmseal::protocol {

inline constexpr std::string_view kStatusQueryPath = "/gb/seal/status";
inline constexpr std::string_view kStatusChangePath = "/gb/seal/status/change";
inline constexpr std::string_view kRevocationListPath = "/gb/seal/revocationList";
inline constexpr std::string_view kStatusChangeTaskCode = "changeSealStatus";
inline constexpr std::string_view kStatusChangeTaskType = "21";

// The status after `action` from `status`, or nullopt when the transition is not allowed (or
// the action is unknown).
std::optional<std::string> status_after(std::string_view status, std::string_view action);
bool is_known_action(std::string_view action);

struct StatusChangeRequest {
  RequestHeader header;
  std::string yzbm;
  std::string action;  // freeze | unfreeze | loss | cancel
  std::string reason;
  Json to_json() const;
  // Errors: protocol.message.* as messages.h; protocol.message.bad_action.
  static Result<StatusChangeRequest> from_json(const Json& message);
};
StatusChangeRequest new_status_change(std::string initiator_cert_base64, std::string yzbm,
                                      std::string action, std::string reason);

struct SealStatusInfo {
  std::string yzbm;
  std::string seal_status;
  std::string status_time;  // yyyy-MM-dd HH:mm:ss
  std::string org_code;
};

struct RevocationList {
  std::string version;  // increases with every status change
  std::string this_update;
  std::string next_update;
  std::vector<SealStatusInfo> entries;  // org_code unused
  Json to_json() const;                 // the `data` member
  static Result<RevocationList> from_json(const Json& data);
};

}  // namespace gmseal::protocol
