#include "server/workflow/application.h"

#include <array>

namespace gmseal::server {

namespace {
constexpr std::array<std::pair<ApplicationKind, std::string_view>, 9> kKinds = {{
    {ApplicationKind::kNew, "new"},
    {ApplicationKind::kChange, "change"},
    {ApplicationKind::kLoss, "loss"},
    {ApplicationKind::kCancel, "cancel"},
    {ApplicationKind::kRenew, "renew"},
    {ApplicationKind::kReplace, "replace"},
    {ApplicationKind::kUnlock, "unlock"},
    {ApplicationKind::kFreeze, "freeze"},
    {ApplicationKind::kUnfreeze, "unfreeze"},
}};
constexpr std::array<std::pair<ApplicationStatus, std::string_view>, 7> kStatuses = {{
    {ApplicationStatus::kSubmitted, "submitted"},
    {ApplicationStatus::kApproved, "approved"},
    {ApplicationStatus::kMaking, "making"},
    {ApplicationStatus::kReady, "ready"},
    {ApplicationStatus::kDelivered, "delivered"},
    {ApplicationStatus::kRejected, "rejected"},
    {ApplicationStatus::kFailed, "failed"},
}};
}  // namespace

std::string_view to_string(ApplicationKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "unknown";
}

Result<ApplicationKind> parse_application_kind(std::string_view text) {
  for (const auto& [k, name] : kKinds) {
    if (name == text) return k;
  }
  return make_error("invalid_field",
                    "unknown application kind '" + std::string(text) +
                        "' (new, change, loss, cancel, renew, replace, unlock, freeze, unfreeze)",
                    "kind");
}

std::string_view to_string(ApplicationStatus status) {
  for (const auto& [s, name] : kStatuses) {
    if (s == status) return name;
  }
  return "unknown";
}

Result<ApplicationStatus> parse_application_status(std::string_view text) {
  for (const auto& [s, name] : kStatuses) {
    if (name == text) return s;
  }
  return make_error("store.corrupt", "unknown application status '" + std::string(text) + "'");
}

bool application_transition_allowed(ApplicationStatus from, ApplicationStatus to) {
  using S = ApplicationStatus;
  switch (from) {
    case S::kSubmitted:
      return to == S::kApproved || to == S::kRejected;
    case S::kApproved:
      return to == S::kMaking || to == S::kFailed || to == S::kReady;
    case S::kMaking:
      return to == S::kReady || to == S::kFailed;
    case S::kReady:
      return to == S::kDelivered;
    case S::kFailed:
      return to == S::kMaking;  // a retry after the cause was fixed
    case S::kDelivered:
    case S::kRejected:
      return false;
  }
  return false;
}

bool kind_makes_seal(ApplicationKind kind) {
  return kind == ApplicationKind::kNew || kind == ApplicationKind::kChange ||
         kind == ApplicationKind::kLoss || kind == ApplicationKind::kRenew ||
         kind == ApplicationKind::kReplace;
}

bool kind_targets_seal(ApplicationKind kind) { return kind != ApplicationKind::kNew; }

nlohmann::json Application::to_json() const {
  nlohmann::json history_json = nlohmann::json::array();
  for (const HistoryEntry& h : history) {
    history_json.push_back(
        {{"at", format_iso8601(h.at)},
         {"actor", h.actor},
         {"from", h.from_status.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.from_status)},
         {"to", h.to_status},
         {"note", h.note}});
  }
  nlohmann::json out = {
      {"id", id},
      {"kind", to_string(kind)},
      {"status", to_string(status)},
      {"sealCode", seal_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(seal_code)},
      {"targetSealCode",
       target_seal.empty() ? nlohmann::json(nullptr) : nlohmann::json(target_seal)},
      {"reason", reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(reason)},
      {"createdBy", created_by},
      {"createdAt", format_iso8601(created_at)},
      {"updatedAt", format_iso8601(updated_at)},
      {"request", payload},
      {"history", history_json}};
  // The image is large and already known to the caller; show its size only.
  if (out["request"].contains("seal") && out["request"]["seal"].contains("imagePng")) {
    out["request"]["seal"]["imagePng"] =
        "<" + std::to_string(out["request"]["seal"]["imagePng"].get<std::string>().size()) +
        " base64 chars>";
  }
  return out;
}

}  // namespace gmseal::server
