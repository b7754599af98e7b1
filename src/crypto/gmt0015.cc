#include "crypto/gmt0015.h"

namespace gmseal::crypto {

std::string_view to_string(SubjectKind kind) {
  return kind == SubjectKind::kUnit ? "unit" : "personal";
}

Result<DistinguishedName> make_gmt0015_subject(SubjectKind kind, std::string_view name,
                                               std::string_view code) {
  if (name.empty())
    return make_error("crypto.cert.bad_subject", "the subject name is empty", "name");
  if (code.empty()) {
    return make_error(
        "crypto.cert.bad_subject",
        std::string("a ") + std::string(to_string(kind)) + " certificate needs " +
            (kind == SubjectKind::kUnit ? "a unified social credit code" : "a resident ID number") +
            " in --id",
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
