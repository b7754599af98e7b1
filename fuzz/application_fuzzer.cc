// Parses any input as a seal application posted to the platform (POST /api/v1/applications):
// JSON, its kind, and every field rule of src/validate through the server's validation. A bad
// application must give an invalid_field (or validate.*) error naming the field, never a crash or
// an exception.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "server/workflow/application.h"
#include "server/workflow/application_validation.h"

using namespace gmseal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto body = nlohmann::json::parse(
      std::string_view(reinterpret_cast<const char*>(data), size), nullptr, false);
  if (body.is_discarded()) return 0;
  const Time at = now();
  for (const char* kind :
       {"new", "change", "loss", "cancel", "renew", "replace", "unlock", "freeze", "unfreeze"}) {
    auto parsed = server::parse_application_kind(kind);
    if (!parsed.ok()) __builtin_trap();
    const Status verdict = server::validate_application(*parsed, body, at);
    // The rule's own code (validate.*) or invalid_field; the API edge answers both as
    // invalid_field.
    if (!verdict.ok() && verdict.error().code != "invalid_field" &&
        verdict.error().code.rfind("validate.", 0) != 0) {
      __builtin_trap();
    }
  }
  if (body.is_object() && body.contains("unitType") && body["unitType"].is_string()) {
    (void)server::normalize_unit_type(body["unitType"].get<std::string>());
  }
  return 0;
}
