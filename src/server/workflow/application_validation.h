// Validation of submitted applications, field by field, with the JSON path of the first bad
// field in Error::field ("unit.uscc", "seal.imagePng", ...). Uses the shared rules in
// src/validate, the same ones the provincial emulator applies.
#pragma once

#include <nlohmann/json.hpp>

#include "server/workflow/application.h"
#include "util/error.h"
#include "util/time.h"

namespace gmseal::server {

// Unit types (单位类型) of the spec's application step d).
//   government 国家行政机关, enterprise 企业事业单位, social 社会团体
// The Chinese names are accepted too.
Result<std::string> normalize_unit_type(std::string_view text);

// Checks the whole body of an application of `kind` (a "new" one carries every item of the
// spec's step d); the others name "sealCode" and a "reason", and, for change / renew / replace,
// may override parts of the seal data). Errors carry the field path: invalid_field for a field of
// the wrong shape, else the validate.* code of the broken rule (answered as invalid_field + rule).
Status validate_application(ApplicationKind kind, const nlohmann::json& body, Time at);

}  // namespace gmseal::server
