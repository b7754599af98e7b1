// Seal applications: the kinds of the spec's seal-management chapter and their statuses.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"
#include "util/time.h"

namespace gmseal::server {

// new 新制, change 变更, loss 挂失补办, cancel 注销, renew 更新, replace 更换 (carrier),
// unlock UKey PIN 解锁, freeze 冻结, unfreeze 解冻.
enum class ApplicationKind {
  kNew,
  kChange,
  kLoss,
  kCancel,
  kRenew,
  kReplace,
  kUnlock,
  kFreeze,
  kUnfreeze
};

// submitted -> approved -> making -> ready -> delivered; submitted -> rejected;
// approved/making -> failed (with the reason).
enum class ApplicationStatus {
  kSubmitted,
  kApproved,
  kMaking,
  kReady,
  kDelivered,
  kRejected,
  kFailed
};

std::string_view to_string(ApplicationKind kind);
Result<ApplicationKind> parse_application_kind(std::string_view text);
std::string_view to_string(ApplicationStatus status);
Result<ApplicationStatus> parse_application_status(std::string_view text);

// Whether an application's status may move from `from` to `to`.
bool application_transition_allowed(ApplicationStatus from, ApplicationStatus to);

// Kinds that produce a new seal (and so need seal data and a signer certificate).
bool kind_makes_seal(ApplicationKind kind);
// Kinds that act on an existing seal named by "sealCode".
bool kind_targets_seal(ApplicationKind kind);

struct HistoryEntry {
  Time at{};
  std::string actor;
  std::string from_status;  // empty for the first entry
  std::string to_status;
  std::string note;
};

struct Application {
  std::string id;
  ApplicationKind kind = ApplicationKind::kNew;
  ApplicationStatus status = ApplicationStatus::kSubmitted;
  std::string seal_code;    // the seal this application made (when it makes one)
  std::string target_seal;  // the seal it acts on (change, loss, cancel, ...)
  nlohmann::json payload;   // the submitted body
  std::string reason;       // failure or rejection reason
  std::string created_by;
  Time created_at{};
  Time updated_at{};
  std::vector<HistoryEntry> history;

  nlohmann::json to_json() const;
};

}  // namespace gmseal::server
