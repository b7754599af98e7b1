// The layout of a GM/T 0015 certificate subject: C=CN, then T and 2.5.4.1 (the unified social
// credit code or ID number), G and CN (the unit's or person's name). Whether the code is valid,
// and the rule checks on existing subjects, are validate's (validate/gmt0015_subject.h).
#pragma once

#include <string_view>

#include "crypto/certificate.h"

namespace gmseal::crypto {

enum class SubjectKind { kUnit, kPersonal };

std::string_view to_string(SubjectKind kind);

// C=CN, T, 2.5.4.1, G, CN. Errors: crypto.cert.bad_subject when the name (field "name") or the
// code (field "id") is empty; the code's check character is validate::check_cert_template's job.
Result<DistinguishedName> make_gmt0015_subject(SubjectKind kind, std::string_view name,
                                               std::string_view code);

}  // namespace gmseal::crypto
