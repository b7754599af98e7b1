#include "crypto/gmt0015.h"

#include "validate/id_number.h"
#include "validate/uscc.h"

namespace gmseal::crypto {

std::string_view to_string(SubjectKind kind) {
  return kind == SubjectKind::kUnit ? "unit" : "personal";
}

namespace {

// The subject rules of GM/T 0015: T, 2.5.4.1 (equal to T), G and CN (equal to G) present; with a
// kind, T must also be a valid unified social credit code (unit) or ID number (personal). Rule
// names are "<kind>.<rule>", or "subject.<rule>" without a kind. `missing` (when given) receives
// the short names of the absent attributes.
std::vector<SubjectRuleViolation> check_subject(const DistinguishedName& name,
                                                std::optional<SubjectKind> kind,
                                                std::vector<std::string>* missing) {
  std::vector<SubjectRuleViolation> out;
  const std::string prefix = kind ? std::string(to_string(*kind)) : "subject";
  const std::string what = !kind                         ? "unified social credit code (unit) or "
                                                           "the ID number (personal)"
                           : *kind == SubjectKind::kUnit ? "unified social credit code"
                                                         : "ID number";
  const std::string holder = !kind                         ? "unit's or the person's name"
                             : *kind == SubjectKind::kUnit ? "unit name"
                                                           : "person's name";
  const std::string t = name.get(kOidTitle);
  const std::string aliased = name.get(kOidAliasedEntryName);
  const std::string g = name.get(kOidGivenName);
  const std::string cn = name.get(kOidCommonName);
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
    const Status code_ok = *kind == SubjectKind::kUnit ? validate::check_uscc(t, "T")
                                                       : validate::check_id_number(t, "T");
    if (!code_ok.ok())
      add(*kind == SubjectKind::kUnit ? "t_is_uscc" : "t_is_id_number",
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

std::vector<SubjectRuleViolation> check_gmt0015_subject(const DistinguishedName& name,
                                                        SubjectKind kind) {
  return check_subject(name, kind, nullptr);
}

std::optional<SubjectKind> guess_subject_kind(const DistinguishedName& name) {
  const std::string t = name.get(kOidTitle);
  if (t.empty()) return std::nullopt;
  if (validate::check_id_number(t).ok()) return SubjectKind::kPersonal;
  return SubjectKind::kUnit;
}

SubjectConformance assess_gmt0015_subject(const DistinguishedName& name) {
  SubjectConformance out;
  out.kind = guess_subject_kind(name);
  if (out.kind) {
    out.violations = check_gmt0015_subject(name, *out.kind);
    const std::string kind(to_string(*out.kind));
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

Result<DistinguishedName> make_gmt0015_subject(SubjectKind kind, std::string_view name,
                                               std::string_view code) {
  if (name.empty())
    return make_error("crypto.cert.bad_subject", "the subject name is empty", "name");
  const Status code_ok = kind == SubjectKind::kUnit ? validate::check_uscc(code, "id")
                                                    : validate::check_id_number(code, "id");
  if (!code_ok.ok()) {
    return make_error(
        "crypto.cert.bad_subject",
        std::string("a ") + std::string(to_string(kind)) + " certificate needs a valid " +
            (kind == SubjectKind::kUnit ? "unified social credit code" : "resident ID number") +
            " in --id: " + code_ok.error().message,
        "id");
  }
  DistinguishedName dn;
  dn.attributes = {{std::string(kOidCountry), "C", "CN"},
                   {std::string(kOidTitle), "T", std::string(code)},
                   {std::string(kOidAliasedEntryName), "2.5.4.1", std::string(code)},
                   {std::string(kOidGivenName), "G", std::string(name)},
                   {std::string(kOidCommonName), "CN", std::string(name)}};
  return dn;
}

}  // namespace gmseal::crypto
