// GM/T 0015 certificate subject rules as the provincial access specification states them:
//   unit certificate:     T and 2.5.4.1 = unified social credit code; G and CN = unit name.
//   personal certificate: T and 2.5.4.1 = ID number;                  G and CN = person's name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crypto/certificate.h"

namespace gmseal::crypto {

enum class SubjectKind { kUnit, kPersonal };

struct SubjectRuleViolation {
  std::string rule;     // stable id, e.g. "unit.t_is_uscc"
  std::string message;  // what is wrong, with the values found
};

// Every rule `name` breaks for `kind` (empty = conforms).
std::vector<SubjectRuleViolation> check_gmt0015_subject(const DistinguishedName& name,
                                                        SubjectKind kind);

// Guesses the kind from T (an 18-character code with letters or matching USCC rules is a unit;
// a valid ID number is personal). Returns nullopt when T is absent.
std::optional<SubjectKind> guess_subject_kind(const DistinguishedName& name);

// C=CN, then T, 2.5.4.1, G, CN as the rules require. Errors: crypto.cert.bad_subject (the code
// fails its check, or the name is empty), field "id" or "name".
Result<DistinguishedName> make_gmt0015_subject(SubjectKind kind, std::string_view name,
                                               std::string_view code);

std::string_view to_string(SubjectKind kind);

// The GM/T 0015 verdict on a subject whose kind is not known in advance (gmseal cert show).
struct SubjectConformance {
  // Guessed from T; nullopt when T is absent (the subject is neither kind).
  std::optional<SubjectKind> kind;
  // One sentence, e.g. "conforms to the unit rules" or "not a GM/T 0015 unit or personal
  // certificate: T missing, 2.5.4.1 missing, G missing".
  std::string summary;
  // check_gmt0015_subject for the guessed kind; without a kind the rules both kinds share
  // (rules "subject.t_present", "subject.aliased_present", "subject.g_present", ...).
  std::vector<SubjectRuleViolation> violations;
};
SubjectConformance assess_gmt0015_subject(const DistinguishedName& name);

}  // namespace gmseal::crypto
