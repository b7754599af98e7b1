#include "server/workflow/application_validation.h"

#include "server/workflow/request_package_check.h"
#include "util/bytes.h"
#include "util/json_text.h"
#include "validate/id_number.h"
#include "validate/mobile.h"
#include "validate/region_code.h"
#include "validate/seal_code.h"
#include "validate/seal_fields.h"
#include "validate/seal_image.h"
#include "validate/signer_cert.h"
#include "validate/uscc.h"

namespace gmseal::server {

namespace {

using nlohmann::json;

// A field of the wrong shape (missing, wrong JSON type, unknown choice): no validate.* rule.
Error invalid(const std::string& path, const std::string& message) {
  return make_error("invalid_field", message, path);
}

// Points a validate.* error at the JSON path of the field. The API answers it as invalid_field
// with the validate.* code as "rule" (http/api_error.h).
Error relabel(const Error& error, const std::string& path) {
  return make_error(error.code, error.message, path);
}

Result<std::string> required_string(const json& object, const std::string& key,
                                    const std::string& path) {
  const std::string full = path.empty() ? key : path + "." + key;
  if (!object.is_object() || !object.contains(key)) return invalid(full, full + " is required");
  const json& value = object.at(key);
  if (!value.is_string()) return invalid(full, full + " must be a string");
  const std::string text = value.get<std::string>();
  if (text.empty()) return invalid(full, full + " must not be empty");
  return text;
}

Result<const json*> required_object(const json& body, const std::string& key) {
  if (!body.contains(key)) return invalid(key, key + " is required");
  if (!body.at(key).is_object()) return invalid(key, key + " must be an object");
  return &body.at(key);
}

Status check_person(const json& body, const std::string& key) {
  GMSEAL_ASSIGN_OR_RETURN(const json* person, required_object(body, key));
  GMSEAL_RETURN_IF_ERROR(required_string(*person, "name", key));
  GMSEAL_ASSIGN_OR_RETURN(const std::string id, required_string(*person, "idNumber", key));
  if (auto s = validate::check_id_number(id); !s.ok()) return relabel(s.error(), key + ".idNumber");
  GMSEAL_ASSIGN_OR_RETURN(const std::string mobile, required_string(*person, "mobile", key));
  if (auto s = validate::check_mobile(mobile); !s.ok()) return relabel(s.error(), key + ".mobile");
  return {};
}

Result<std::string> size_text(const json& seal, const std::string& key) {
  const std::string path = "seal." + key;
  if (!seal.contains(key)) return invalid(path, path + " is required");
  const json& value = seal.at(key);
  std::string text;
  if (value.is_number()) {
    text = json_text(value);
  } else if (value.is_string()) {
    text = value.get<std::string>();
  } else {
    return invalid(path, path + " must be a number of millimetres");
  }
  if (auto parsed = validate::parse_seal_size(text, key); !parsed.ok())
    return relabel(parsed.error(), path);
  return text;
}

// The seal part; `partial` (for change/renew/replace overrides) checks only what is present.
Status check_seal(const json& seal, bool partial, const std::string& uscc, Time at) {
  auto present = [&](const char* key) { return !partial || seal.contains(key); };
  if (present("name")) {
    GMSEAL_ASSIGN_OR_RETURN(const std::string name, required_string(seal, "name", "seal"));
    if (auto s = validate::check_seal_name(name); !s.ok()) return relabel(s.error(), "seal.name");
  }
  if (present("category")) {
    GMSEAL_ASSIGN_OR_RETURN(const std::string category, required_string(seal, "category", "seal"));
    if (auto s = validate::check_seal_category(category); !s.ok())
      return relabel(s.error(), "seal.category");
  }
  if (present("widthMm")) GMSEAL_RETURN_IF_ERROR(size_text(seal, "widthMm"));
  if (present("heightMm")) GMSEAL_RETURN_IF_ERROR(size_text(seal, "heightMm"));
  if (present("imagePng")) {
    GMSEAL_ASSIGN_OR_RETURN(const std::string image, required_string(seal, "imagePng", "seal"));
    auto png = base64_decode(image);
    if (!png.ok())
      return invalid("seal.imagePng", "seal.imagePng is not base64: " + png.error().message);
    const std::vector<Error> problems = validate::seal_image_violations(*png);
    if (!problems.empty()) return relabel(problems.front(), "seal.imagePng");
  }
  if (present("carrier")) {
    GMSEAL_ASSIGN_OR_RETURN(const std::string carrier, required_string(seal, "carrier", "seal"));
    if (carrier != "ukey" && carrier != "server") {
      return invalid("seal.carrier", "seal.carrier must be \"ukey\" or \"server\"");
    }
  }
  if (present("validFrom") || present("validTo")) {
    GMSEAL_ASSIGN_OR_RETURN(const std::string from, required_string(seal, "validFrom", "seal"));
    GMSEAL_ASSIGN_OR_RETURN(const std::string to, required_string(seal, "validTo", "seal"));
    if (auto t = validate::parse_wire_time(from, "validFrom"); !t.ok())
      return relabel(t.error(), "seal.validFrom");
    if (auto t = validate::parse_wire_time(to, "validTo"); !t.ok())
      return relabel(t.error(), "seal.validTo");
    if (auto s = validate::check_validity_period(from, to); !s.ok())
      return relabel(s.error(), "seal.validTo");
  }
  if (seal.contains("signerCertPem") && !seal.at("signerCertPem").is_null()) {
    if (!seal.at("signerCertPem").is_string()) {
      return invalid("seal.signerCertPem", "seal.signerCertPem must be a PEM string");
    }
    auto cert = crypto::Certificate::from_pem(seal.at("signerCertPem").get<std::string>());
    if (!cert.ok()) {
      return make_error(
          "validate.sign_cert.parse",
          "seal.signerCertPem is not a PEM X.509 certificate: " + cert.error().message,
          "seal.signerCertPem");
    }
    const std::vector<Error> problems = validate::signer_certificate_violations(*cert, at);
    if (!problems.empty()) return relabel(problems.front(), "seal.signerCertPem");
    // The certificate must belong to the applying unit.
    const std::string t = cert->subject().get(crypto::kOidTitle);
    if (!uscc.empty() && t != uscc) {
      return invalid("seal.signerCertPem", "the signer certificate's T (" + t +
                                               ") is not the unit's credit code (" + uscc + ")");
    }
  }
  return {};
}

}  // namespace

Result<std::string> normalize_unit_type(std::string_view text) {
  if (text == "government" || text == "国家行政机关") return std::string("government");
  if (text == "enterprise" || text == "企业事业单位") return std::string("enterprise");
  if (text == "social" || text == "社会团体") return std::string("social");
  return invalid("unit.unitType",
                 "unit.unitType must be government (国家行政机关), enterprise (企业事业单位) or "
                 "social (社会团体)");
}

Status validate_application(ApplicationKind kind, const json& body, Time at) {
  if (kind != ApplicationKind::kNew) {
    GMSEAL_RETURN_IF_ERROR(required_string(body, "sealCode", ""));
    if (auto parsed = validate::SealCode::parse(body.at("sealCode").get<std::string>());
        !parsed.ok()) {
      return relabel(parsed.error(), "sealCode");
    }
    if (body.contains("reason") && !body.at("reason").is_string()) {
      return invalid("reason", "reason must be a string");
    }
    if (body.contains("seal")) {
      if (!body.at("seal").is_object()) return invalid("seal", "seal must be an object");
      if (body.at("seal").contains("requestPackage")) {
        return invalid(kRequestPackageField, "a request package goes with a new application");
      }
      GMSEAL_RETURN_IF_ERROR(check_seal(body.at("seal"), true, "", at));
    }
    return {};
  }
  GMSEAL_ASSIGN_OR_RETURN(const json* unit, required_object(body, "unit"));
  GMSEAL_ASSIGN_OR_RETURN(const std::string uscc, required_string(*unit, "uscc", "unit"));
  if (auto s = validate::check_uscc(uscc); !s.ok()) return relabel(s.error(), "unit.uscc");
  GMSEAL_ASSIGN_OR_RETURN(const std::string region, required_string(*unit, "regionCode", "unit"));
  if (auto s = validate::check_region_code(region); !s.ok())
    return relabel(s.error(), "unit.regionCode");
  GMSEAL_ASSIGN_OR_RETURN(const std::string unit_type, required_string(*unit, "unitType", "unit"));
  GMSEAL_RETURN_IF_ERROR(normalize_unit_type(unit_type));
  GMSEAL_RETURN_IF_ERROR(required_string(*unit, "name", "unit"));
  GMSEAL_RETURN_IF_ERROR(required_string(*unit, "address", "unit"));
  GMSEAL_RETURN_IF_ERROR(check_person(body, "legalRep"));
  GMSEAL_RETURN_IF_ERROR(check_person(body, "agent"));
  GMSEAL_ASSIGN_OR_RETURN(const json* approver, required_object(body, "approver"));
  GMSEAL_RETURN_IF_ERROR(required_string(*approver, "name", "approver"));
  GMSEAL_ASSIGN_OR_RETURN(const std::string approver_region,
                          required_string(*approver, "regionCode", "approver"));
  if (auto s = validate::check_region_code(approver_region); !s.ok()) {
    return relabel(s.error(), "approver.regionCode");
  }
  GMSEAL_ASSIGN_OR_RETURN(const json* seal, required_object(body, "seal"));
  GMSEAL_RETURN_IF_ERROR(check_seal(*seal, false, uscc, at));
  if (seal->contains("requestPackage")) {
    if (seal->contains("signerCertPem")) {
      return invalid(kRequestPackageField,
                     "seal.requestPackage and seal.signerCertPem exclude each other: the package "
                     "asks the platform to certify the system's key");
    }
    GMSEAL_RETURN_IF_ERROR(check_request_package(body, at));
  }
  return {};
}

}  // namespace gmseal::server
