#include "server/workflow/request_package_check.h"

#include "util/bytes.h"

namespace gmseal::server {

namespace {

// The API answers these as invalid_field at seal.requestPackage with `code` as the rule.
Error refuse(const std::string& code, const std::string& message) {
  return make_error(code, "seal.requestPackage: " + message, kRequestPackageField);
}

std::string text_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object.at(key).is_string()) return {};
  return object.at(key).get<std::string>();
}

}  // namespace

Result<protocol::SealRequestPackage> check_request_package(const nlohmann::json& body, Time at) {
  const nlohmann::json seal = body.value("seal", nlohmann::json::object());
  const nlohmann::json unit = body.value("unit", nlohmann::json::object());
  if (!seal.contains("requestPackage") || !seal.at("requestPackage").is_string()) {
    return refuse("protocol.request_package.malformed", "must be the package's DER in base64");
  }
  if (text_at(seal, "carrier") != "server") {
    return refuse("protocol.request_package.carrier",
                  "a request package goes with seal.carrier \"server\" (the key is in the seal "
                  "application system)");
  }
  auto der = base64_decode(seal.at("requestPackage").get<std::string>());
  if (!der.ok()) {
    return refuse("protocol.request_package.malformed", "not base64: " + der.error().message);
  }
  auto package = protocol::SealRequestPackage::parse(*der);
  if (!package.ok()) {
    return refuse(package.error().code, package.error().message);
  }
  if (auto verified = package->verify(); !verified.ok()) {
    return refuse(verified.error().code, verified.error().message);
  }
  const protocol::SealRequestInfo& info = package->info();
  if (info.unit_uscc != text_at(unit, "uscc")) {
    return refuse("protocol.request_package.uscc_mismatch",
                  "the package is for the unit " + info.unit_uscc + ", the application for " +
                      text_at(unit, "uscc"));
  }
  if (info.seal_name != text_at(seal, "name")) {
    return refuse("protocol.request_package.seal_mismatch",
                  "the package asks for the seal '" + info.seal_name +
                      "', the application names '" + text_at(seal, "name") + "'");
  }
  if (info.seal_category != text_at(seal, "category")) {
    return refuse("protocol.request_package.seal_mismatch",
                  "the package asks for category " + info.seal_category + ", the application for " +
                      text_at(seal, "category"));
  }
  if (info.created_at > at + std::chrono::minutes(5)) {
    return refuse("protocol.request_package.stale", "createdAt lies in the future");
  }
  if (info.created_at + kRequestPackageMaxAge < at) {
    return refuse("protocol.request_package.stale", "createdAt is more than 30 days old");
  }
  return package;
}

}  // namespace gmseal::server
