// GM/T 0015 certificate subject rules as the provincial access specification states them:
//   unit certificate:     T and 2.5.4.1 = unified social credit code; G and CN = unit name.
//   personal certificate: T and 2.5.4.1 = ID number;                  G and CN = person's name.
// They live in validate, not crypto, because they need the code checks (USCC and ID number
// check characters); crypto only lays the subject out (crypto/gmt0015.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/cert_builder.h"
#include "crypto/certificate.h"
#include "crypto/gmt0015.h"
#include "util/error.h"

namespace gmseal::validate {

struct SubjectRuleViolation {
  std::string rule;     // stable id, e.g. "unit.t_is_uscc"
  std::string message;  // what is wrong, with the values found
};

// Every rule `name` breaks for `kind` (empty = conforms).
std::vector<SubjectRuleViolation> check_gmt0015_subject(const crypto::DistinguishedName& name,
                                                        crypto::SubjectKind kind);

// Guesses the kind from T (an 18-character code with letters or matching USCC rules is a unit;
// a valid ID number is personal). Returns nullopt when T is absent.
std::optional<crypto::SubjectKind> guess_subject_kind(const crypto::DistinguishedName& name);

// The GM/T 0015 verdict on a subject whose kind is not known in advance (gmseal cert show).
struct SubjectConformance {
  // Guessed from T; nullopt when T is absent (the subject is neither kind).
  std::optional<crypto::SubjectKind> kind;
  // One sentence, e.g. "conforms to the unit rules" or "not a GM/T 0015 unit or personal
  // certificate: T missing, 2.5.4.1 missing, G missing".
  std::string summary;
  // check_gmt0015_subject for the guessed kind; without a kind the rules both kinds share
  // (rules "subject.t_present", "subject.aliased_present", "subject.g_present", ...).
  std::vector<SubjectRuleViolation> violations;
};
SubjectConformance assess_gmt0015_subject(const crypto::DistinguishedName& name);

// What must hold before a certificate is issued from `spec`: unit and personal certificates
// need a valid unified social credit code or ID number in id_code; organisation certificates
// (CA, maker, system, TSA) that carry a code follow the unit rule. Errors:
// crypto.cert.bad_subject, field "id" or "name".
Status check_cert_template(const crypto::CertTemplate& spec);

}  // namespace gmseal::validate
