#include "server/workflow/request_package_check.h"

#include "util/bytes.h"

namespace gmseal::server {

namespace {

Error refuse(const std::string& message) {
  return make_error("invalid_field", "seal.requestPackage: " + message, kRequestPackageField);
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
    return refuse("must be the package's DER in base64");
  }
  if (text_at(seal, "carrier") != "server") {
    return refuse(
        "a request package goes with seal.carrier \"server\" (the key is in the seal "
        "application system)");
  }
  auto der = base64_decode(seal.at("requestPackage").get<std::string>());
  if (!der.ok()) return refuse("not base64: " + der.error().message);
  auto package = protocol::SealRequestPackage::parse(*der);
  if (!package.ok()) {
    return refuse(package.error().message + " (" + package.error().code + ")");
  }
  if (auto verified = package->verify(); !verified.ok()) {
    return refuse(verified.error().message + " (" + verified.error().code + ")");
  }
  const protocol::SealRequestInfo& info = package->info();
  if (info.unit_uscc != text_at(unit, "uscc")) {
    return refuse("the package is for the unit " + info.unit_uscc + ", the application for " +
                  text_at(unit, "uscc") + " (protocol.request_package.uscc_mismatch)");
  }
  if (info.seal_name != text_at(seal, "name")) {
    return refuse("the package asks for the seal '" + info.seal_name +
                  "', the application names '" + text_at(seal, "name") +
                  "' (protocol.request_package.seal_mismatch)");
  }
  if (info.seal_category != text_at(seal, "category")) {
    return refuse("the package asks for category " + info.seal_category + ", the application for " +
                  text_at(seal, "category") + " (protocol.request_package.seal_mismatch)");
  }
  if (info.created_at > at + std::chrono::minutes(5)) {
    return refuse("createdAt lies in the future (protocol.request_package.stale)");
  }
  if (info.created_at + kRequestPackageMaxAge < at) {
    return refuse("createdAt is more than 30 days old (protocol.request_package.stale)");
  }
  return package;
}

}  // namespace gmseal::server
