#include "validate/gmt0015_subject.h"

#include "validate/id_number.h"
#include "validate/uscc.h"

namespace gmseal::validate {

namespace {

// The subject rules of GM/T 0015: T, 2.5.4.1 (equal to T), G and CN (equal to G) present; with a
// kind, T must also be a valid unified social credit code (unit) or ID number (personal). Rule
// names are "<kind>.<rule>", or "subject.<rule>" without a kind. `missing` (when given) receives
// the short names of the absent attributes.
std::vector<SubjectRuleViolation> check_subject(const crypto::DistinguishedName& name,
                                                std::optional<crypto::SubjectKind> kind,
                                                std::vector<std::string>* missing) {
  std::vector<SubjectRuleViolation> out;
  const std::string prefix = kind ? std::string(crypto::to_string(*kind)) : "subject";
  const std::string what = !kind ? "unified social credit code (unit) or "
                                   "the ID number (personal)"
                           : *kind == crypto::SubjectKind::kUnit ? "unified social credit code"
                                                                 : "ID number";
  const std::string holder = !kind                                 ? "unit's or the person's name"
                             : *kind == crypto::SubjectKind::kUnit ? "unit name"
                                                                   : "person's name";
  const std::string t = name.get(crypto::kOidTitle);
  const std::string aliased = name.get(crypto::kOidAliasedEntryName);
  const std::string g = name.get(crypto::kOidGivenName);
  const std::string cn = name.get(crypto::kOidCommonName);
  auto add = [&](const std::string& rule, const std::string& message) {
    out.push_back({prefix + "." + rule, message});
  };
  auto absent = [missing](const char* attribute) {
    if (missing != nullptr) missing->push_back(attribute);
  };
  if (t.empty()) {
    absent("T");
    add("t_present", "subject has no T (2.5.4.12) attribute; it must hold the " + what);
  } else if (kind) {
    const Status code_ok =
        *kind == crypto::SubjectKind::kUnit ? check_uscc(t, "T") : check_id_number(t, "T");
    if (!code_ok.ok())
      add(*kind == crypto::SubjectKind::kUnit ? "t_is_uscc" : "t_is_id_number",
          "T (2.5.4.12) is not a valid " + what + ": " + code_ok.error().message);
  }
  if (aliased.empty()) {
    absent("2.5.4.1");
    add("aliased_present", "subject has no 2.5.4.1 attribute; it must hold the " + what);
  } else if (aliased != t) {
    add("aliased_equals_t", "2.5.4.1 ('" + aliased + "') differs from T ('" + t + "')");
  }
  if (g.empty()) {
    absent("G");
    add("g_present", "subject has no G (2.5.4.42) attribute; it must hold the " + holder);
  }
  if (cn.empty()) {
    absent("CN");
    add("cn_present", "subject has no CN; it must hold the " + holder);
  } else if (!g.empty() && cn != g) {
    add("cn_equals_g", "CN ('" + cn + "') differs from G ('" + g + "')");
  }
  return out;
}

}  // namespace

std::vector<SubjectRuleViolation> check_gmt0015_subject(const crypto::DistinguishedName& name,
                                                        crypto::SubjectKind kind) {
  return check_subject(name, kind, nullptr);
}

std::optional<crypto::SubjectKind> guess_subject_kind(const crypto::DistinguishedName& name) {
  const std::string t = name.get(crypto::kOidTitle);
  if (t.empty()) return std::nullopt;
  if (check_id_number(t).ok()) return crypto::SubjectKind::kPersonal;
  return crypto::SubjectKind::kUnit;
}

SubjectConformance assess_gmt0015_subject(const crypto::DistinguishedName& name) {
  SubjectConformance out;
  out.kind = guess_subject_kind(name);
  if (out.kind) {
    out.violations = check_gmt0015_subject(name, *out.kind);
    const std::string kind(crypto::to_string(*out.kind));
    out.summary = out.violations.empty() ? "conforms to the " + kind + " certificate rules"
                                         : "breaks " + std::to_string(out.violations.size()) +
                                               " of the " + kind + " certificate rules";
    return out;
  }
  std::vector<std::string> missing;
  out.violations = check_subject(name, std::nullopt, &missing);
  out.summary = "not a GM/T 0015 unit or personal certificate: ";
  for (std::size_t i = 0; i < missing.size(); ++i) {
    out.summary += (i == 0 ? "" : ", ") + missing[i] + " missing";
  }
  return out;
}

Status check_cert_template(const crypto::CertTemplate& spec) {
  const bool personal = spec.profile == crypto::CertProfile::kPersonal;
  const bool unit_rule =
      spec.profile == crypto::CertProfile::kUnit || (!personal && !spec.id_code.empty());
  if (!personal && !unit_rule) return {};
  if (spec.name.empty()) {
    return make_error("crypto.cert.bad_subject", "the subject name is empty", "name");
  }
  const Status code_ok =
      personal ? check_id_number(spec.id_code, "id") : check_uscc(spec.id_code, "id");
  if (code_ok.ok()) return {};
  return make_error("crypto.cert.bad_subject",
                    std::string("a ") + (personal ? "personal" : "unit") +
                        " certificate needs a valid " +
                        (personal ? "resident ID number" : "unified social credit code") +
                        " in --id: " + code_ok.error().message,
                    "id");
}

}  // namespace gmseal::validate
